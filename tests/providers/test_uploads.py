"""Uploads through the cache against the services' fakes: the same content goes up once per
service, the size limit is checked before any request, big files take the multipart (Tellers)
or signed-URL (ViddyScribe) route with flat memory, and the queue's runner resolves a job's
input files through the cache before it submits."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from app.providers.base import GenerationRequest, MediaInput, ProviderConfig
from app.providers.platform.adapter import Platform
from app.providers.tellers.adapter import Tellers
from app.providers.viddyscribe.adapter import ViddyScribe
from app.services.queue import JobSpec, JobState, Queue
from app.services.upload_limits import UploadRefused
from app.services.uploads import Uploads
from tests.fakes import platform as platform_fake
from tests.fakes import tellers as tellers_fake
from tests.fakes import viddyscribe as viddyscribe_fake
from tests.fakes.server import CdnOrigin

MiB = 1024 * 1024
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


def sparse(path: Path, size: int, head: bytes) -> Path:
    """A big file that costs no disk: the head, then a hole."""
    with open(path, "wb") as fh:
        fh.write(head)
        fh.truncate(size)
    return path


@pytest.fixture
def fake() -> Iterator[platform_fake.PlatformFake]:
    with platform_fake.create() as svc:
        yield svc


def image_uploads(fake) -> list:
    return fake.requests_to("POST", "/api/upload-image")


async def test_same_content_is_uploaded_once_whatever_its_name(studio, platform, fake, tmp_path):
    first = tmp_path / "hero.png"
    first.write_bytes(PNG)
    copy = tmp_path / "hero copy.png"
    shutil.copy(first, copy)
    uploads = Uploads(studio.db, lambda name: platform)
    a = await uploads.ensure_uploaded("platform", first)
    b = await uploads.ensure_uploaded("platform", copy)
    assert not a.cached and b.cached
    assert a.remote_id == b.remote_id and a.remote_id in fake.uploads
    assert len(image_uploads(fake)) == 1  # the fake saw one upload
    # the cache is in the library: a new session (restart) still knows
    again = await Uploads(studio.db, lambda name: platform).ensure_uploaded("platform", first)
    assert again.cached and len(image_uploads(fake)) == 1
    # other content is uploaded
    other = tmp_path / "other.png"
    other.write_bytes(PNG + b"!")
    assert not (await uploads.ensure_uploaded("platform", other)).cached
    assert len(image_uploads(fake)) == 2


async def test_an_image_over_the_platform_limit_is_refused_before_any_request(
        studio, platform, fake, tmp_path):
    big = sparse(tmp_path / "poster.png", 11 * MiB, PNG)
    with pytest.raises(UploadRefused) as refused:
        await Uploads(studio.db, lambda name: platform).ensure_uploaded("platform", big)
    assert str(refused.value).startswith(
        "poster.png is 11.0 MB; the platform takes images of at most 10 MB")
    assert fake.requests == []


async def test_a_service_without_uploads_is_refused(studio, tmp_path):
    from app.providers.animatic import Animatic

    f = tmp_path / "x.png"
    f.write_bytes(PNG)
    adapter = Animatic(ProviderConfig(name="animatic", base_url=""))
    with pytest.raises(UploadRefused, match="animatic does not take uploads"):
        await Uploads(studio.db, lambda name: adapter).ensure_uploaded("animatic", f)


class RssPeak:
    """Samples this process's resident memory in a thread while a transfer runs."""

    def __init__(self) -> None:
        self.proc = psutil.Process()
        self.start = self.proc.memory_info().rss
        self.peak = self.start
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.01):
            self.peak = max(self.peak, self.proc.memory_info().rss)

    def __enter__(self) -> RssPeak:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def growth(self) -> int:
        return self.peak - self.start


@pytest.mark.slow
async def test_200_mb_to_tellers_goes_multipart_with_flat_memory_and_once(
        studio, fast_retry, sleeps, tmp_path):
    path = sparse(tmp_path / "rushes.mp4", 200 * MiB, MP4_HEAD)
    progress: list[tuple[int, int | None]] = []
    with CdnOrigin(record_body_limit=0) as storage, \
            tellers_fake.create(storage=storage) as svc:
        adapter = Tellers(ProviderConfig(name="tellers", base_url=svc.base_url,
                                         api_key=tellers_fake.KEY, poll_interval=0.0),
                          retry=fast_retry, sleep=sleeps)
        uploads = Uploads(studio.db, lambda name: adapter)
        try:
            with RssPeak() as rss:
                done = await uploads.ensure_uploaded(
                    "tellers", path, on_progress=lambda d, t: progress.append((d, t)))
            again = await uploads.ensure_uploaded("tellers", path)
        finally:
            await adapter.aclose()
        assert done.plan.route == "multipart" and done.result.route == "multipart"
        assert "rushes.mp4 is 200.0 MB" in done.plan.note
        assert svc.assets[done.remote_id]["size"] == 200 * MiB
        assert len(svc.completed) == 1 and again.cached and len(svc.assets) == 1
    assert progress[-1] == (200 * MiB, 200 * MiB) and len(progress) > 5
    assert rss.growth < 64 * MiB, f"memory grew {rss.growth / MiB:.0f} MB while uploading"


@pytest.mark.slow
async def test_a_large_video_goes_to_viddyscribe_by_signed_url_with_flat_memory(
        studio, fast_retry, sleeps, tmp_path):
    path = sparse(tmp_path / "lecture.mp4", 48 * MiB, MP4_HEAD)
    with viddyscribe_fake.create() as svc:
        svc.storage.record_body_limit = 0
        adapter = ViddyScribe(ProviderConfig(name="viddyscribe", base_url=svc.base_url + "/",
                                             api_key=viddyscribe_fake.KEY, poll_interval=0.0),
                              retry=fast_retry, sleep=sleeps)
        try:
            with RssPeak() as rss:
                done = await Uploads(studio.db, lambda name: adapter).ensure_uploaded(
                    "viddyscribe", path)
        finally:
            await adapter.aclose()
        assert done.plan.route == "signed_url" and done.result.route == "signed_url"
        assert "over ViddyScribe's 32 MB direct upload limit" in done.plan.note
        assert svc.storage.uploads["med_1-lecture.mp4"].length == 48 * MiB
        assert not svc.storage.saw_auth()
    assert rss.growth < 48 * MiB


async def test_runner_uploads_a_reference_once_for_two_jobs_and_reports_progress(
        studio, fake, fast_retry, sleeps, tmp_path):
    picture = tmp_path / "still.png"
    picture.write_bytes(PNG)
    project = studio.create_project("Film")
    config = ProviderConfig(name="platform", base_url=fake.base_url,
                            api_key=platform_fake.API_KEY, poll_interval=0.001)
    adapter = Platform(config, retry=fast_retry, sleep=sleeps)
    queue = Queue(studio, lambda name: adapter, poll_interval=0.01)
    seen: list[tuple[JobState, float | None]] = []
    queue.job_changed.connect(lambda job: seen.append((job.state, job.percent)))
    request = GenerationRequest(model="wan-i2v", prompt="the still comes alive",
                                inputs=[MediaInput(role="image", path=str(picture))])
    try:
        for _ in range(2):
            await queue.enqueue([JobSpec(project.id, None, "platform", request)])
            await queue.run_until_idle()
    finally:
        await queue.stop()
        await adapter.aclose()
    assert len(image_uploads(fake)) == 1
    bodies = [r.json() for r in fake.requests_to("POST", "/api/generate")]
    assert len(bodies) == 2
    assert bodies[0]["image_filename"] == bodies[1]["image_filename"] in fake.uploads
    assert (JobState.SUBMITTING, 100.0) in seen  # "uploading 100%" while submitting
    jobs = queue.store.list(project_id=project.id)
    assert len(jobs) == 2 and all(j.handle is not None for j in jobs)  # both were sent


async def test_runner_fails_a_job_whose_reference_is_over_the_limit_without_sending(
        studio, fake, fast_retry, sleeps, tmp_path):
    big = sparse(tmp_path / "poster.png", 12 * MiB, PNG)
    project = studio.create_project("Film")
    adapter = Platform(ProviderConfig(name="platform", base_url=fake.base_url,
                                      api_key=platform_fake.API_KEY, poll_interval=0.001),
                       retry=fast_retry, sleep=sleeps)
    queue = Queue(studio, lambda name: adapter, poll_interval=0.01)
    request = GenerationRequest(model="wan-i2v", prompt="x",
                                inputs=[MediaInput(role="image", path=str(big))])
    try:
        (job,) = await queue.enqueue([JobSpec(project.id, None, "platform", request)])
        await queue.run_until_idle()
    finally:
        await queue.stop()
        await adapter.aclose()
    job = queue.store.get(job.id)
    assert job.state == JobState.FAILED
    assert "poster.png is 12.0 MB; the platform takes images of at most 10 MB" in job.last_error
    assert image_uploads(fake) == [] and fake.requests_to("POST", "/api/generate") == []



def test_cli_upload_goes_through_the_cache(fake, tmp_path, capsys, monkeypatch):
    import json

    from app.cli.main import build_parser

    image = tmp_path / "ref.png"
    image.write_bytes(PNG)
    monkeypatch.setenv("REELROOM_PLATFORM_BASE_URL", fake.base_url)
    monkeypatch.setenv("REELROOM_PLATFORM_API_KEY", platform_fake.API_KEY)

    def run(*argv: str) -> int:
        args = build_parser().parse_args(list(argv))
        return int(args.func(args) or 0)

    assert run("--json", "upload", "platform", str(image)) == 0
    first = json.loads(capsys.readouterr().out)
    assert run("upload", "platform", str(image)) == 0
    assert capsys.readouterr().out.startswith("ref.png is already on platform (not sent again)")
    assert first["cached"] is False and len(image_uploads(fake)) == 1

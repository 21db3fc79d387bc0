"""The platform's project calls against its fake: a project with its shots, shots linked to
their generations by file name, the paid export polled like a job and downloaded complete —
and the core's platform export built on them, with cancel."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from app.domain import Take
from app.providers.base import Capability, GenerationRequest
from app.providers.errors import ServiceError
from app.providers.platform.adapter import Platform
from app.providers.platform.projects import RemoteShot, export_credits
from app.services.exporting import ExportCancelled, ExportError, export_to_platform
from tests.fakes.platform import PlatformFake, create


@pytest.fixture
def fake() -> Iterator[PlatformFake]:
    with create(queue_ahead=1, work_polls=1) as svc:
        yield svc


async def generated(platform: Platform, prompt: str) -> str:
    """Run a real generation on the fake; returns its job id."""
    handle = await platform.submit(GenerationRequest(model="wan-t2v", prompt=prompt))
    async for _ in platform.progress(handle):
        pass
    return handle.remote_id


def test_export_costs_follow_the_seeds_table():
    assert [export_credits(n) for n in (0, 1, 2, 5)] == [3, 3, 4, 10]


async def test_project_shots_linked_by_filename_exported_and_downloaded(
    fake: PlatformFake, platform: Platform, tmp_path
):
    assert Capability.EXPORT in platform.capabilities
    job = await generated(platform, "a lighthouse at dawn")
    credits_before = fake.credits
    shots = [
        RemoteShot(prompt="a lighthouse at dawn", duration=3.0, shot_type="wide",
                   transition="dissolve", job_id=job),
        RemoteShot(prompt="the keeper climbs", notes="not generated yet", duration=2.0),
    ]
    seen: list[tuple[str, float | None, str]] = []
    film = await platform.projects.export_film(
        "Lighthouse", shots, "720p", tmp_path / "out" / "film.mp4",
        on_status=lambda *a: seen.append(a))

    [project] = fake.projects.values()
    assert project["name"] == "Lighthouse" and film.project_id == project["id"]
    first, second = project["shots"]
    assert first["prompt"] == "a lighthouse at dawn" and first["transition"] == "dissolve"
    assert first["filename"] == f"gen_{job}.mp4"  # linked to the generation by file name
    assert second["filename"] is None and second["notes"] == "not generated yet"
    [export_req] = fake.requests_to("POST", "/api/projects/{id}/export")
    assert export_req.json() == {"resolution": "720p"}
    assert credits_before - fake.credits == export_credits(1)
    export_job = next(k for k, j in fake.jobs.items() if j["kind"] == "export")
    assert film.linked == 1
    assert film.path.read_bytes() == fake.files[f"gen_{export_job}.mp4"]
    assert not list(film.path.parent.glob("*.part"))
    stages = [s for s, _, _ in seen]
    assert stages[0] == "remote" and stages[-1] == "download"
    assert any("rendering" in m for _, _, m in seen)


async def test_a_dropped_download_is_resumed_to_a_complete_film(
    fake: PlatformFake, platform: Platform, tmp_path
):
    job = await generated(platform, "waves")
    fake.drop_body(after=5000, path="/api/video/{name}")
    film = await platform.projects.export_film(
        "Waves", [RemoteShot(prompt="waves", job_id=job)], "480p", tmp_path / "w.mp4")
    export_job = next(k for k, j in fake.jobs.items() if j["kind"] == "export")
    assert film.path.read_bytes() == fake.files[f"gen_{export_job}.mp4"]


async def test_a_failed_export_says_what_the_platform_said(
    fake: PlatformFake, platform: Platform, tmp_path
):
    job = await generated(platform, "storm")
    fake.fail_with = "GPU worker crashed while encoding"
    with pytest.raises(ServiceError, match="GPU worker crashed while encoding"):
        await platform.projects.export_film(
            "Storm", [RemoteShot(prompt="storm", job_id=job)], "1080p", tmp_path / "s.mp4")
    assert not (tmp_path / "s.mp4").exists()


async def test_a_generation_the_platform_no_longer_has_is_named(
    fake: PlatformFake, platform: Platform, tmp_path
):
    with pytest.raises(ServiceError, match="job-999"):
        await platform.projects.export_film(
            "Gone", [RemoteShot(prompt="x", job_id="job-999")], "720p", tmp_path / "g.mp4")


# -- the core's platform export ------------------------------------------------------------


def _project_with_platform_takes(studio, jobs: list[str | None]):
    project = studio.create_project("Harbour")
    doc = studio.open_project(project.id)
    doc.insert_shots(0, [doc.new_shot(title=f"S{i}", prompt=f"harbour {i}", duration=2.0)
                         for i in range(len(jobs))])
    for shot, job in zip(doc.shots, jobs, strict=True):
        if job is not None:
            media = studio.paths.cache / f"{job}.mp4"
            media.parent.mkdir(parents=True, exist_ok=True)
            media.write_bytes(b"local copy")
            doc.add_take(Take(shot_id=shot.id, provider="platform", model="wan-t2v",
                              media_path=str(media), duration=2.0,
                              remote_ids={"remote_id": job, "job_id": "local-job"}))
    return doc


async def test_core_export_sends_every_shot_and_links_platform_takes(
    studio, fake: PlatformFake, platform: Platform, tmp_path
):
    job = await generated(platform, "harbour 1")
    doc = _project_with_platform_takes(studio, [None, job])
    events = []
    done = await export_to_platform(doc, platform, tmp_path / "harbour.mp4", preset="4k",
                                    on_progress=events.append)
    [project] = fake.projects.values()
    assert [s["prompt"] for s in project["shots"]] == ["harbour 0", "harbour 1"]
    assert [s["filename"] for s in project["shots"]] == [None, f"gen_{job}.mp4"]
    assert fake.requests_to("POST", "/api/projects/{id}/export")[0].json() == {
        "resolution": "4K"}
    assert done.path.stat().st_size > 0
    assert [c.number for c in done.skipped] == [1]  # shot 1 had nothing on the platform
    assert events[-1].fraction == 1.0


async def test_core_platform_export_needs_a_platform_take(studio, platform, tmp_path):
    doc = _project_with_platform_takes(studio, [None])
    with pytest.raises(ExportError, match="no shot's take came from the studio platform"):
        await export_to_platform(doc, platform, tmp_path / "x.mp4")


async def test_cancelling_a_platform_export_leaves_no_file(
    studio, fake: PlatformFake, platform: Platform, tmp_path
):
    job = await generated(platform, "harbour 0")
    doc = _project_with_platform_takes(studio, [job])
    fake.work_polls = 50  # the render takes a while
    cancel = asyncio.Event()

    def on_progress(p) -> None:
        if "rendering" in p.message:
            cancel.set()

    with pytest.raises(ExportCancelled, match="cancelled"):
        await export_to_platform(doc, platform, tmp_path / "c.mp4", on_progress=on_progress,
                                 cancel=cancel)
    assert list(tmp_path.glob("c.mp4*")) == []

"""app.services.remote_history against the fakes: each service's history listed (paged,
searched), previewed, imported as a take with no new job, deleted; the platform's favourite,
share and public. Generations made outside Reelroom are listed and imported like any other."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.providers.base import ProviderConfig
from app.providers.http import RetryPolicy
from app.services.queue.media_cache import MediaCache
from app.services.queue.outputs import ImageLanding
from app.services.remote_history.service import RemoteHistory

FAST = RetryPolicy(max_attempts=2, base_delay=0.001, max_delay=0.002, jitter=0)


def _adapter(name: str, fake, key: str | None):
    from app.providers import registry

    config = ProviderConfig(name=name, base_url=fake.base_url, api_key=key, poll_interval=0.001)
    return registry.resolve(name)(config, retry=FAST)


@pytest.fixture
def doc(studio):
    project = studio.create_project("Film")
    doc = studio.open_project(project.id)
    doc.insert_shots(0, [doc.new_shot(title="A", prompt="a"), doc.new_shot(title="B")])
    return doc


def history(studio, adapter, made_here=()) -> RemoteHistory:
    cache = MediaCache(studio.db, studio.paths.cache / "media", 10**9)
    return RemoteHistory(lambda _n: adapter, lambda _n: list(made_here), cache=cache,
                         downloads=studio.paths.cache / "downloads",
                         thumbnails=studio.paths.cache / "thumbnails",
                         images=ImageLanding(studio.db, studio.paths.project_media,
                                             lambda: studio.document))


@pytest.fixture
def openai_fake(sample_clip) -> Iterator:
    from tests.fakes.openai import FakeOpenAI

    with FakeOpenAI(api_key="sk-hist-0001") as fake:
        fake.result_media = sample_clip.read_bytes()
        yield fake


async def test_openai_pages_searches_previews_imports_and_deletes(studio, doc, openai_fake):
    from tests.fakes.openai import content_bytes

    fox = openai_fake.add_outside_video("a red fox in snow")
    for n in range(4):
        openai_fake.add_outside_video(f"city lights {n}")
    adapter = _adapter("openai", openai_fake, "sk-hist-0001")
    try:
        remote = history(studio, adapter)
        first = await remote.list("openai", limit=2)
        assert [i.prompt for i in first.items] == ["city lights 3", "city lights 2"]
        assert first.cursor == first.items[-1].remote_id  # `after` for the next page
        second = await remote.list("openai", limit=2, cursor=first.cursor)
        last = await remote.list("openai", limit=2, cursor=second.cursor)
        assert [i.prompt for i in last.items] == ["a red fox in snow"] and last.cursor is None
        found = await remote.list("openai", search="FOX snow", limit=2)
        [item] = found.items
        assert item.remote_id == fox["id"] and not item.made_here
        assert await remote.thumbnail(item) == content_bytes(fox["id"], "thumbnail")
        shot = doc.shots.ids()[1]
        imported = await remote.import_take(item, doc, shot)
        take = imported.take
        assert take is not None and doc.takes(shot) == [take] and take.source == "imported"
        assert (take.prompt, take.model, take.params) == (
            "a red fox in snow", "sora-2", {"seconds": "8", "size": "1280x720"})
        assert take.cost is None and take.thumbnail_path and take.duration
        assert openai_fake.creates == []  # no create: nothing new was paid for
        await remote.delete(item)
        assert fox["id"] not in openai_fake.videos
        assert Path(take.media_path).read_bytes() == openai_fake.result_media  # kept here
    finally:
        await adapter.aclose()


async def test_platform_lists_both_histories_and_manages_a_generation(
        studio, doc, sample_clip, sample_png):
    from tests.fakes.platform import API_KEY, create

    with create() as fake:
        video = fake.add_outside_generation("a lighthouse at dusk", media=sample_clip.read_bytes(),
                                            params={"frames": 41, "steps": 8, "seed": 7})
        image = fake.add_outside_generation("a poster", kind="image", model="flux",
                                            media=sample_png)
        adapter = _adapter("platform", fake, API_KEY)
        try:
            remote = history(studio, adapter)
            page = await remote.list("platform")
            assert {(i.kind, i.prompt) for i in page.items} == {
                ("video", "a lighthouse at dusk"), ("image", "a poster")}
            [item] = (await remote.list("platform", search="lighthouse")).items
            [still] = (await remote.list("platform", search="poster")).items
            assert await remote.thumbnail(still) == sample_png
            shot = doc.shots.ids()[0]
            take = (await remote.import_take(item, doc, shot)).take
            assert take.params == {"frames": 41, "steps": 8, "seed": 7} and take.seed == 7
            assert take.remote_ids["platform_filename"] == video["filename"]
            landed = await remote.import_take(still, doc, shot)
            assert landed.image_path in doc.shots.get(shot).reference_media
            assert fake.requests_to("POST", "/api/generate") == []
            assert fake.requests_to("POST", "/api/generate-image") == []
            assert fake.credits == 500  # nothing charged
            assert await remote.favourite(item) is True and video["is_favorite"]
            url = await remote.share(item)
            assert url.endswith(f"/api/share/{video['share_token']}")
            assert await remote.toggle_public(item) is True and video["is_public"]
            await remote.delete(still)
            await remote.delete(item)
            assert fake.generations == [] and image["filename"] not in fake.files
        finally:
            await adapter.aclose()


async def test_tellers_tasks_and_files_are_listed_and_a_result_imported(studio, doc, sample_clip):
    from tests.fakes.tellers import KEY, FakeTellers

    with FakeTellers() as fake:
        fake.result_media = sample_clip.read_bytes()
        fake.tasks["task_web"] = {"id": "task_web", "task_type": "render", "status": "COMPLETE",
                                  "asset_ids": ["asset_web_1"], "created_at": "2025-02-01T10:00Z",
                                  "ended_at": None, "error_message": None, "polls": 0,
                                  "done": 1.0}
        adapter = _adapter("tellers", fake, KEY)
        try:
            remote = history(studio, adapter)
            items = (await remote.list("tellers")).items
            kinds = {(i.kind, i.remote_id, i.importable) for i in items}
            assert kinds == {("task", "task_web", True), ("file", "f1", True)}
            task = next(i for i in items if i.kind == "task")
            take = (await remote.import_take(task, doc, doc.shots.ids()[0])).take
            assert take.provider == "tellers" and take.remote_ids["remote_id"] == "task_web"
            assert fake.conversations == {}  # no agent run, no cost
            with pytest.raises(Exception, match="no way to delete"):
                await remote.delete(task)
        finally:
            await adapter.aclose()


async def test_viddyscribe_lists_the_results_of_the_jobs_it_knows(studio, sample_clip):
    from app.providers.base import GenerationRequest, MediaInput
    from tests.fakes.viddyscribe import KEY, FakeViddyScribe

    with FakeViddyScribe(job_polls=1) as fake:
        adapter = _adapter("viddyscribe", fake, KEY)
        try:
            handle = await adapter.submit(GenerationRequest(
                model="text", params={"language": "en-US"},
                inputs=[MediaInput(role="video", path=str(sample_clip))]))
            remote = history(studio, adapter, made_here=[handle.remote_id])
            [item] = (await remote.list("viddyscribe")).items
            assert item.remote_id == handle.remote_id and item.status == "done"
            assert not item.importable  # a text description, not a video take
        finally:
            await adapter.aclose()


async def test_unknown_provider_and_bad_limit_are_one_line(studio) -> None:
    remote = history(studio, None)
    with pytest.raises(Exception, match="keeps no history"):
        await remote.list("shuttleai")
    with pytest.raises(Exception, match="limit: 1 to 200"):
        await remote.list("openai", limit=0)

"""OpenAI Videos adapter against the fake OpenAI service over real HTTP."""

from __future__ import annotations

import hashlib
import time
from collections.abc import AsyncIterator, Iterator

import pytest

from app.providers.base import GenerationRequest, JobStatus, MediaInput, ProviderConfig
from app.providers.errors import NotFoundError, RetiredError, ValidationFailed
from app.providers.openai.adapter import OpenAIVideos
from tests.fakes.openai import FakeOpenAI, content_bytes
from tests.providers.conftest import API_KEY


@pytest.fixture
def service() -> Iterator[FakeOpenAI]:
    with FakeOpenAI(polls=3, poll_after_ms=250) as svc:
        yield svc


def make_adapter(svc: FakeOpenAI, fast_retry, sleeps, poll_interval: float = 0.07) -> OpenAIVideos:
    config = ProviderConfig(
        name="openai", base_url=svc.base_url, api_key=API_KEY, poll_interval=poll_interval
    )
    return OpenAIVideos(config, retry=fast_retry, sleep=sleeps)


@pytest.fixture
async def adapter(service, fast_retry, sleeps) -> AsyncIterator[OpenAIVideos]:
    a = make_adapter(service, fast_retry, sleeps)
    yield a
    await a.aclose()


def req(prompt: str = "a red fox in snow", **params) -> GenerationRequest:
    return GenerationRequest(model="sora-2", prompt=prompt, params=params)


async def run_to_end(adapter: OpenAIVideos, handle) -> list:
    return [e async for e in adapter.progress(handle)]


async def test_create_sends_multipart_with_seconds_as_a_string(adapter, service, tmp_path):
    image = tmp_path / "first.png"
    image.write_bytes(b"\x89PNG fake image bytes" * 100)
    request = req(seconds=8, size="1280x720")
    request.inputs.append(MediaInput(role="image", path=str(image)))
    handle = await adapter.submit(request)

    assert len(service.requests_to("POST", "/videos")) == 1
    (parts,) = service.creates
    fields = {k: v["value"] for k, v in parts.items() if v["filename"] is None}
    assert fields == {
        "prompt": b"a red fox in snow",
        "model": b"sora-2",
        "seconds": b"8",
        "size": b"1280x720",
    }
    ref = parts["input_reference"]
    assert ref["filename"] == "first.png" and ref["content_type"] == "image/png"
    assert ref["value"] == image.read_bytes()
    assert service.requests[0].headers["authorization"] == f"Bearer {API_KEY}"
    assert handle.remote_id in service.videos and handle.provider == "openai"


@pytest.mark.parametrize(
    "given, sent",
    [
        (
            dict(url="https://example.invalid/ref.png"),
            {"image_url": "https://example.invalid/ref.png"},
        ),
        (dict(remote_id="file-abc123"), {"file_id": "file-abc123"}),
    ],
)
async def test_create_sends_a_remote_reference_as_json(adapter, service, given, sent):
    request = req(seconds=4)
    request.inputs.append(MediaInput(role="image", **given))
    handle = await adapter.submit(request)

    (create,) = service.requests_to("POST", "/videos")
    assert create.headers["content-type"].startswith("application/json")
    body = create.json()
    assert body["input_reference"] == sent  # exactly one of image_url / file_id
    assert body["seconds"] == "4" and body["model"] == "sora-2"
    assert service.creates[0]["input_reference"] == {"json": sent}
    assert handle.remote_id in service.videos


async def test_progress_waits_what_the_server_says(adapter, service, sleeps):
    handle = await adapter.submit(req())
    events = await run_to_end(adapter, handle)
    assert [e.raw_status for e in events] == ["in_progress", "in_progress", "completed"]
    assert [e.status for e in events][-1] is JobStatus.SUCCEEDED
    assert [e.percent for e in events] == [33.0, 66.0, 100.0]
    assert sleeps.waits == [0.25, 0.25]  # openai-poll-after-ms, not the configured 0.07


async def test_progress_without_a_hint_uses_the_configured_interval(fast_retry, sleeps):
    with FakeOpenAI(polls=2, poll_after_ms=None) as svc:
        adapter = make_adapter(svc, fast_retry, sleeps, poll_interval=0.07)
        try:
            events = await run_to_end(adapter, await adapter.submit(req()))
        finally:
            await adapter.aclose()
    assert events[-1].status is JobStatus.SUCCEEDED
    assert sleeps.waits == [0.07]


async def test_failed_video_is_a_finished_event_with_the_service_message(fast_retry, sleeps):
    with FakeOpenAI(polls=1, fail_jobs=True, failure_message="Blocked: contains a logo") as svc:
        adapter = make_adapter(svc, fast_retry, sleeps)
        try:
            events = await run_to_end(adapter, await adapter.submit(req()))
        finally:
            await adapter.aclose()
    assert events[-1].status is JobStatus.FAILED
    assert events[-1].message == "Blocked: contains a logo"


async def test_every_variant_downloads_byte_identical(adapter, service, tmp_path):
    handle = await adapter.submit(req())
    await run_to_end(adapter, handle)
    outputs = await adapter.results(handle)
    assert [o.kind for o in outputs] == ["video", "thumbnail", "spritesheet"]
    video = service.videos[handle.remote_id]
    for out in outputs:
        assert out.same_origin and out.expires_at is not None
        assert int(out.expires_at.timestamp()) == video["expires_at"]
        dest = await adapter.download(out, tmp_path / out.filename)
        expected = content_bytes(handle.remote_id, out.kind)
        assert hashlib.sha256(dest.read_bytes()).digest() == hashlib.sha256(expected).digest()
    got = [r.arg("variant") for r in service.requests_to("GET", "/videos/{id}/content")]
    assert got == ["video", "thumbnail", "spritesheet"]


async def test_list_pages_through_every_video_then_delete(adapter, service):
    ids = [(await adapter.submit(req(f"shot {n}"))).remote_id for n in range(5)]
    listed = [v["id"] async for v in adapter.list_videos(limit=2, order="desc")]
    assert listed == ids[::-1]
    pages = service.requests_to("GET", "/videos")
    assert [p.arg("after") for p in pages] == [None, ids[3], ids[1]]

    assert await adapter.delete_video(ids[0]) is True
    assert [v["id"] async for v in adapter.list_videos(limit=100, order="asc")] == ids[1:]
    with pytest.raises(NotFoundError):
        await adapter.delete_video(ids[0])


async def test_remix_creates_a_new_video_from_the_old(adapter, service):
    first = await adapter.submit(req())
    await run_to_end(adapter, first)
    remixed = await adapter.remix(first.remote_id, "same fox, at night")
    assert remixed.remote_id != first.remote_id
    video = service.videos[remixed.remote_id]
    assert video["remixed_from_video_id"] == first.remote_id
    assert video["prompt"] == "same fox, at night"
    events = await run_to_end(adapter, remixed)
    assert events[-1].status is JobStatus.SUCCEEDED


async def test_retired_service_says_so_but_a_missing_id_is_not_found(fast_retry, sleeps):
    with FakeOpenAI(retired=True) as svc:
        adapter = make_adapter(svc, fast_retry, sleeps)
        try:
            with pytest.raises(RetiredError) as err:
                await adapter.submit(req())
            assert "retired" in err.value.user_message()
            assert "no longer available" in err.value.message  # the service's own words
            with pytest.raises(RetiredError):
                [v async for v in adapter.list_videos()]
            with pytest.raises(NotFoundError) as missing:
                await adapter.retrieve("video_nope")
            assert not isinstance(missing.value, RetiredError)
        finally:
            await adapter.aclose()
        assert len(svc.requests_to("POST", "/videos")) == 1  # a 404 is not retried


@pytest.mark.parametrize(
    ("prompt", "params", "expected"),
    [
        ("fox", {"size": "640x480"}, ["size", "720x1280", "1280x720", "1024x1792", "1792x1024"]),
        ("fox", {"seconds": 5}, ["seconds", "4, 8, 12", "got 5"]),
        ("fox", {"seconds": "twenty"}, ["seconds"]),
        ("x" * 32001, {}, ["prompt", "1–32000", "32001"]),
        ("", {}, ["prompt", "1–32000"]),
        ("fox", {"fps": 30}, ["fps", "not a parameter"]),
    ],
)
async def test_bad_input_is_refused_before_any_request(adapter, service, prompt, params, expected):
    with pytest.raises(ValidationFailed) as err:
        await adapter.submit(req(prompt, **params))
    for text in expected:
        assert text in err.value.message
    assert service.requests == []


async def test_rate_limited_create_is_waited_out_and_created_once(adapter, service, sleeps):
    service.rate_limit(retry_after_ms=120, method="POST", path="/videos")
    handle = await adapter.submit(req())
    assert sleeps.waits == [0.12]
    assert len(service.requests_to("POST", "/videos")) == 2  # the refused one and the real one
    assert len(service.creates) == 1 and list(service.videos) == [handle.remote_id]


async def test_reconcile_finds_the_job_a_lost_answer_created(adapter, service):
    before = time.time()
    await adapter.submit(req("other prompt"))
    await adapter.submit(req(seconds=8))
    lost = await adapter.submit(req(seconds=12))
    found = await adapter.reconcile(req(seconds=12), submitted_after=before)
    assert found is not None and found.remote_id == lost.remote_id
    assert await adapter.reconcile(req(size="1792x1024"), submitted_after=before) is None
    assert await adapter.reconcile(req(seconds=12), submitted_after=time.time() + 600) is None


async def test_cost_is_the_per_second_price_times_seconds(adapter, service):
    cost = await adapter.estimate_cost(req(seconds=8))
    assert cost.amount == pytest.approx(0.80) and cost.describe() == "$0.80"
    pro = await adapter.estimate_cost(
        GenerationRequest(
            model="sora-2-pro-2025-10-06", prompt="x", params={"seconds": "12", "size": "1792x1024"}
        )
    )
    assert pro.amount == pytest.approx(6.00)
    assert service.requests == []


async def test_results_after_a_finished_poll_ask_nothing_more_and_equal_asking(
        adapter, service, fast_retry, sleeps):
    from tests.providers.finished_results import check_results_take_the_finished_poll

    handle = await adapter.submit(req())
    await run_to_end(adapter, handle)
    outputs = await check_results_take_the_finished_poll(
        adapter, handle, lambda: make_adapter(service, fast_retry, sleeps),
        lambda: len(service.requests_to("GET", "/videos/{id}")))
    assert [o.kind for o in outputs] == ["video", "thumbnail", "spritesheet"]

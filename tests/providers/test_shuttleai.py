"""ShuttleAI adapter against the fake ShuttleAI service and its CDN over real HTTP."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterator

import pytest

from app.providers.base import GenerationRequest, JobStatus, ProviderConfig
from app.providers.errors import ValidationFailed
from app.providers.shuttleai import ShuttleAI, map_status
from tests.fakes.server import CdnOrigin
from tests.fakes.shuttleai import FakeShuttleAI, video_bytes
from tests.providers.conftest import API_KEY


@pytest.fixture
def service(cdn: CdnOrigin) -> Iterator[FakeShuttleAI]:
    with FakeShuttleAI(cdn=cdn) as svc:
        yield svc


def make_adapter(svc: FakeShuttleAI, fast_retry, sleeps) -> ShuttleAI:
    config = ProviderConfig(
        name="shuttleai", base_url=svc.base_url, api_key=API_KEY, poll_interval=0.05
    )
    return ShuttleAI(config, retry=fast_retry, sleep=sleeps)


@pytest.fixture
async def adapter(service, fast_retry, sleeps) -> AsyncIterator[ShuttleAI]:
    a = make_adapter(service, fast_retry, sleeps)
    yield a
    await a.aclose()


def req(prompt: str = "a cat playing piano", **params) -> GenerationRequest:
    return GenerationRequest(model="sora", prompt=prompt, params=params)


async def test_create_sends_the_documented_json(adapter, service):
    handle = await adapter.submit(req(width=480, height=854, n_seconds=7))
    assert service.creates == [
        {
            "prompt": "a cat playing piano",
            "model": "sora",
            "width": 480,
            "height": 854,
            "n_seconds": 7,
        }
    ]
    assert service.requests[0].headers["authorization"] == f"Bearer {API_KEY}"
    assert handle.remote_id.startswith("task_") and handle.remote_id in service.jobs


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("queued", JobStatus.QUEUED),
        ("preprocessing", JobStatus.QUEUED),
        ("processing", JobStatus.RUNNING),
        ("running", JobStatus.RUNNING),
        ("succeeded", JobStatus.SUCCEEDED),
        ("completed", JobStatus.SUCCEEDED),
        ("failed", JobStatus.FAILED),
        ("unknown", JobStatus.UNKNOWN),
        ("Rendering", JobStatus.UNKNOWN),
    ],
)
def test_each_status_maps(raw, expected):
    assert map_status(raw) is expected


async def test_polling_walks_every_status_and_keeps_polling_through_unknown(
    cdn, fast_retry, sleeps
):
    seen = ["queued", "preprocessing", "unknown", "processing", "running", "completed"]
    with FakeShuttleAI(cdn=cdn, statuses=seen) as svc:
        adapter = make_adapter(svc, fast_retry, sleeps)
        try:
            handle = await adapter.submit(req())
            events = [e async for e in adapter.progress(handle)]
        finally:
            await adapter.aclose()
    assert [e.raw_status for e in events] == seen  # "completed" ends it like "succeeded"
    assert [e.status for e in events] == [
        JobStatus.QUEUED, JobStatus.QUEUED, JobStatus.UNKNOWN, JobStatus.RUNNING,
        JobStatus.RUNNING, JobStatus.SUCCEEDED,
    ]  # fmt: skip
    assert sleeps.waits == [0.05] * 5  # no hint from this service: the configured interval


async def test_unknown_forever_is_reported_not_waited_on(cdn, fast_retry, sleeps, monkeypatch):
    import app.providers.shuttleai as mod
    from app.providers.errors import ProviderError

    monkeypatch.setattr(mod, "MAX_UNKNOWN_POLLS", 3)
    with FakeShuttleAI(cdn=cdn, statuses=["unknown"] * 10) as svc:
        adapter = make_adapter(svc, fast_retry, sleeps)
        try:
            handle = await adapter.submit(req())
            with pytest.raises(ProviderError, match="unknown"):
                [e async for e in adapter.progress(handle)]
        finally:
            await adapter.aclose()
    assert len(svc.requests_to("GET", "/video/generations/jobs/{id}")) == 3


async def test_failed_job_is_a_finished_event_with_the_service_message(cdn, fast_retry, sleeps):
    with FakeShuttleAI(cdn=cdn, statuses=["queued"], fail_jobs=True) as svc:
        adapter = make_adapter(svc, fast_retry, sleeps)
        try:
            events = [e async for e in adapter.progress(await adapter.submit(req()))]
        finally:
            await adapter.aclose()
    assert events[-1].status is JobStatus.FAILED
    assert events[-1].message == "Content policy violation: prompt rejected"


async def test_cdn_download_never_gets_the_key_and_is_byte_identical(
    adapter, service, cdn, tmp_path
):
    handle = await adapter.submit(req())
    [e async for e in adapter.progress(handle)]
    outputs = await adapter.results(handle)
    first = outputs[0]
    assert first.url.startswith(cdn.origin) and first.same_origin is False
    assert outputs[1].url.startswith(service.origin) and outputs[1].same_origin
    dest = await adapter.download(first, tmp_path / "v.mp4")
    assert (
        hashlib.sha256(dest.read_bytes()).hexdigest()
        == hashlib.sha256(video_bytes(handle.remote_id)).hexdigest()
    )
    assert cdn.requests and cdn.saw_auth() is False
    assert service.requests_to("GET", "/video/generations/{gen}/content/video") == []


async def test_broken_cdn_link_falls_back_to_the_content_endpoint(
    cdn, fast_retry, sleeps, tmp_path
):
    with FakeShuttleAI(cdn=cdn, statuses=[], cdn_broken=True) as svc:
        adapter = make_adapter(svc, fast_retry, sleeps)
        try:
            handle = await adapter.submit(req())
            outputs = await adapter.results(handle)
            dest = await adapter.download(outputs[0], tmp_path / "v.mp4")
        finally:
            await adapter.aclose()
        content = svc.requests_to("GET", "/video/generations/{gen}/content/video")
    assert dest.read_bytes() == video_bytes(handle.remote_id)
    assert len(content) == 1 and content[0].headers["authorization"] == f"Bearer {API_KEY}"
    assert cdn.saw_auth() is False


@pytest.mark.parametrize(
    ("width", "height", "seconds", "price"),
    [(1280, 720, 5, 0.60), (480, 480, 10, 0.70), (854, 480, 1, 0.07), (1080, 1920, 20, 4.00)],
)
async def test_price_by_the_larger_side(adapter, service, width, height, seconds, price):
    cost = await adapter.estimate_cost(req(width=width, height=height, n_seconds=seconds))
    assert cost.amount == pytest.approx(price) and cost.currency == "USD"
    assert service.requests == []


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"width": 1000, "height": 720}, ["width", "480, 720, 854, 1080, 1280, 1920", "1000"]),
        ({"width": 1280, "height": 100}, ["height", "480, 720, 854, 1080, 1280, 1920"]),
        ({"n_seconds": 21}, ["n_seconds", "between 1 and 20", "21"]),
        ({"n_seconds": 0}, ["n_seconds", "between 1 and 20"]),
    ],
)
async def test_bad_input_is_refused_before_any_request(adapter, service, params, expected):
    with pytest.raises(ValidationFailed) as err:
        await adapter.submit(req(**params))
    for text in expected:
        assert text in err.value.message
    assert service.requests == []


async def test_rate_limited_create_is_waited_out_and_created_once(adapter, service, sleeps):
    service.rate_limit(retry_after=0.2, method="POST", path="/video/generations/jobs")
    handle = await adapter.submit(req())
    assert sleeps.waits == [0.2]
    assert len(service.creates) == 1 and list(service.jobs) == [handle.remote_id]


async def test_no_history_and_no_cancel(adapter, service):
    handle = await adapter.submit(req())
    assert await adapter.cancel(handle) is False
    with pytest.raises(NotImplementedError):
        await adapter.reconcile(req(), submitted_after=0)


async def test_results_after_a_finished_poll_ask_nothing_more_and_equal_asking(
        adapter, service, fast_retry, sleeps):
    from tests.providers.finished_results import check_results_take_the_finished_poll

    handle = await adapter.submit(req())
    [e async for e in adapter.progress(handle)]
    await check_results_take_the_finished_poll(
        adapter, handle, lambda: make_adapter(service, fast_retry, sleeps),
        lambda: len(service.requests_to("GET")))

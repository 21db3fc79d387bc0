"""The ViddyScribe adapter against its fake: uploads (direct multipart and signed URL), the
three generators, polling, every result shape, expired signed URLs, and each documented
error mapped to its typed error with the service's message."""

from __future__ import annotations

import json
import os
import tracemalloc
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.providers.base import GenerationRequest, JobStatus, MediaInput, ProviderConfig
from app.providers.errors import (
    AmbiguousSubmitError,
    AuthError,
    NotFoundError,
    NotReadyError,
    PaymentError,
    ProviderError,
    RateLimitedError,
    ServiceError,
    TooLargeError,
    UnsupportedMediaError,
    ValidationFailed,
)
from app.providers.viddyscribe.adapter import ViddyScribe
from app.providers.viddyscribe.params import CATEGORIES, LANGUAGES, DescribeParams
from tests.fakes.viddyscribe import (
    AUDIO_BYTES,
    ERRORS,
    KEY,
    NARRATED_BYTES,
    FakeViddyScribe,
    create,
    vtt_for,
)

MiB = 1024 * 1024


def video_file(path: Path, size: int = 64 * 1024) -> Path:
    head = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
    with open(path, "wb") as fh:
        fh.write(head)
        fh.write(os.urandom(size - len(head)))
    return path


@pytest.fixture
def svc() -> Iterator[FakeViddyScribe]:
    with create() as s:
        yield s


def make(svc: FakeViddyScribe, fast_retry, sleeps, key: str = KEY, **kw) -> ViddyScribe:
    config = ProviderConfig(name="viddyscribe", base_url=svc.base_url + "/", api_key=key,
                            poll_interval=0.0)
    return ViddyScribe(config, retry=fast_retry, sleep=sleeps, **kw)


@pytest.fixture
async def vs(svc, fast_retry, sleeps) -> AsyncIterator[ViddyScribe]:
    adapter = make(svc, fast_retry, sleeps)
    yield adapter
    await adapter.aclose()


def request(kind: str = "text", path: Path | None = None, **params) -> GenerationRequest:
    return GenerationRequest(
        model=kind, params=params, inputs=[MediaInput(role="video", path=str(path))]
    )


# -- vocabulary ---------------------------------------------------------------------------


def test_the_documented_vocabulary():
    assert len(LANGUAGES) == 52 and len(CATEGORIES) == 14
    assert {"en-US", "en-GB", "en-AU", "en-IN", "es-ES", "es-US", "fr-FR", "fr-CA", "nl-BE",
            "pt-BR", "pa-IN", "sr-RS"} <= set(LANGUAGES)
    p = DescribeParams(language="fr_ca", category="Tutorial/How-To")
    assert (p.language, p.category) == ("fr-CA", "tutorial")
    with pytest.raises(ValueError, match="52 supported languages"):
        DescribeParams(language="xx-XX")


# -- uploads ------------------------------------------------------------------------------


async def test_direct_upload_is_multipart_input_and_file(vs, svc, tmp_path):
    path = video_file(tmp_path / "clip.mp4")
    media = await vs.upload_media(path)
    assert media.media_id == "med_1" and media.status == "created"
    assert media.duration_seconds == 12.5 and media.frame_rate == 25.0
    req = svc.requests_to("POST", "/upload_media")[0]
    assert req.headers["x-api-key"] == KEY
    assert req.path == "/enterprise/api/upload_media"  # joined under the base path
    assert svc.media["med_1"]["size"] == path.stat().st_size


async def test_large_file_goes_through_a_signed_url(svc, fast_retry, sleeps, tmp_path):
    path = video_file(tmp_path / "long.mov", 16 * MiB)
    adapter = make(svc, fast_retry, sleeps, direct_upload_limit=MiB)
    assert adapter.upload_route(path) == "signed_url"
    svc.storage.record_body_limit = 0  # keep only hashes: the measurement is the client's
    tracemalloc.start()
    try:
        media = await adapter.upload_media(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        await adapter.aclose()
    assert media.media_id == "med_1_canonical"  # the canonical id, not the pending one
    up = svc.storage.uploads["med_1-long.mov"]
    assert up.length == path.stat().st_size and up.content_type == "video/quicktime"
    assert not svc.storage.saw_auth()
    assert svc.notified == [{"media_id": "med_1", "gcs_path": "uploads/med_1-long.mov"}]
    assert len(svc.requests_to("GET", "/get_upload_status")) == 2  # polled until completed
    assert peak < path.stat().st_size / 3


async def test_upload_from_url(vs, svc):
    media = await vs.upload_url("https://example.com/v.mp4", "v.mp4")
    body = svc.requests_to("POST", "/upload_media")[0].json()
    assert body == {"input": {"type": "url", "url": "https://example.com/v.mp4",
                              "filename": "v.mp4"}}
    assert media.media_id == "med_1"


@pytest.mark.parametrize(
    "name,data",
    [("notes.txt", b"hello, not a video\n"), ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(64)),
     ("renamed.mp4", b"just some text pretending\n"), ("song.mp4", b"ID3\x03" + bytes(64))],
)
async def test_non_video_is_refused_before_any_request(vs, svc, tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ValidationFailed, match=f"{name} is not a video") as info:
        await vs.submit(request(path=path))
    assert "video" in info.value.hint
    assert svc.requests == []


# -- generation and results ---------------------------------------------------------------


async def test_text_job_end_to_end_as_vtt(vs, svc, tmp_path):
    path = video_file(tmp_path / "clip.mp4")
    handle = await vs.submit(request(path=path, language="en-GB", format="vtt",
                                     category="Documentary", read_all_onscreen_text=True))
    body = svc.requests_to("POST", "/generate_ad_text")[0].json()
    assert body["input"] == {"type": "media_id", "media_id": "med_1"}
    assert body["generation_config"] == {
        "language": "en-GB", "ad_type": "standard_ad", "format": "vtt",
        "read_all_onscreen_text": True, "category": "documentary"}
    events = [e async for e in vs.progress(handle)]
    assert [e.raw_status for e in events] == ["queued", "processing", "done"]
    assert events[-1].status is JobStatus.SUCCEEDED
    (out,) = await vs.results(handle)
    assert out.kind == "subtitles" and out.content == vtt_for(handle.remote_id)
    dest = await vs.download(out, tmp_path / "ad.vtt")
    assert dest.read_text() == vtt_for(handle.remote_id)


async def test_json_output_keeps_segments(svc, fast_retry, sleeps, tmp_path):
    with create(job_polls=0) as fast:
        adapter = make(fast, fast_retry, sleeps)
        try:
            handle = await adapter.submit(request(path=video_file(tmp_path / "c.mp4"),
                                                  format="json"))
            (out,) = await adapter.results(handle)
        finally:
            await adapter.aclose()
    assert out.kind == "text" and json.loads(out.content)["segments"][1]["start"] == 3.0


async def test_older_result_shapes_are_read(vs):
    from app.providers.base import RemoteHandle

    handle = RemoteHandle(provider="viddyscribe", remote_id="task_9", extra={"format": "json"})
    outs = vs._outputs(handle, {"status": "done", "items": [{"start": 0, "end": 1,
                                                              "text": "hi"}],
                                "result_url": "https://elsewhere.example/r.json"})
    assert json.loads(outs[0].content)["items"][0]["text"] == "hi"
    assert outs[1].url == "https://elsewhere.example/r.json" and not outs[1].same_origin


@pytest.mark.parametrize("kind,expected", [("audio", AUDIO_BYTES), ("video", NARRATED_BYTES)])
async def test_audio_and_video_outputs_download_without_key(vs, svc, tmp_path, kind, expected):
    handle = await vs.submit(request(kind, video_file(tmp_path / "c.mp4"), voice="narrator-1"))
    assert svc.requests_to("POST", f"/generate_ad_{kind}")[0].json()[
        "generation_config"]["voice"] == "narrator-1"
    [e async for e in vs.progress(handle)]
    media = [o for o in await vs.results(handle) if o.kind == kind]
    assert media[0].same_origin is False
    assert media[0].expires_at - datetime.now(UTC) > timedelta(minutes=14)
    dest = await vs.download(media[0], tmp_path / media[0].filename)
    assert dest.read_bytes() == expected and not svc.storage.saw_auth()


async def test_expired_signed_url_is_refreshed_once(fast_retry, sleeps, tmp_path):
    with create(job_polls=0, expire_signed_urls=True) as svc:
        adapter = make(svc, fast_retry, sleeps)
        try:
            handle = await adapter.submit(request("video", video_file(tmp_path / "c.mp4")))
            (video,) = [o for o in await adapter.results(handle) if o.kind == "video"]
            dest = await adapter.download(video, tmp_path / "narrated.mp4")
        finally:
            await adapter.aclose()
    assert dest.read_bytes() == NARRATED_BYTES
    gets = svc.storage.requests_to("GET", "/blobs/{name}")
    job = handle.remote_id
    assert [r.arg("X-Signature") for r in gets] == [f"{job}-{job}.mp4-1", f"{job}-{job}.mp4-2"]
    assert len(svc.requests_to("GET", "/get_results")) == 2  # the refresh re-polled


async def test_failed_job_carries_the_service_message(fast_retry, sleeps, tmp_path):
    with create(job_polls=0, fail_jobs=True) as svc:
        adapter = make(svc, fast_retry, sleeps)
        try:
            handle = await adapter.submit(request(path=video_file(tmp_path / "c.mp4")))
            events = [e async for e in adapter.progress(handle)]
            with pytest.raises(ServiceError, match="Could not detect scenes"):
                await adapter.results(handle)
        finally:
            await adapter.aclose()
    assert events[-1].status is JobStatus.FAILED
    assert events[-1].message == "Could not detect scenes in this video"


async def test_results_before_done_are_not_ready(vs, svc, tmp_path):
    handle = await vs.submit(request(path=video_file(tmp_path / "c.mp4")))
    with pytest.raises(NotReadyError, match="queued"):
        await vs.results(handle)


async def test_upload_not_ready_is_waited_out(vs, svc, tmp_path):
    svc.error("upload_not_ready", times=2, path="/generate_ad_text")
    handle = await vs.submit(request(path=video_file(tmp_path / "c.mp4")))
    assert handle.remote_id.startswith("task_")
    assert len(svc.requests_to("POST", "/generate_ad_text")) == 3


@pytest.mark.parametrize("field,value,match", [
    ("language", "tlh-KL", "language"), ("category", "Cooking", "category"),
    ("format", "docx", "format"), ("ad_type", "short_ad", "ad_type")])
async def test_bad_parameters_refused_before_any_request(vs, svc, tmp_path, field, value,
                                                          match):
    with pytest.raises(ValidationFailed, match=match):
        await vs.submit(request(path=video_file(tmp_path / "c.mp4"), **{field: value}))
    assert svc.requests == []


# -- every documented error ---------------------------------------------------------------


@pytest.mark.parametrize("code,cls", [
    ("invalid_parameters", ValidationFailed), ("unauthorized", AuthError),
    ("plan_restriction", PaymentError), ("video_too_long", TooLargeError),
    ("file_too_large", TooLargeError), ("not_found", NotFoundError),
    ("upload_not_ready", NotReadyError), ("upload_failed", UnsupportedMediaError),
    ("no_video_stream", UnsupportedMediaError), ("plan_limit_exceeded", RateLimitedError),
    ("concurrency_limit_exceeded", RateLimitedError), ("queue_limit_exceeded", RateLimitedError),
    # a 500 to a create may come after the service acted: it is reconciled, not final
    ("rate_limit_exceeded", RateLimitedError), ("internal_error", AmbiguousSubmitError)])
async def test_each_error_code_maps_to_its_typed_error(vs, svc, tmp_path, sleeps, code, cls):
    svc.error(code, times=50, path="/generate_ad_text")
    with pytest.raises(ProviderError) as info:
        await vs.generate("text", "med_x", DescribeParams())
    err = info.value
    assert type(err) is cls
    assert ERRORS[code][1] in err.message and err.code == code
    assert err.status == ERRORS[code][0]
    if cls is RateLimitedError:
        assert err.retry_after == 2.0 and 2.0 in sleeps.waits  # the JSON hint was honoured
    if code == "upload_failed":
        assert "re-upload" in err.hint


async def test_no_video_stream_on_upload(vs, svc, tmp_path):
    path = tmp_path / "audio_only.mkv"
    path.write_bytes(b"\x1a\x45\xdf\xa3" + os.urandom(1024))  # a container the client accepts
    with pytest.raises(UnsupportedMediaError, match="no video stream"):
        await vs.upload_media(path)


async def test_bad_key(svc, fast_retry, sleeps, tmp_path):
    adapter = make(svc, fast_retry, sleeps, key="vsk_wrong")
    try:
        with pytest.raises(AuthError, match="Invalid API key"):
            await adapter.upload_media(video_file(tmp_path / "c.mp4"))
    finally:
        await adapter.aclose()


async def test_cost_and_capabilities(vs):
    cost = await vs.estimate_cost(request())
    assert cost.amount is None and cost.billed_by_service
    assert [m.id for m in await vs.models()] == ["text", "audio", "video"]
    assert not await vs.cancel(None)  # type: ignore[arg-type]

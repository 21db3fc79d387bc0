"""The Tellers adapter against its fake: the agent stream (tolerant parsing, resume after a
drop), results and downloads, uploads (single and multipart), files, tasks, export, errors."""

from __future__ import annotations

import hashlib
import os
import tracemalloc
from collections.abc import AsyncIterator, Iterator

import pytest

from app.providers.base import GenerationRequest, JobStatus, ProviderConfig
from app.providers.errors import (
    AuthError,
    NotReadyError,
    PaymentError,
    ServiceError,
    ValidationFailed,
)
from app.providers.tellers.adapter import Tellers
from app.providers.tellers.sse import SseParser
from tests.fakes.server import CdnOrigin, Reply
from tests.fakes.tellers import KEY, VIDEO_BYTES, FakeTellers, create

MiB = 1024 * 1024


@pytest.fixture
def svc() -> Iterator[FakeTellers]:
    with create() as s:
        yield s


def make(svc: FakeTellers, fast_retry, sleeps, key: str = KEY, **kw) -> Tellers:
    config = ProviderConfig(name="tellers", base_url=svc.base_url, api_key=key,
                            poll_interval=0.0)
    return Tellers(config, retry=fast_retry, sleep=sleeps, **kw)


@pytest.fixture
async def tellers(svc, fast_retry, sleeps) -> AsyncIterator[Tellers]:
    adapter = make(svc, fast_retry, sleeps)
    yield adapter
    await adapter.aclose()


def request(prompt: str = "10 seconds of nature", **params) -> GenerationRequest:
    return GenerationRequest(model="agent", prompt=prompt, params=params)


async def run(adapter: Tellers, req: GenerationRequest):
    handle = await adapter.submit(req)
    events = [e async for e in adapter.progress(handle)]
    return handle, events


# -- the SSE parser on its own -------------------------------------------------------------


def test_parser_handles_split_crlf_multiline_and_comments():
    raw = ": hi\r\nevent: a\r\ndata: {\"x\":\r\ndata:  1}\r\n\r\nevent: b\rdata: two\r\r"
    parser = SseParser()
    events = []
    for i in range(len(raw)):  # one character at a time, splitting every CRLF pair
        events += parser.feed(raw[i])
    events += parser.finish()
    assert [(e.event, e.data) for e in events] == [("a", '{"x":\n 1}'), ("b", "two")]


def test_parser_flushes_a_last_frame_without_blank_line():
    parser = SseParser()
    assert parser.feed("event: x\ndata: end") == []
    assert [(e.event, e.data) for e in parser.finish()] == [("x", "end")]


# -- the agent ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "switches",
    [{}, {"crlf": True}, {"multiline": True}, {"noise": True},
     {"crlf": True, "multiline": True, "noise": True}],
)
async def test_agent_run_streams_live_text_and_finishes(switches, fast_retry, sleeps):
    with create(**switches) as svc:
        adapter = make(svc, fast_retry, sleeps)
        try:
            handle, events = await run(adapter, request())
        finally:
            await adapter.aclose()
    assert handle.remote_id == "chat_1"
    assert "".join(e.text or "" for e in events if e.raw_status.startswith("response.")) == (
        "Looking for forest shotsCutting the video")
    percents = [e.percent for e in events if e.percent is not None]
    assert percents == [10.0, 60.0]  # 0.1 (fraction) and 60 (percent) both normalised
    assert events[-1].status is JobStatus.SUCCEEDED and events[-1].data["chat_id"] == "chat_1"
    create_req = svc.requests_to("GET", "/create")
    assert len(create_req) == 1 and create_req[0].headers["x-api-key"] == KEY
    assert create_req[0].arg("prompt") == "10 seconds of nature"


async def test_results_give_video_urls_downloaded_without_key(tellers, svc, tmp_path):
    handle, _ = await run(tellers, request(quality="720p"))
    outputs = await tellers.results(handle)
    assert outputs[0].kind == "text" and outputs[0].content == "Here is your nature video."
    videos = [o for o in outputs if o.kind == "video"]
    assert len(videos) == 1 and not videos[0].same_origin  # the audio asset is not a video
    body = svc.requests_to("POST", "/asset/download_urls")[0].json()
    assert body == {"asset_ids": ["asset_chat_1_video"], "quality": "720p"}
    dest = await tellers.download(videos[0], tmp_path / "out.mp4")
    assert dest.read_bytes() == VIDEO_BYTES
    assert svc.storage.requests and not svc.storage.saw_auth()


@pytest.mark.parametrize("shape", ["list", "urls", "download_url"])
async def test_download_url_answer_shapes(shape, fast_retry, sleeps):
    with create(urls_shape=shape) as svc:
        adapter = make(svc, fast_retry, sleeps)
        try:
            handle, _ = await run(adapter, request())
            videos = [o for o in await adapter.results(handle) if o.kind == "video"]
        finally:
            await adapter.aclose()
    assert videos[0].url == svc.storage.presigned_url("asset_chat_1_video")


async def test_plain_json_answer_is_the_final_result(fast_retry, sleeps):
    with create(plain_json=True) as svc:
        adapter = make(svc, fast_retry, sleeps)
        try:
            handle, events = await run(adapter, request())
            outputs = await adapter.results(handle)
        finally:
            await adapter.aclose()
    assert handle.remote_id == "chat_1"
    assert [e.status for e in events] == [JobStatus.SUCCEEDED]
    assert any(o.kind == "video" for o in outputs)


async def test_dropped_stream_resumes_the_same_conversation(tellers, svc):
    svc.drop_stream(after_items=2, path="/create")  # after the chat_id and one delta
    handle, events = await run(tellers, request())
    assert events[-1].status is JobStatus.SUCCEEDED
    creates = svc.requests_to("GET", "/create")
    assert len(creates) == 2
    assert creates[0].arg("chat_id") is None and creates[1].arg("chat_id") == "chat_1"
    assert list(svc.conversations) == ["chat_1"]  # exactly one conversation was started
    assert len(await tellers.results(handle)) == 2


async def test_resume_after_restart_from_the_persisted_handle(svc, fast_retry, sleeps):
    first = make(svc, fast_retry, sleeps)
    svc.drop_stream(after_items=1, path="/create")
    handle = await first.submit(request())
    await first.aclose()  # the app quits with the run in flight
    second = make(svc, fast_retry, sleeps)
    try:
        events = [e async for e in second.progress(handle)]
        assert events[-1].status is JobStatus.SUCCEEDED
        assert svc.requests_to("GET", "/create")[-1].arg("chat_id") == handle.remote_id
        assert list(svc.conversations) == [handle.remote_id]
    finally:
        await second.aclose()


async def test_results_before_the_end_are_not_ready(tellers, svc):
    handle = await tellers.submit(request())
    with pytest.raises(NotReadyError):
        await tellers.results(handle)


async def test_cancel_deletes_the_response(tellers, svc):
    handle = await tellers.submit(request())
    assert await tellers.cancel(handle) is True
    assert svc.cancelled == ["chat_1"]
    assert svc.requests_to("DELETE", "/agent/response/{chat_id}")[0].headers["x-api-key"] == KEY


async def test_errors_are_typed_with_the_service_message(svc, fast_retry, sleeps):
    bad = make(svc, fast_retry, sleeps, key="tl-wrong-key-0009")
    with pytest.raises(AuthError, match="Invalid API key"):
        await bad.submit(request())
    await bad.aclose()
    good = make(svc, fast_retry, sleeps)
    svc.inject(Reply.json({"detail": "Not enough credits"}, 402), path="/create")
    with pytest.raises(PaymentError, match="Not enough credits"):
        await good.submit(request())
    with pytest.raises(ValidationFailed, match="quality: unexpected value"):
        # a 422 names the field the service refused
        await good._client.request("POST", "/asset/download_urls", json={"quality": "8k"})
    with pytest.raises(ValidationFailed, match="quality"):
        await good.validate(request(quality="8k"))  # refused before any request
    await good.aclose()


def test_cost_is_billed_by_the_service(tellers):
    import asyncio

    cost = asyncio.run(tellers.estimate_cost(request()))
    assert cost.amount is None and cost.billed_by_service


# -- uploads -------------------------------------------------------------------------------


async def test_small_upload_is_one_presigned_put_without_key(tellers, svc, tmp_path):
    path = tmp_path / "clip.mp4"
    path.write_bytes(VIDEO_BYTES)
    asset = await tellers.upload_asset(path, "video")
    item = svc.assets[asset.asset_id]["request"]
    assert item["content_length"] == len(VIDEO_BYTES) and item["multipart"] is False
    assert item["source_file"]["title"] == "clip.mp4"
    assert item["source_file"]["sourceName"] == "local"
    up = svc.storage.uploads[asset.asset_id]
    assert up.body == VIDEO_BYTES and up.content_type == "video/mp4"
    assert not svc.storage.saw_auth()
    assert svc.preprocessed[0]["assets"][0]["asset_id"] == asset.asset_id
    assert svc.preprocessed[0]["version"] is None
    assert asset.preprocess_tasks[0]["task_id"] == f"task_pre_{asset.asset_id}"


async def test_large_upload_uses_multipart_with_flat_memory(fast_retry, sleeps, tmp_path):
    path = tmp_path / "big.mp4"
    part = 2 * MiB
    with open(path, "wb") as fh:
        fh.write(os.urandom(4 * part + 12345))
    # the storage keeps only hashes, so its own memory does not blur the measurement
    with CdnOrigin(record_body_limit=0) as storage, create(storage=storage) as svc:
        adapter = make(svc, fast_retry, sleeps, multipart_threshold=MiB, part_size=part)
        tracemalloc.start()
        try:
            asset = await adapter.upload_asset(path)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
            await adapter.aclose()
    assert asset.multipart
    done = svc.completed[0]
    assert [p["part_number"] for p in done["parts"]] == [1, 2, 3, 4, 5]
    data = path.read_bytes()
    expected = [hashlib.sha256(data[i:i + part]).hexdigest() for i in range(0, len(data), part)]
    assert svc.assets[asset.asset_id]["part_sha256"] == expected
    assert svc.assets[asset.asset_id]["size"] == len(data)
    assert not storage.saw_auth() and not svc.aborted
    assert peak < len(data) / 3  # never the whole file in memory


async def test_failed_multipart_upload_is_aborted(svc, fast_retry, sleeps, tmp_path):
    path = tmp_path / "big.mp4"
    path.write_bytes(os.urandom(2 * MiB + 1))
    adapter = make(svc, fast_retry, sleeps, multipart_threshold=MiB, part_size=MiB)
    svc.storage.fail(403, message="SignatureDoesNotMatch", times=10, method="PUT")
    try:
        with pytest.raises(AuthError, match="SignatureDoesNotMatch"):
            await adapter.upload_asset(path)
    finally:
        await adapter.aclose()
    assert svc.aborted and svc.aborted[0]["multipart_upload_id"].startswith("mpu_")
    assert not svc.completed


def test_prompt_with_assets_names_the_ids():
    text = Tellers.prompt_with_assets("cut the best 60 s", ["asset_1", "asset_2"])
    assert "asset_1" in text and "asset_2" in text and text.endswith("cut the best 60 s")


async def test_uploaded_assets_are_referenced_in_the_prompt(tellers, svc):
    await run(tellers, request("add a title card", asset_ids=["asset_9"]))
    assert "asset_9" in svc.requests_to("GET", "/create")[0].arg("prompt")


# -- files, tasks, export -----------------------------------------------------------------


async def test_list_files(tellers, svc):
    files = await tellers.list_files("footage", limit=1, page=1)
    assert [f["file_name"] for f in files] == ["b-roll"]
    req = svc.requests_to("GET", "/users/sources/list_files")[0]
    assert (req.arg("path"), req.arg("limit"), req.arg("page")) == ("footage", "1", "1")


@pytest.mark.parametrize("scale", [1, 100])
async def test_export_polls_the_task_then_downloads(scale, fast_retry, sleeps, tmp_path):
    with create(percent_scale=scale, export_polls=3) as svc:
        adapter = make(svc, fast_retry, sleeps)
        seen = []
        try:
            dest = await adapter.export_project(
                "proj_1", ["720p"], tmp_path / "export.mp4", on_task=seen.append)
        finally:
            await adapter.aclose()
    assert svc.requests_to("POST", "/project/{project_id}/export")[0].json() == ["720p"]
    assert [round(t.percent) for t in seen] == [33, 67, 100]
    assert seen[-1].status == "COMPLETE"
    assert dest.read_bytes() == VIDEO_BYTES and not svc.storage.saw_auth()


async def test_failed_export_carries_the_task_error(fast_retry, sleeps, tmp_path):
    with create(fail_export=True, export_polls=1) as svc:
        adapter = make(svc, fast_retry, sleeps)
        try:
            with pytest.raises(ServiceError, match="Render crashed"):
                await adapter.export_project("p", ["1080p"], tmp_path / "x.mp4")
        finally:
            await adapter.aclose()
    assert not (tmp_path / "x.mp4").exists()


async def test_tasks_are_normalised(tellers, svc):
    await tellers._client.request("POST", "/project/p/export", json=["480p"])
    (task,) = await tellers.tasks()
    assert task.status == "PENDING" and task.percent == 50.0 and task.task_type == "export"

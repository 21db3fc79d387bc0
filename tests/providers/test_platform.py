"""The studio platform adapter against its fake, on the seed's wire: what is validated before
anything is sent, what each generation kind sends, polling, cost, history, account, errors."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.providers.base import (
    Capability,
    GenerationRequest,
    JobStatus,
    MediaInput,
    Provider,
    ProviderConfig,
)
from app.providers.errors import (
    AuthError,
    NotReadyError,
    PaymentError,
    RateLimitedError,
    UnsupportedMediaError,
    ValidationFailed,
)
from app.providers.platform.adapter import Platform
from app.providers.platform.cost import VIDEO_RATES
from tests.fakes.platform import API_KEY, PlatformFake, create, video_bytes


@pytest.fixture
def fake() -> Iterator[PlatformFake]:
    with create() as svc:
        yield svc


def t2v(**params) -> GenerationRequest:
    return GenerationRequest(model="wan-t2v", prompt="a red kite over hills", params=params)


async def run(platform: Platform, request: GenerationRequest):
    handle = await platform.submit(request)
    events = [e async for e in platform.progress(handle)]
    return handle, events


# -- catalog and validation -------------------------------------------------------------


async def test_catalog_models_capabilities_and_ranges(platform: Platform):
    assert isinstance(platform, Provider)
    models = {m.id: m for m in await platform.models()}
    assert models["wan-t2v"].capabilities == {Capability.TEXT_TO_VIDEO}
    assert models["ltx-t2v"].capabilities == {Capability.TEXT_TO_VIDEO}  # from the seed table
    assert {Capability.IMAGE_TO_VIDEO, Capability.EXTEND} <= models["wan-i2v"].capabilities
    assert models["ltx-flf"].capabilities == {Capability.FIRST_LAST_FRAME}
    assert models["wan-s2v"].capabilities == {Capability.SOUND_TO_VIDEO}
    assert models["sd15"].kind == "image" and Capability.IMAGE in models["sd15"].capabilities
    assert models["v2v"].capabilities == {Capability.VIDEO_TO_VIDEO}
    frames = models["wan-t2v"].params.model_json_schema()["properties"]["frames"]
    assert "201" in str(frames) and frames["default"] == 41
    # the i2v model's narrower catalog range replaced the seed's generous one
    with pytest.raises(ValidationFailed, match=r"frames: must be an integer from 9 to 121"):
        await platform.validate(
            GenerationRequest(
                model="wan-i2v",
                prompt="x",
                params={"frames": 150},
                inputs=[MediaInput(role="image", remote_id="a.png")],
            )
        )
    assert models["ltx-t2v"].params().frames == 97  # catalog default without a description


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"frames": 500}, r"frames: must be an integer from 9 to 201 \(got 500\)"),
        ({"steps": 0}, r"steps: must be an integer from 1 to 50"),
        ({"sampler": "bogus"}, r"sampler: must be one of euler, sa_solver, dpmpp_2m"),
        ({"framez": 41}, r"framez: not a parameter of wan-t2v"),
    ],
)
async def test_bad_value_refused_before_any_request(
    platform: Platform, fake: PlatformFake, params, expected
):
    await platform.models()
    fake.clear()
    with pytest.raises(ValidationFailed, match=expected):
        await platform.submit(t2v(**params))
    with pytest.raises(ValidationFailed, match=expected):
        await platform.estimate_cost(t2v(**params))
    assert fake.requests == []


async def test_prompt_over_limit_and_unknown_model_refused(platform, fake: PlatformFake):
    await platform.models()
    fake.clear()
    with pytest.raises(ValidationFailed, match="prompt: at most 2000"):
        await platform.submit(GenerationRequest(model="wan-t2v", prompt="x" * 2001))
    with pytest.raises(ValidationFailed, match="'sora' is not offered"):
        await platform.submit(GenerationRequest(model="sora", prompt="x"))
    with pytest.raises(ValidationFailed, match="image-to-video needs an image"):
        await platform.submit(GenerationRequest(model="wan-i2v", prompt="x"))
    assert fake.requests == []


# -- each generation kind sends the documented fields -----------------------------------


async def test_text_to_video_sends_documented_fields(platform, fake: PlatformFake):
    request = t2v(frames=49, steps=6, sampler="euler", seed=-1)
    request.negative_prompt = "blur"
    handle = await platform.submit(request)
    (post,) = fake.requests_to("POST", "/api/generate")
    assert post.json() == {
        "prompt": "a red kite over hills",
        "model": "wan-t2v",
        "negative_prompt": "blur",
        "frames": 49,
        "steps": 6,
        "sampler": "euler",
        "seed": -1,
    }
    assert post.headers["authorization"] == f"Bearer {API_KEY}"
    assert handle.remote_id in fake.jobs and fake.jobs[handle.remote_id]["kind"] == "video"


async def test_image_to_video_uploads_first(platform, fake: PlatformFake, tmp_path: Path):
    picture = tmp_path / "still.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    await platform.submit(
        GenerationRequest(
            model="wan-i2v",
            prompt="the still comes alive",
            inputs=[MediaInput(role="image", path=str(picture))],
        )
    )
    (upload,) = fake.requests_to("POST", "/api/upload-image")
    assert upload.headers["content-type"].startswith("multipart/form-data")
    (name,) = fake.uploads
    assert fake.uploads[name] == picture.read_bytes()
    body = fake.requests_to("POST", "/api/generate")[0].json()
    assert body == {"prompt": "the still comes alive", "model": "wan-i2v", "image_filename": name}
    assert [r.path for r in fake.requests[-2:]] == ["/api/upload-image", "/api/generate"]


async def test_upload_refuses_unsupported_type_without_sending(platform, fake, tmp_path: Path):
    gif = tmp_path / "anim.gif"
    gif.write_bytes(b"GIF89a")
    request = GenerationRequest(
        model="wan-i2v", prompt="x", inputs=[MediaInput(role="image", path=str(gif))]
    )
    with pytest.raises(UnsupportedMediaError, match="PNG, JPEG or WebP"):
        await platform.submit(request)
    assert not fake.requests_to("POST")


async def test_first_last_frame_and_sound_to_video_fields(platform, fake, tmp_path: Path):
    last = tmp_path / "end.jpg"
    last.write_bytes(b"\xff\xd8 jpeg end frame")
    # files the platform already holds (the fake, like the platform, refuses unknown names)
    fake.uploads.update({"start.png": b"png", "face.png": b"png"})
    fake.files["voice.mp3"] = b"mp3"
    await platform.submit(
        GenerationRequest(
            model="ltx-flf",
            prompt="morph",
            inputs=[
                MediaInput(role="first_frame", remote_id="start.png"),
                MediaInput(role="last_frame", path=str(last)),
            ],
        )
    )
    await platform.submit(
        GenerationRequest(
            model="wan-s2v",
            prompt="she speaks",
            inputs=[
                MediaInput(role="image", remote_id="face.png"),
                MediaInput(role="audio", remote_id="voice.mp3"),
            ],
        )
    )
    flf, s2v = (r.json() for r in fake.requests_to("POST", "/api/generate"))
    (uploaded,) = set(fake.uploads) - {"start.png", "face.png"}
    assert flf["image_filename"] == "start.png" and flf["last_image_filename"] == uploaded
    assert s2v["image_filename"] == "face.png" and s2v["audio_filename"] == "voice.mp3"
    with pytest.raises(ValidationFailed, match="last_frame"):
        await platform.validate(
            GenerationRequest(
                model="ltx-flf", prompt="x", inputs=[MediaInput(role="image", remote_id="a")]
            )
        )


async def test_video_to_video_and_extend(platform, fake: PlatformFake):
    fake.files["clip.mp4"] = b"an earlier video"
    await platform.submit(
        GenerationRequest(
            model="v2v",
            prompt="as a watercolour",
            params={"strength": 0.4},
            inputs=[MediaInput(role="video", remote_id="clip.mp4")],
        )
    )
    assert fake.requests_to("POST", "/api/generate-v2v")[0].json() == {
        "video_filename": "clip.mp4",
        "prompt": "as a watercolour",
        "strength": 0.4,
    }
    handle = await platform.submit(
        GenerationRequest(
            model="wan-i2v",
            prompt="and it continues",
            params={"generation_id": 7},
            inputs=[MediaInput(role="video", remote_id="clip.mp4")],
        )
    )
    assert fake.requests_to("POST", "/api/extend-video")[0].json() == {
        "video_filename": "clip.mp4",
        "generation_id": 7,
    }
    body = fake.requests_to("POST", "/api/generate")[0].json()
    assert body["image_filename"] == "lastframe_clip.png" and "generation_id" not in body
    assert handle.extra["kind"] == "extend"
    with pytest.raises(ValidationFailed, match="strength: must be a number from 0 to 1"):
        await platform.validate(
            GenerationRequest(
                model="v2v",
                params={"strength": 1.5},
                inputs=[MediaInput(role="video", remote_id="clip.mp4")],
            )
        )


async def test_image_generation_polls_and_downloads(platform, fake, tmp_path: Path):
    handle, events = await run(
        platform, GenerationRequest(model="sd15", prompt="a lighthouse", params={"steps": 30})
    )
    assert fake.requests_to("POST", "/api/generate-image")[0].json() == {
        "prompt": "a lighthouse",
        "model": "sd15",
        "steps": 30,
    }
    assert handle.extra["job_ids"] == [handle.remote_id]
    assert events[-1].status is JobStatus.SUCCEEDED
    (output,) = await platform.results(handle)
    assert output.kind == "image" and output.url.endswith(f"/api/image/{output.filename}")
    dest = await platform.download(output, tmp_path / "img.png")
    assert dest.read_bytes() == video_bytes(handle.remote_id)


# -- polling, results, cancel, queue ----------------------------------------------------


async def test_status_queue_positions_then_completed_and_download(
    platform, fake: PlatformFake, tmp_path: Path
):
    handle, events = await run(platform, t2v())
    assert [e.queue_position for e in events if e.status is JobStatus.QUEUED] == [2, 1]
    running = [e for e in events if e.status is JobStatus.RUNNING]
    assert [e.percent for e in running] == [33.0, 67.0]
    assert running[0].data["node"] == "KSampler"  # unknown fields are kept
    assert events[-1].status is JobStatus.SUCCEEDED and events[-1].percent == 100.0
    (output,) = await platform.results(handle)
    progress: list[tuple[int, int | None]] = []
    dest = await platform.download(
        output, tmp_path / "take.mp4", lambda d, t: progress.append((d, t))
    )
    assert dest.read_bytes() == video_bytes(handle.remote_id) == fake.files[output.filename]
    assert progress[-1] == (dest.stat().st_size,) * 2
    assert all(r.has_auth for r in fake.requests_to("GET", "/api/video/{name}"))


async def test_failed_job_reports_service_message(platform, fake: PlatformFake):
    fake.fail_with = "CUDA out of memory"
    handle, events = await run(platform, t2v())
    assert events[-1].status is JobStatus.FAILED
    assert events[-1].message == "CUDA out of memory" and events[-1].raw_status == "error"
    with pytest.raises(NotReadyError):
        await platform.results(handle)


async def test_cancel_and_queue_listing(platform, fake: PlatformFake):
    fake.queue_ahead = 5
    handle = await platform.submit(t2v())
    first = await platform.status(handle.remote_id)
    assert first.queue_position == 5
    queue = await platform.queue()
    assert queue.length == 4 and queue.position == 4
    assert [j["job_id"] for j in queue.active_jobs] == [handle.remote_id]
    assert await platform.cancel(handle) is True
    assert fake.requests_to("POST", "/api/cancel")[0].json() == {"job_id": handle.remote_id}
    events = [e async for e in platform.progress(handle)]
    assert [e.status for e in events] == [JobStatus.CANCELLED]
    assert (await platform.queue()).active_jobs == []


# -- cost --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "model, frames, steps", [("wan-t2v", 41, 4), ("wan-t2v", 121, 8), ("ltx-t2v", 97, 8)]
)
async def test_quote_and_offline_formula_agree(platform, fake, model, frames, steps):
    request = GenerationRequest(model=model, prompt="x", params={"frames": frames, "steps": steps})
    quoted = await platform.estimate_cost(request)
    assert quoted.basis == "quoted by the service" and quoted.currency == "credits"
    query = fake.requests_to("GET", "/api/generation-cost")[-1].query
    assert query == {"model": [model], "frames": [str(frames)], "steps": [str(steps)]}
    fake.fail(500, message="pricing offline", times=10, path="/api/generation-cost")
    offline = await platform.estimate_cost(request)
    assert offline.amount == quoted.amount
    assert offline.basis.startswith("formula:") and "pricing offline" in offline.basis


def test_formula_matches_seed_examples():
    # the seed's own worked examples (41 frames, 4 steps)
    examples = {"wan-t2v": 21, "ltx-t2v": 16, "ltx-quality": 27, "liveportrait": 13,
                "hunyuan3d": 24, "svd-i2v": 18, "wan-animate": 33, "v2v": 3}  # fmt: skip
    for model, credits in examples.items():
        amount, basis = VIDEO_RATES[model].cost(41, 4)
        assert amount == credits, (model, basis)
    # the seed's animatediff example (8.8 → 9) is worked for AnimateDiff's 16-frame clip
    assert VIDEO_RATES["animatediff"].cost(16, 4)[0] == 9
    assert VIDEO_RATES["wan-t2v"].cost(41, 4)[1].endswith("= 20.2 → 21")


async def test_image_cost_is_flat_per_image(platform, fake: PlatformFake):
    estimate = await platform.estimate_cost(GenerationRequest(model="flux", prompt="x"))
    assert estimate.amount == 5 and "per image" in estimate.basis
    assert not fake.requests_to("GET", "/api/generation-cost")


# -- history, account, reconcile --------------------------------------------------------


async def test_history_delete_favourite_share(platform, fake: PlatformFake):
    first, _ = await run(platform, t2v())
    second = await platform.submit(GenerationRequest(model="ltx-t2v", prompt="second"))
    items = await platform.history()
    assert [i.job_id for i in items] == [second.remote_id, first.remote_id]  # newest first
    done = items[1]
    assert done.filename == f"gen_{first.remote_id}.mp4" and done.created_at is not None
    assert await platform.toggle_favorite(done.id) is True
    assert (await platform.history())[1].is_favorite is True
    assert await platform.toggle_favorite(done.id) is False
    share = await platform.share(done.id)
    assert share.token == f"shr{done.id}tok" and share.url.endswith(f"/api/share/{share.token}")
    await platform.delete_generation(done.id)
    assert [i.job_id for i in await platform.history()] == [second.remote_id]
    assert done.filename not in fake.files
    page = await platform.history(limit=1, offset=0)
    assert len(page) == 1
    assert fake.requests_to("GET", "/api/generations")[-1].query == {
        "limit": ["1"],
        "offset": ["0"],
    }


async def test_account_tier_limits_and_credits(platform, fake: PlatformFake):
    account = await platform.account()
    assert (account.username, account.tier, account.credits) == ("maker", "creator", 500.0)
    assert (account.max_frames, account.max_resolution) == (201, "4K")
    assert account.monthly_credits == 1500 and account.watermark is False  # seed tier table
    await platform.submit(t2v())  # 21 credits
    fake.tier = "free"
    account = await platform.account()
    assert account.credits == 479.0 and account.max_frames == 81 and account.watermark is True


async def test_reconcile_finds_the_job_from_history(platform, fake: PlatformFake):
    started = time.time()
    handle = await platform.submit(t2v())
    found = await platform.reconcile(t2v(), started)
    assert found is not None and found.remote_id == handle.remote_id
    other = GenerationRequest(model="wan-t2v", prompt="something else")
    assert await platform.reconcile(other, started) is None
    assert await platform.reconcile(t2v(), started + 3600) is None


# -- safety and errors -------------------------------------------------------------------


async def test_server_file_name_cannot_escape_folder(platform, fake, tmp_path: Path):
    fake.result_name = "../../escape.mp4"
    handle, _ = await run(platform, t2v())
    (output,) = await platform.results(handle)
    folder = tmp_path / "a" / "b"
    saved = await platform.save_into(output, folder)
    assert saved == (folder / "escape.mp4").resolve()
    assert saved.read_bytes() == video_bytes(handle.remote_id)
    assert not (tmp_path / "escape.mp4").exists()


async def test_wrong_key_is_auth_error_with_service_message(fake, fast_retry):
    config = ProviderConfig(name="platform", base_url=fake.base_url, api_key="wrong-platform-key-9")
    adapter = Platform(config, retry=fast_retry)
    try:
        with pytest.raises(AuthError, match="Invalid or missing API key") as info:
            await adapter.account()
        assert info.value.status == 401
    finally:
        await adapter.aclose()


async def test_out_of_credits_is_payment_error_never_resent(platform, fake: PlatformFake):
    fake.credits = 5
    with pytest.raises(PaymentError, match="Insufficient credits") as info:
        await platform.submit(t2v())
    assert info.value.status == 402
    assert len(fake.requests_to("POST", "/api/generate")) == 1


async def test_rate_limit_is_typed_with_message(platform, fake: PlatformFake, sleeps):
    await platform.models()
    fake.rate_limit(retry_after_ms=10, message="Slow down please", times=10, method="POST")
    with pytest.raises(RateLimitedError, match="Slow down please"):
        await platform.submit(t2v())
    assert len(fake.requests_to("POST", "/api/generate")) == 4  # refused, so retried
    assert fake.jobs == {}
    fake.clear()
    fake.rate_limit(retry_after_ms=10, path="/api/generate")
    handle = await platform.submit(t2v())  # one 429, then through
    assert sleeps.waits[-1] == pytest.approx(0.01) and handle.remote_id in fake.jobs


def test_missing_base_url_is_refused():
    with pytest.raises(ValidationFailed, match="no base URL"):
        Platform(ProviderConfig(name="platform", base_url=""))


async def test_results_after_a_finished_poll_ask_nothing_more_and_equal_asking(
        platform, fake: PlatformFake, fast_retry, sleeps):
    from tests.providers.conftest import make_platform
    from tests.providers.finished_results import check_results_take_the_finished_poll

    handle, _ = await run(platform, t2v())
    await check_results_take_the_finished_poll(
        platform, handle, lambda: make_platform(fake, fast_retry, sleeps),
        lambda: len(fake.requests_to("GET", "/api/status")))

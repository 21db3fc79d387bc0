"""The platform's edit and AI tools against its fake: parameters checked before any request,
the seed's prices, the wire of each tool (JSON and multipart), answers at once or as a polled
job, plan limits, a paid request never re-sent; and the service turning a result into a NEW
take (the original untouched) or into files in the project's folder."""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

import imageio_ffmpeg
import pytest

from app.domain import Take
from app.providers.errors import AmbiguousSubmitError, ProviderError, ValidationFailed
from app.providers.platform.edits import TOOLS, tool
from app.services.remote_edits import RemoteEdits
from tests.fakes import platform as platform_fake
from tests.fakes.platform import API_KEY, PlatformFake, create
from tests.fakes.platform_edits import form
from tests.providers.conftest import make_platform


@pytest.fixture(scope="module")
def real_clip(tmp_path_factory) -> bytes:
    out = tmp_path_factory.mktemp("clip") / "clip.mp4"
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-nostdin", "-y",
                    "-loglevel", "error", "-f", "lavfi", "-i", "color=c=green:s=64x36:r=8:d=2",
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(out)],
                   check=True)
    return out.read_bytes()


@pytest.fixture
def fake(real_clip) -> Iterator[PlatformFake]:
    with create() as svc:
        svc.files["gen_source.mp4"] = real_clip
        yield svc


def edit_requests(fake: PlatformFake):
    return [r for r in fake.requests if r.path.startswith(("/api/edit/", "/api/tools/"))]


# -- parameters and prices ---------------------------------------------------------------


@pytest.mark.parametrize(("key", "params", "message"), [
    ("speed", {"speed_factor": 5.0}, "speed_factor must be at most 4 (got 5.0)"),
    ("speed", {"speed_factor": 0.1}, "speed_factor must be at least 0.25 (got 0.1)"),
    ("upscale-video", {"scale_factor": 5}, "scale_factor must be at most 4 (got 5)"),
    ("trim", {"start_seconds": 3, "end_seconds": 2}, "end_seconds must be after start_seconds"),
    ("extract-frames", {"mode": "every"}, "mode must be one of 'first', 'last', 'middle'"),
    ("merge", {"video_filenames": ["a.mp4"]}, "video_filenames must have at least 2 item(s)"),
    ("crop", {"zoom": 2}, "zoom is not a parameter of this model"),
    ("add-watermark", {"type": "image"}, "an image watermark needs an image file"),
])
def test_bad_parameters_are_named(key, params, message):
    with pytest.raises(ValidationFailed) as err:
        tool(key).check(params)
    assert message in err.value.message


def test_prices_follow_the_seed():
    def credits(key, params=None, seconds=None):
        t = tool(key)
        return t.cost(t.check(params or {}), seconds).amount

    assert {k: credits(k) for k in ("trim", "speed", "crop", "resize", "text-overlay")} == \
        dict.fromkeys(("trim", "speed", "crop", "resize", "text-overlay"), 3)
    assert credits("merge", {"video_filenames": ["a", "b"]}) == 4
    assert credits("merge", {"video_filenames": list("abcdefghij")}) == 20
    assert credits("upscale-video", {}, 4.0) == 2 and credits("upscale-video", {}, 25.0) == 6
    for key in ("extract-frames", "video-to-gif", "trim-video"):
        assert credits(key) == 1
    assert credits("remove-background", {"image": "x.png"}) == 1
    assert "published price" in tool("speed").cost(tool("speed").check({})).basis
    assert len(TOOLS) == 13


# -- the wire ----------------------------------------------------------------------------


async def test_a_video_edit_sends_json_charges_and_returns_the_file(fake, platform, tmp_path):
    t = tool("speed")
    outputs = await platform.edit_tools.run("speed", t.check({"speed_factor": 2.0}),
                                            video="gen_source.mp4")
    [req] = edit_requests(fake)
    assert req.path == "/api/edit/speed"
    assert req.json() == {"video_filename": "gen_source.mp4", "speed_factor": 2.0}
    assert req.headers["authorization"] == f"Bearer {API_KEY}"
    assert fake.credits == 500 - 3
    dest = await platform.download(outputs[0], tmp_path / "out.mp4")
    assert dest.read_bytes() == fake.files["gen_source.mp4"]


async def test_resize_sends_a_preset_or_a_size_never_both(fake, platform):
    t = tool("resize")
    await platform.edit_tools.run("resize", t.check({"preset": "1080p"}), video="gen_source.mp4")
    await platform.edit_tools.run("resize", t.check({"preset": "custom", "width": 640,
                                                     "height": 480}), video="gen_source.mp4")
    first, second = (r.json() for r in edit_requests(fake))
    assert first == {"video_filename": "gen_source.mp4", "preset": "1080p"}
    assert second == {"video_filename": "gen_source.mp4", "width": 640, "height": 480}


async def test_upscale_answers_with_a_job_that_is_polled(fake, platform, monkeypatch,
                                                         real_clip):
    monkeypatch.setattr(platform_fake, "video_bytes", lambda job_id: real_clip)
    outputs = await platform.edit_tools.run("upscale-video", tool("upscale-video").check(
        {"scale_factor": 3}), video="gen_source.mp4")
    statuses = fake.requests_to("GET", "/api/status")
    assert len(statuses) >= 3  # queued … processing … completed
    assert outputs[0].filename.startswith("gen_job-")
    assert fake.credits == 500 - 2


async def test_plan_limits_and_missing_videos_carry_the_service_message(fake, platform,
                                                                      tmp_path):
    face = tmp_path / "face.png"
    face.write_bytes(b"\x89PNG\r\n\x1a\nface")
    fake.tier = "starter"
    with pytest.raises(ProviderError, match="Upscale requires Creator tier or higher"):
        await platform.edit_tools.run("upscale-video", tool("upscale-video").check({}),
                                      video="gen_source.mp4")
    with pytest.raises(ProviderError, match="Face swap requires Pro tier"):
        await platform.edit_tools.run("face-swap", tool("face-swap").check(
            {"source_image": str(face), "target_image": str(face)}))
    with pytest.raises(ProviderError, match="Video not found"):
        await platform.edit_tools.run("crop", tool("crop").check({}), video="nope.mp4")
    assert fake.credits == 500


async def test_image_tools_upload_their_images_as_multipart(fake, platform, tmp_path):
    face = tmp_path / "face.png"
    face.write_bytes(b"\x89PNG\r\n\x1a\nface")
    scene = tmp_path / "scene.jpg"
    scene.write_bytes(b"\xff\xd8scene")
    fake.tier = "pro"
    [out] = await platform.edit_tools.run("remove-background", tool("remove-background").check(
        {"image": str(face)}))
    await platform.edit_tools.run("face-swap", tool("face-swap").check(
        {"source_image": str(face), "target_image": str(scene)}))
    await platform.edit_tools.run("add-watermark", tool("add-watermark").check(
        {"type": "image", "image": str(face)}), video="gen_source.mp4")
    bg, swap, mark = edit_requests(fake)
    assert form(bg)["image"] == ("face.png", face.read_bytes())
    assert form(swap)["target_image"] == ("scene.jpg", scene.read_bytes())
    parts = form(mark)
    assert parts["video_filename"][1] == b"gen_source.mp4" and parts["type"][1] == b"image"
    assert parts["image"][1] == face.read_bytes()
    assert out.kind == "image" and out.url.endswith(f"/api/image/{out.filename}")
    assert fake.credits == 500 - 3


async def test_an_oversized_image_is_refused_before_sending(fake, platform, tmp_path):
    big = tmp_path / "big.png"
    with open(big, "wb") as fh:
        fh.truncate(11 * 1024 * 1024)
    with pytest.raises(ProviderError, match="big.png is 11.0 MB; the platform takes at most 10"):
        await platform.edit_tools.run("remove-background", tool("remove-background").check(
            {"image": str(big)}))
    assert edit_requests(fake) == []


async def test_extract_frames_gives_every_frame(fake, platform):
    outputs = await platform.edit_tools.run("extract-frames", tool("extract-frames").check(
        {"mode": "all_1fps"}), video="gen_source.mp4")
    assert len(outputs) == 3 and all(o.kind == "image" for o in outputs)


async def test_a_paid_edit_is_never_sent_twice(fake, platform):
    fake.drop_before_response(method="POST", path="/api/edit/trim")
    with pytest.raises(AmbiguousSubmitError):
        await platform.edit_tools.run("trim", tool("trim").check({"end_seconds": 1}),
                                      video="gen_source.mp4")
    assert len(fake.requests_to("POST", "/api/edit/trim")) == 1


async def test_the_source_is_found_by_its_generation_job(fake, platform, monkeypatch,
                                                         real_clip):
    from app.providers.base import GenerationRequest

    handle = await platform.submit(GenerationRequest(model="wan-t2v", prompt="kite"))
    _ = [e async for e in platform.progress(handle)]
    name = await platform.edit_tools.source_name({"remote_id": handle.remote_id}, "platform",
                                                 "Take 1")
    assert name == f"gen_{handle.remote_id}.mp4" and name in fake.files
    before = len(fake.requests)
    with pytest.raises(ValidationFailed, match="Take 2 was not made on the platform"):
        await platform.edit_tools.source_name({}, "animatic", "Take 2")
    assert len(fake.requests) == before  # nothing asked: nothing the platform could answer


# -- the service: results become takes or files ------------------------------------------


@pytest.fixture
def edits(studio, fake, fast_retry, sleeps) -> RemoteEdits:
    return RemoteEdits(studio, lambda: make_platform(fake, fast_retry, sleeps))


def shot_with_take(studio, tmp_path, real_clip, **take):
    project = studio.create_project("Film")
    doc = studio.open_project(project.id)
    doc.insert_shots(0, [doc.new_shot(title="A", prompt="green field"),
                         doc.new_shot(title="B", prompt="more field")])
    media = tmp_path / "original.mp4"
    media.write_bytes(real_clip)
    first = doc.add_take(Take(shot_id=doc.shots[0].id, provider="platform", media_path=str(media),
                              duration=2.0, remote_ids={"platform_filename": "gen_source.mp4"},
                              **take))
    return doc, first, media


async def test_an_edit_becomes_a_new_take_and_the_original_is_untouched(
        studio, edits, fake, tmp_path, real_clip):
    doc, original, media = shot_with_take(studio, tmp_path, real_clip)
    digest = hashlib.sha256(media.read_bytes()).hexdigest()
    quote = edits.quote("speed", {"speed_factor": 0.5}, original)
    assert quote.describe() == "3 credits"
    outcome = await edits.run(doc, "speed", {"speed_factor": 0.5}, original)
    new = outcome.take
    assert new is not None and new.id != original.id and new.number == 2
    assert new.shot_id == original.shot_id and new.source == "edited"
    assert new.params == {"edit": "speed", "from_take": original.id, "speed_factor": 0.5}
    assert (new.cost, new.cost_currency) == (3, "credits")
    assert Path(new.media_path).read_bytes() == real_clip and new.duration == pytest.approx(2, 0.1)
    assert hashlib.sha256(media.read_bytes()).hexdigest() == digest
    assert doc.take(original.id) == original
    assert [t.id for t in doc.takes(original.shot_id)] == [original.id, new.id]
    # an edited take is on the platform already: editing it again needs no lookup
    again = await edits.run(doc, "trim", {"start_seconds": 0, "end_seconds": 1}, new)
    assert edit_requests(fake)[-1].json()["video_filename"] == new.remote_ids["platform_filename"]
    assert again.take.number == 3
    assert fake.credits == 500 - 6


async def test_merge_takes_the_next_shots_and_is_priced_by_count(studio, edits, fake, tmp_path,
                                                                 real_clip):
    doc, first, media = shot_with_take(studio, tmp_path, real_clip)
    second = doc.add_take(Take(shot_id=doc.shots[1].id, provider="platform",
                               media_path=str(media),
                               remote_ids={"platform_filename": "gen_source.mp4"}))
    assert edits.quote("merge", {}, first, [second]).amount == 4
    outcome = await edits.run(doc, "merge", {}, first, [second])
    assert edit_requests(fake)[-1].json() == {"video_filenames": ["gen_source.mp4"] * 2}
    assert outcome.take.shot_id == first.shot_id and fake.credits == 500 - 4


async def test_frames_land_in_the_project_folder(studio, edits, fake, tmp_path, real_clip):
    doc, take, _ = shot_with_take(studio, tmp_path, real_clip)
    outcome = await edits.run(doc, "extract-frames", {"mode": "all_1fps"}, take)
    assert outcome.take is None and len(outcome.files) == 3
    assert outcome.folder.is_relative_to(studio.paths.data / "projects" / doc.project.id)
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in outcome.files)
    assert str(outcome.folder) in outcome.summary()
    assert doc.takes(take.shot_id) == [take]


async def test_a_take_not_on_the_platform_is_refused_before_any_paid_request(
        studio, edits, fake, tmp_path, real_clip):
    doc, _, media = shot_with_take(studio, tmp_path, real_clip)
    local = doc.add_take(Take(shot_id=doc.shots[0].id, provider="animatic",
                              media_path=str(media)))
    with pytest.raises(ValidationFailed, match="Take 2 was not made on the platform"):
        await edits.run(doc, "crop", {}, local)
    assert edit_requests(fake) == [] and fake.credits == 500


def test_unavailable_until_the_platform_is_configured(studio, fake, monkeypatch):
    edits = RemoteEdits(studio)
    assert "Connect the studio platform in Settings" in edits.unavailable_reason()
    monkeypatch.setenv("REELROOM_PLATFORM_BASE_URL", fake.base_url)
    assert "API key" in edits.unavailable_reason()
    studio.secrets.set("platform", API_KEY)
    assert edits.unavailable_reason() is None


@pytest.mark.parametrize(("tier", "key", "params", "needs"), [
    ("free", "upscale-video", {"scale_factor": 2}, "Creator"),
    ("creator", "face-swap", {"source_image": "a.png", "target_image": "b.png"}, "Pro")])
async def test_a_tool_above_the_plan_is_refused_before_any_request(
        studio, edits, fake, tmp_path, real_clip, tier, key, params, needs):
    from app.services.tier_rules import TierLimitExceeded

    doc, original, _ = shot_with_take(studio, tmp_path, real_clip)
    fake.tier = tier
    with pytest.raises(TierLimitExceeded) as caught:
        await edits.run(doc, key, params, original)
    assert needs in caught.value.user_message()
    assert [r for r in fake.requests if r.method == "POST"] == []
    assert len(doc.takes(original.shot_id)) == 1

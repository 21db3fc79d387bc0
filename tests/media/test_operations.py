from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from app.media import operations as op
from app.media.errors import MediaCancelled, MediaError
from app.media.probe import count_frames, probe

from .conftest import differing_bytes, frame_rgb, stream_duration

FRAME_30 = 1 / 30


async def test_trim_is_frame_accurate(media, tmp_path, unchanged: Callable[[], None]) -> None:
    out = await op.trim(media["c"], tmp_path / "t.mp4", 1.0, 2.5)
    info = await probe(out)
    assert info.duration == pytest.approx(1.5, abs=FRAME_30)
    assert await count_frames(out) in (44, 45, 46)
    # The first kept frame is the source's frame at 1.0 s, not the keyframe before it.
    assert differing_bytes(frame_rgb(out, 0), frame_rgb(media["c"], 1.0)) < 2000
    unchanged()


async def test_trim_validation(media, tmp_path) -> None:
    with pytest.raises(ValueError, match="out_s must be after in_s"):
        await op.trim(media["a"], tmp_path / "t.mp4", 1.5, 1.0)
    with pytest.raises(ValueError, match="in_s must be 0 or more"):
        await op.trim(media["a"], tmp_path / "t.mp4", -1, 1.0)
    with pytest.raises(ValueError, match="different file"):
        await op.trim(media["a"], media["a"], 0, 1)


@pytest.mark.parametrize(("factor", "expected"), [(2.0, 1.0), (0.5, 4.0)])
async def test_speed(media, tmp_path, unchanged, factor: float, expected: float) -> None:
    out = await op.speed(media["a"], tmp_path / "s.mp4", factor)
    info = await probe(out)
    assert info.duration == pytest.approx(expected, abs=0.07)
    assert info.fps == pytest.approx(30)
    assert stream_duration(out, "a") == pytest.approx(expected, abs=0.07)
    unchanged()


async def test_speed_range_message(media, tmp_path) -> None:
    with pytest.raises(ValueError, match=r"speed must be between 0.25 and 4 \(got 5\)"):
        await op.speed(media["a"], tmp_path / "s.mp4", 5)


def test_atempo_chain_steps_stay_in_range() -> None:
    assert op.atempo_chain(4) == "atempo=2,atempo=2"
    assert op.atempo_chain(0.25) == "atempo=0.5,atempo=0.5"
    assert op.atempo_chain(1.5) == "atempo=1.5"


async def test_crop(media, tmp_path, unchanged) -> None:
    out = await op.crop(media["a"], tmp_path / "c.mp4", 40, 20, 100, 80)
    info = await probe(out)
    assert (info.width, info.height) == (100, 80) and info.has_audio
    with pytest.raises(ValueError, match="x must be between 0 and 220"):
        await op.crop(media["a"], tmp_path / "c2.mp4", 300, 0, 100, 80)
    with pytest.raises(ValueError, match="w must be a positive even number"):
        await op.crop(media["a"], tmp_path / "c2.mp4", 0, 0, 101, 80)
    unchanged()


@pytest.mark.parametrize(
    ("mode", "size"), [("pad", (200, 200)), ("stretch", (200, 200)), ("fit", (200, 112))]
)
async def test_resize_modes(media, tmp_path, unchanged, mode: str, size: tuple[int, int]) -> None:
    out = await op.resize(media["a"], tmp_path / f"{mode}.mp4", 200, 200, mode)  # type: ignore
    info = await probe(out)
    assert (info.width, info.height) == size
    unchanged()


async def test_resize_pad_letterboxes(media, tmp_path) -> None:
    out = await op.resize(media["a"], tmp_path / "p.mp4", 200, 200, "pad")
    top_row = frame_rgb(out, 0.5)[: 200 * 3 * 4]  # 16:9 in a square: black bars above/below
    assert max(top_row) < 30


async def test_text_overlay_changes_pixels_only_when_enabled(media, tmp_path, unchanged) -> None:
    out = await op.text_overlay(
        media["a"],
        tmp_path / "t.mp4",
        "Hello: it's 100% [ok]",
        x=10,
        y=10,
        size=28,
        colour="#ff00ff",
        start=1.0,
        end=2.0,
    )
    assert differing_bytes(frame_rgb(out, 1.5), frame_rgb(media["a"], 1.5)) > 500
    assert differing_bytes(frame_rgb(out, 0.3), frame_rgb(media["a"], 0.3)) < 200
    unchanged()


async def test_text_overlay_validation(media, tmp_path) -> None:
    with pytest.raises(ValueError, match="colour must be"):
        await op.text_overlay(media["a"], tmp_path / "t.mp4", "x", colour="red; rm")
    with pytest.raises(ValueError, match="end must be after start"):
        await op.text_overlay(media["a"], tmp_path / "t.mp4", "x", start=2, end=1)


async def test_watermark_text(media, tmp_path, unchanged) -> None:
    out = await op.watermark_text(
        media["a"], tmp_path / "w.mp4", "REELROOM", position="top-left", size=30, opacity=1.0
    )
    assert (await probe(out)).has_audio
    a, b = frame_rgb(out, 1.0), frame_rgb(media["a"], 1.0)
    row = 320 * 3
    top = differing_bytes(a[: row * 60], b[: row * 60])
    bottom = differing_bytes(a[row * 120 :], b[row * 120 :])
    assert top > 500 and bottom < 200  # the mark is where it was asked for
    with pytest.raises(ValueError, match="position must be one of"):
        await op.watermark_text(media["a"], tmp_path / "w2.mp4", "x", position="middle")
    unchanged()


async def test_watermark_image(media, tmp_path, unchanged) -> None:
    out = await op.watermark_image(
        media["a"],
        tmp_path / "w.mp4",
        media["logo"],
        position="bottom-right",
        opacity=1.0,
        scale=0.25,
        margin=0,
    )
    frame = frame_rgb(out, 1.0)
    # The red logo is 80 px wide (a quarter of 320) in the bottom-right corner.
    x, y = 320 - 40, 180 - 40
    r, g, b = frame[(y * 320 + x) * 3 : (y * 320 + x) * 3 + 3]
    assert r > 200 and g < 60 and b < 60
    assert (await probe(out)).has_audio
    unchanged()


async def test_burn_subtitles(media, tmp_path, unchanged) -> None:
    out = await op.burn_subtitles(media["b"], tmp_path / "s.mp4", media["srt"])
    assert differing_bytes(frame_rgb(out, 1.0), frame_rgb(media["b"], 1.0)) > 300
    with pytest.raises(ValueError, match="subtitles must be"):
        await op.burn_subtitles(media["b"], tmp_path / "s2.mp4", media["logo"])
    unchanged()


@pytest.mark.parametrize("mode", ["mix", "replace"])
async def test_add_audio(media, tmp_path, unchanged, mode: str) -> None:
    out = await op.add_audio(
        media["a"],
        tmp_path / f"{mode}.mp4",
        media["tone"],
        mode=mode,  # type: ignore[arg-type]
    )
    info = await probe(out)
    assert info.has_audio and (info.width, info.height) == (320, 180)
    # The 1 s tone is padded with silence to the 2 s video.
    assert stream_duration(out, "a") == pytest.approx(2.0, abs=0.05)
    unchanged()


async def test_add_audio_to_silent_clip(media, tmp_path) -> None:
    out = await op.add_audio(media["b"], tmp_path / "m.mp4", media["tone"], mode="mix")
    assert (await probe(out)).has_audio


async def test_extract_frames(media, tmp_path, unchanged) -> None:
    by_count = await op.extract_frames(media["a"], tmp_path / "n", count=5)
    assert len(by_count) == 5 and all(p.suffix == ".png" and p.exists() for p in by_count)
    assert sorted((tmp_path / "n").iterdir()) == by_count  # no temporary folder left
    by_fps = await op.extract_frames(media["c"], tmp_path / "f", fps=2)
    assert len(by_fps) == 6
    first = await probe(by_fps[0])
    assert first.kind == "image" and (first.width, first.height) == (320, 180)
    with pytest.raises(ValueError, match="exactly one of fps or count"):
        await op.extract_frames(media["a"], tmp_path / "x", fps=1, count=2)
    unchanged()


async def test_to_gif(media, tmp_path, unchanged) -> None:
    out = await op.to_gif(media["a"], tmp_path / "a.gif", fps=10, width=160)
    assert out.read_bytes()[:6] in (b"GIF89a", b"GIF87a")
    info = await probe(out)
    assert info.video_codec == "gif" and info.width == 160
    assert await count_frames(out) == pytest.approx(20, abs=1)
    with pytest.raises(ValueError, match="must end in .gif"):
        await op.to_gif(media["a"], tmp_path / "a.mp4")
    unchanged()


async def test_corrupt_input_names_file(media, tmp_path) -> None:
    with pytest.raises(MediaError, match="clip.mp4 is not a readable media file"):
        await op.resize(media["corrupt"], tmp_path / "r.mp4", 100, 100)
    assert list(tmp_path.iterdir()) == []


async def test_cancelled_extract_leaves_nothing(media, tmp_path) -> None:
    cancel = asyncio.Event()
    out_dir = tmp_path / "frames"

    async def cancel_once_frames_appear() -> None:
        # Cancel as soon as ffmpeg has written its first PNG: the other ~299 are still to come.
        while not any(out_dir.glob(".frames.tmp-*/*.png")):
            await asyncio.sleep(0.005)
        cancel.set()

    watcher = asyncio.create_task(cancel_once_frames_appear())
    with pytest.raises(MediaCancelled, match="long.mp4"):
        await op.extract_frames(media["long"], out_dir, fps=30, cancel=cancel)
    await watcher
    assert list(out_dir.iterdir()) == []


async def test_still_image_is_refused(media, tmp_path) -> None:
    with pytest.raises(ValueError, match="logo.png is a still image"):
        await op.speed(media["logo"], tmp_path / "s.mp4", 2)

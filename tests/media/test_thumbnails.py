from __future__ import annotations

from pathlib import Path

import pytest

from app.media import thumbnails
from app.media.errors import MediaError
from app.media.probe import probe
from app.media.thumbnails import make_thumbnail


async def test_video_thumbnail_is_cached(media, tmp_path, monkeypatch) -> None:
    thumb = await make_thumbnail(media["a"], tmp_path, width=160)
    info = await probe(thumb)
    assert thumb.suffix == ".jpg" and info.kind == "image"
    assert (info.width, info.height) == (160, 90)

    async def must_not_run(*args, **kwargs):
        raise AssertionError("a cached thumbnail was rendered again")

    monkeypatch.setattr(thumbnails, "run_ffmpeg", must_not_run)
    monkeypatch.setattr(thumbnails, "probe", must_not_run)
    assert await make_thumbnail(media["a"], tmp_path, width=160) == thumb


async def test_different_time_or_width_is_a_different_thumbnail(media, tmp_path) -> None:
    a = await make_thumbnail(media["c"], tmp_path, at_seconds=0.1)
    b = await make_thumbnail(media["c"], tmp_path, at_seconds=2.5)
    assert a != b and a.read_bytes() != b.read_bytes()
    assert (await probe(a)).width == 320  # never upscaled beyond the source


async def test_seek_past_end_still_gives_a_frame(media, tmp_path) -> None:
    thumb = await make_thumbnail(media["a"], tmp_path, at_seconds=60)
    assert (await probe(thumb)).kind == "image"


async def test_image_thumbnail_is_a_scaled_png(media, tmp_path) -> None:
    thumb = await make_thumbnail(media["logo"], tmp_path, width=32)
    info = await probe(thumb)
    assert thumb.suffix == ".png" and (info.width, info.height) == (32, 32)


async def test_changed_source_gets_a_new_thumbnail(media, tmp_path) -> None:
    src = tmp_path / "src.mp4"
    src.write_bytes(media["a"].read_bytes())
    first = await make_thumbnail(src, tmp_path / "t")
    src.write_bytes(media["c"].read_bytes())
    second = await make_thumbnail(src, tmp_path / "t")
    assert first != second


async def test_errors(media, tmp_path) -> None:
    with pytest.raises(MediaError, match="tone.m4a has no picture"):
        await make_thumbnail(media["tone"], tmp_path)
    with pytest.raises(MediaError, match="missing.mp4 does not exist"):
        await make_thumbnail(Path(tmp_path / "missing.mp4"), tmp_path)
    with pytest.raises(ValueError, match="width must be between 16 and 4096"):
        await make_thumbnail(media["a"], tmp_path, width=5)

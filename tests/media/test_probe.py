from __future__ import annotations

from pathlib import Path

import pytest

from app.media.errors import MediaError
from app.media.probe import count_frames, probe


async def test_probe_video_with_audio(media: dict[str, Path]) -> None:
    info = await probe(media["a"])
    assert info.kind == "video"
    assert (info.width, info.height) == (320, 180)
    assert info.fps == pytest.approx(30)
    assert info.duration == pytest.approx(2.0, abs=0.05)
    assert info.video_codec == "h264" and info.pixel_format == "yuv420p"
    assert info.has_audio and info.audio_codec == "aac"
    assert (info.sample_rate, info.channels) == (48000, "stereo")
    assert info.size_bytes == media["a"].stat().st_size


async def test_probe_video_without_audio(media: dict[str, Path]) -> None:
    info = await probe(media["b"])
    assert (info.width, info.height, info.fps) == (160, 120, 25)
    assert not info.has_audio and info.audio_codec is None


async def test_probe_image_and_audio(media: dict[str, Path]) -> None:
    img = await probe(media["logo"])
    assert img.kind == "image" and (img.width, img.height) == (64, 64)
    assert img.frame_count == 1 and img.duration == 0
    snd = await probe(media["tone"])
    assert snd.kind == "audio" and not snd.has_video
    assert snd.duration == pytest.approx(1.0, abs=0.05)


async def test_corrupt_file_names_the_file(media: dict[str, Path]) -> None:
    with pytest.raises(MediaError) as err:
        await probe(media["corrupt"])
    assert "clip.mp4 is not a readable media file" in str(err.value)
    assert "Invalid data found" in str(err.value)


async def test_missing_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(MediaError, match="nothere.mp4 does not exist"):
        await probe(tmp_path / "nothere.mp4")
    (tmp_path / "empty.mp4").write_bytes(b"")
    with pytest.raises(MediaError, match="empty.mp4 is empty"):
        await probe(tmp_path / "empty.mp4")


async def test_text_file_is_not_media(tmp_path: Path) -> None:
    notes = tmp_path / "notes.mov"
    notes.write_text("just some words, not a movie\n" * 50)
    with pytest.raises(MediaError, match="notes.mov is not a readable media file"):
        await probe(notes)


async def test_count_frames(media: dict[str, Path]) -> None:
    assert await count_frames(media["a"]) == 60
    assert await count_frames(media["b"]) == 50

"""One film length whatever the export path: a video take lasts as long as its picture, its
sound cut or padded to it, and the cuts fall on the film's frame grid the same way whether the
pictures are copied or re-encoded.

(The defect: five takes of 3.00 s of picture with 3.06 s of sound, as generators often deliver
them, made a 15.00 s film by stream copy, 15.42 s by re-encode, and the timeline said 15.30 s.)
The films are read back with plain ffmpeg: their video packets counted, their sound decoded and
its samples counted."""

from __future__ import annotations

import array
import subprocess
from pathlib import Path

import pytest

from app.media.export import ExportClip, export_project, plan_export
from app.media.probe import probe

from .conftest import FFMPEG, ff, mono_samples

FPS = 24
RATE = 48000
AAC_FRAME = 1024


def _take(out: Path, picture: float, sound: float | None, src: str = "testsrc2") -> Path:
    args = ["-f", "lavfi", "-i", f"{src}=s=160x90:r={FPS}:d={picture}"]
    if sound is not None:
        args += ["-f", "lavfi", "-i", f"sine=f=440:r={RATE}:d={sound}", "-c:a", "aac",
                 "-ar", str(RATE), "-ac", "2"]
    ff(*args, "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", str(out))
    return out


@pytest.fixture(scope="module")
def takes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    d = tmp_path_factory.mktemp("film-length")
    return {
        # the sound runs a frame and a half past the picture
        "long_sound": [_take(d / f"long{n}.mp4", 3.0, 3.06) for n in range(5)],
        # the sound stops half a second before the picture
        "short_sound": [_take(d / f"short{n}.mp4", 3.0, 2.5) for n in range(3)],
    }


def frames(path: Path) -> int:
    """The film's stored pictures: its video packets, counted."""
    out = subprocess.run(
        [FFMPEG, "-hide_banner", "-nostdin", "-loglevel", "error", "-i", str(path),
         "-map", "0:v:0", "-c", "copy", "-f", "framecrc", "-"],
        check=True, capture_output=True, text=True).stdout
    return sum(1 for ln in out.splitlines() if ln and not ln.startswith("#"))


def sound(path: Path) -> array.array:
    """The film's sound, decoded to mono 16-bit samples at 48 kHz."""
    return mono_samples(path, RATE)


async def both_ways(clips: list[ExportClip], folder: Path):
    plan = await plan_export(clips)
    copied = await export_project(plan, folder / "copy.mp4") if plan.stream_copy else None
    encoded = await export_project(plan, folder / "encode.mp4", allow_stream_copy=False)
    return plan, copied, encoded


async def test_a_takes_length_is_its_pictures_not_its_containers(takes) -> None:
    info = await probe(takes["long_sound"][0])
    assert info.frame_count == 3 * FPS
    assert info.duration == 3.0  # 72 frames at 24 fps
    assert info.container_duration == pytest.approx(3.06, abs=0.03)  # the sound's end


async def test_the_same_cut_is_one_length_copied_or_re_encoded(takes, tmp_path) -> None:
    plan, copied, encoded = await both_ways([ExportClip(p) for p in takes["long_sound"]],
                                            tmp_path)
    assert copied is not None and copied.stream_copy and not encoded.stream_copy
    assert plan.expected_duration == 15.0
    assert frames(copied.path) == frames(encoded.path) == 15 * FPS
    assert copied.duration == encoded.duration == 15.0
    # the sound is the picture's length: every take's 60 ms past its picture is cut off
    for film in (copied, encoded):
        assert abs(len(sound(film.path)) - 15 * RATE) <= AAC_FRAME, film.path.name


async def test_trimmed_cuts_fall_on_the_frame_grid_without_drifting(takes, tmp_path) -> None:
    # 1.01 s each: 24.24 frames; rounding each cut on its own would make 5 × 24 (or 25)
    clips = [ExportClip(p, start=0.5, length=1.01) for p in takes["long_sound"]]
    plan, copied, encoded = await both_ways(clips, tmp_path)
    assert copied is None  # a trimmed take is re-encoded
    assert frames(encoded.path) == round(5 * 1.01 * FPS) == 121
    assert plan.expected_duration == encoded.duration == 121 / FPS
    assert abs(len(sound(encoded.path)) - 121 / FPS * RATE) <= AAC_FRAME


async def test_a_sound_shorter_than_its_picture_is_padded_with_silence(takes,
                                                                     tmp_path) -> None:
    plan, copied, encoded = await both_ways([ExportClip(p) for p in takes["short_sound"]],
                                            tmp_path)
    assert copied is not None and plan.expected_duration == 9.0
    for film in (copied, encoded):
        assert frames(film.path) == 9 * FPS
        s = sound(film.path)
        assert abs(len(s) - 9 * RATE) <= AAC_FRAME, film.path.name
        for cut in range(3):
            # the tone plays in each take's first 2.5 s, silence fills its last 0.5 s
            heard = s[int((cut * 3 + 1.0) * RATE):int((cut * 3 + 2.0) * RATE)]
            gap = s[int((cut * 3 + 2.6) * RATE):int((cut * 3 + 2.95) * RATE)]
            assert max(map(abs, heard)) > 1000 and max(map(abs, gap)) < 50, film.path.name


async def test_a_still_and_a_sound_keep_their_own_lengths(media) -> None:
    still, tone = await probe(media["logo"]), await probe(media["tone"])
    assert (still.kind, still.duration, still.frame_count) == ("image", 0.0, 1)
    assert tone.kind == "audio" and tone.frame_count is None
    assert tone.duration == tone.container_duration == pytest.approx(1.0, abs=0.05)

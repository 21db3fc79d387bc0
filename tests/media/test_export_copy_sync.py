"""The stream-copy export keeps every cut's sound on its picture and the film its real length.

Each clip is one solid colour with one tone, so the film can be read back independently of the
code under test: the colour of every decoded frame says where each cut's picture is, the tone
heard at each moment where its sound is. Clips are 1 s at 30 fps; their sound is as long, longer
or shorter than the picture, or missing."""

from __future__ import annotations

import array
import math
import re
import subprocess
from pathlib import Path

import pytest

from app.media.export import ExportClip, export_project, plan_export

from .conftest import FFMPEG, ff, mono_samples, stream_duration

COLOURS = ["red", "lime", "blue", "yellow", "magenta"]
RGB = {"red": (1, 0, 0), "lime": (0, 1, 0), "blue": (0, 0, 1), "yellow": (1, 1, 0),
       "magenta": (1, 0, 1)}
TONES = [400, 700, 1000, 1300, 1600]
FPS = 30
RATE = 8000  # the film's sound is read back at this rate: enough for the tones above
AAC_FRAME = 1024 / 48000
# A spliced sound (app.media.aac_splice) keeps the clips' AAC frames, so a cut's sound starts
# within half a frame of its picture; the tone search itself reads ~3 ms late.
ON_CUT = AAC_FRAME / 2 + 0.004


def _clip(out: Path, n: int, sound: float | None, *, rate: int = 48000, layout: str = "stereo",
          picture: float = 1.0) -> Path:
    args = ["-f", "lavfi", "-i", f"color=c={COLOURS[n]}:s=160x90:r={FPS}:d={picture}"]
    if sound is not None:
        args += ["-f", "lavfi", "-i", f"sine=f={TONES[n]}:r={rate}:d={sound}",
                 "-c:a", "aac", "-ar", str(rate), "-ch_layout", layout]
    # veryfast: B-frames, so the copied packets' decoding times run ahead of their pictures
    ff(*args, "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", str(out))
    return out


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    d = tmp_path_factory.mktemp("copy-sync")
    made: dict[str, list[Path]] = {}
    for case, sound in (("even", 1.0), ("long_sound", 1.06), ("short_sound", 0.9),
                        ("silent", None)):
        made[case] = [_clip(d / f"{case}{n}.mp4", n, sound) for n in range(5)]
    made["mixed"] = [
        _clip(d / "mixed0.mp4", 0, 1.0),
        _clip(d / "mixed1.mp4", 1, None),
        _clip(d / "mixed2.mp4", 2, 1.2, rate=44100, layout="mono"),
        _clip(d / "mixed3.mp4", 3, 0.5),
    ]
    return made


def frame_colours(path: Path) -> list[str]:
    """The colour of every decoded frame, in order (each frame as it was stored)."""
    raw = subprocess.run(
        [FFMPEG, "-hide_banner", "-nostdin", "-loglevel", "error", "-i", str(path),
         "-map", "0:v:0", "-fps_mode", "passthrough", "-vf", "scale=1:1", "-f", "rawvideo",
         "-pix_fmt", "rgb24", "-"],
        check=True, capture_output=True).stdout
    names = {v: k for k, v in RGB.items()}
    return [names.get(tuple(int(c > 127) for c in raw[i:i + 3]), "?")
            for i in range(0, len(raw), 3)]


def picture_times(path: Path) -> list[float]:
    """Every stored picture's presentation time, in order, from the packets themselves."""
    out = subprocess.run(
        [FFMPEG, "-hide_banner", "-nostdin", "-loglevel", "error", "-copyts", "-i", str(path),
         "-map", "0:v:0", "-c", "copy", "-f", "framecrc", "-"],
        check=True, capture_output=True, text=True).stdout
    num, den = map(int, re.search(r"#tb 0: (\d+)/(\d+)", out).groups())
    pts = [int(ln.split(",")[2]) for ln in out.splitlines() if not ln.startswith("#")]
    return sorted(p * num / den for p in pts)


def _samples(path: Path) -> array.array:
    return mono_samples(path, RATE)


def _presence(s: array.array, start: int, width: int, freq: int) -> float:
    """How much of the tone `freq` a window holds (Goertzel), as a share of a window full of
    it: a tone covering half the window holds a quarter."""
    c = 2 * math.cos(2 * math.pi * freq / RATE)
    a = b = 0.0
    for x in s[start:start + width]:
        a, b = x + c * a - b, a
    full = (32768 / 8 * width / 2) ** 2  # lavfi's sine is an eighth of full scale
    return (a * a + b * b - c * a * b) / full


def tone_starts(path: Path, tones: list[int | None], expected: list[float]) -> list[float]:
    """Where each clip's tone (or the silence of a clip without one) begins: the middle of the
    first 10 ms window, searched from 150 ms before where it should, that holds more than a
    quarter of it and more of it than of the tone before (for silence: less than a quarter of
    the tone before)."""
    s, width, step = _samples(path), RATE // 100, RATE // 1000
    found = []
    for k in range(1, len(tones)):
        prev, cur = tones[k - 1], tones[k]
        i = max(0, int((expected[k] - 0.15) * RATE))
        while i + width < len(s):
            before = _presence(s, i, width, prev) if prev else 0.0
            if cur is None and before < 0.25:
                break
            if cur is not None and _presence(s, i, width, cur) > max(before, 0.25):
                break
            i += step
        found.append((i + width / 2) / RATE)
    return found


async def _export(paths: list[Path], out: Path):
    plan = await plan_export([ExportClip(p) for p in paths])
    assert plan.stream_copy, plan.reason
    result = await export_project(plan, out)
    assert result.stream_copy
    return result


def _check_film(result, lengths: list[float], tones: list[int | None]) -> None:
    path = result.path
    cuts = [sum(lengths[:k]) for k in range(len(lengths))]
    film = sum(lengths)
    # the picture: every clip's frames, at their place, with no gap and nothing added
    times = picture_times(path)
    assert times[0] == pytest.approx(0.0, abs=1e-6)
    steps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert max(steps) == pytest.approx(1 / FPS, abs=1e-4) and min(steps) > 0
    expected = [COLOURS[k] for k, n in enumerate(lengths) for _ in range(round(n * FPS))]
    assert frame_colours(path) == expected
    picture = stream_duration(path, "v")
    assert picture == pytest.approx(film, abs=0.5 / FPS)
    assert result.duration == pytest.approx(film, abs=AAC_FRAME)
    # the sound: as long as the picture, and each cut's sound starts with its picture
    assert result.has_audio
    assert stream_duration(path, "a") == pytest.approx(picture, abs=AAC_FRAME)
    if any(tones):
        starts = tone_starts(path, tones, cuts)
        assert starts == pytest.approx(cuts[1:], abs=ON_CUT)


@pytest.mark.parametrize("case", ["even", "long_sound", "short_sound", "silent"])
async def test_a_copied_film_keeps_sound_on_picture(clips, tmp_path, case) -> None:
    result = await _export(clips[case], tmp_path / f"{case}.mp4")
    tones: list[int | None] = [None] * 5 if case == "silent" else list(TONES)
    if case == "silent":
        # silence fills the film: a sound stream as long as the picture, all of it quiet
        assert max(abs(x) for x in _samples(result.path)) < 30
    _check_film(result, [1.0] * 5, tones)


async def test_clips_whose_sound_differs_in_format_or_is_missing_are_still_copied(
    clips, tmp_path
) -> None:
    result = await _export(clips["mixed"], tmp_path / "mixed.mp4")
    _check_film(result, [1.0] * 4, [TONES[0], None, TONES[2], TONES[3]])
    s = _samples(result.path)
    quiet = s[int(1.1 * RATE):int(1.9 * RATE)]  # the clip without sound is silent
    assert max(abs(x) for x in quiet) < 30
    short = s[int(3.6 * RATE):int(3.95 * RATE)]  # a sound shorter than its picture ends
    assert max(abs(x) for x in short) < 30


async def test_the_copied_films_length_is_its_pictures_for_many_cuts(clips, tmp_path) -> None:
    paths = clips["even"] * 4  # twenty cuts: a drift of a few ms a cut would add up
    result = await _export(paths, tmp_path / "twenty.mp4")
    picture = stream_duration(result.path, "v")
    assert picture == pytest.approx(20.0, abs=0.5 / FPS)
    assert stream_duration(result.path, "a") == pytest.approx(picture, abs=AAC_FRAME)
    tones = [TONES[k % 5] for k in range(20)]
    starts = tone_starts(result.path, tones, [float(k) for k in range(20)])
    assert starts == pytest.approx([float(k) for k in range(1, 20)], abs=ON_CUT)


def _top_boxes(path: Path) -> list[str]:
    data, boxes, at = path.read_bytes(), [], 0
    while at + 8 <= len(data):
        size = int.from_bytes(data[at:at + 4], "big")
        boxes.append(data[at + 4:at + 8].decode("latin-1"))
        if size < 8:
            break
        at += size
    return boxes


async def test_a_copied_film_starts_at_once_and_keeps_its_sounds_language(
    clips, tmp_path
) -> None:
    tagged = tmp_path / "tagged.mp4"
    ff("-i", str(clips["even"][0]), "-map", "0", "-c", "copy", "-metadata:s:a:0",
       "language=fra", str(tagged))
    film = await _export([tagged, *clips["even"][1:3]], tmp_path / "film.mp4")
    boxes = _top_boxes(film.path)
    assert boxes.index("moov") < boxes.index("mdat")  # faststart: players start at once
    described = subprocess.run([FFMPEG, "-hide_banner", "-i", str(film.path)],
                               capture_output=True, text=True).stderr
    assert re.search(r"Stream #0:1\S*\(fra\): Audio: aac", described), described
    # the picture another pass mixes the sound of: index last, the sound exact float PCM
    plan = await plan_export([ExportClip(p) for p in clips["long_sound"]])
    picture = await export_project(plan, tmp_path / "picture.mov", intermediate=True)
    assert picture.stream_copy
    boxes = _top_boxes(picture.path)
    assert boxes.index("mdat") < boxes.index("moov")
    assert stream_duration(picture.path, "v") == pytest.approx(5.0, abs=0.5 / FPS)
    assert stream_duration(picture.path, "a") == pytest.approx(5.0, abs=1e-3)

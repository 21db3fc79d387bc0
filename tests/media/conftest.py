"""Small real media made once per session with the bundled ffmpeg, plus helpers that look
at results independently of the code under test (plain ffmpeg subprocesses)."""

from __future__ import annotations

import array
import hashlib
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import imageio_ffmpeg
import pytest

FFMPEG = imageio_ffmpeg.get_ffmpeg_exe()
X264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
AAC = ["-c:a", "aac", "-ar", "48000", "-ac", "2"]


def ff(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [FFMPEG, "-hide_banner", "-nostdin", "-y", "-loglevel", "error", *args],
        check=True,
        capture_output=True,
    )


def _video(
    out: Path, size: str, fps: int, dur: float, *, audio: bool, src: str = "testsrc"
) -> Path:
    args = ["-f", "lavfi", "-i", f"{src}=s={size}:r={fps}:d={dur}"]
    if audio:
        args += ["-f", "lavfi", "-i", f"sine=f=440:r=48000:d={dur}", *AAC, "-shortest"]
    ff(*args, *X264, str(out))
    return out


@pytest.fixture(scope="session")
def media(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("media-src")
    m = {
        "a": _video(d / "a.mp4", "320x180", 30, 2, audio=True),
        "a2": _video(d / "a2.mp4", "320x180", 30, 2, audio=True, src="testsrc2"),
        "b": _video(d / "b.mp4", "160x120", 25, 2, audio=False),
        "c": _video(d / "c.mp4", "320x180", 30, 3, audio=True, src="testsrc2"),
        "long": _video(d / "long.mp4", "320x180", 30, 10, audio=True),
    }
    m["logo"] = d / "logo.png"
    ff(
        "-f",
        "lavfi",
        "-i",
        "color=c=red:s=64x64:d=0.04",
        "-frames:v",
        "1",
        "-update",
        "1",
        str(m["logo"]),
    )
    m["tone"] = d / "tone.m4a"
    ff("-f", "lavfi", "-i", "sine=f=1000:r=44100:d=1", "-c:a", "aac", str(m["tone"]))
    m["srt"] = d / "subs.srt"
    m["srt"].write_text(
        "1\n00:00:00,000 --> 00:00:02,000\nHELLO SUBTITLES WORLD\n", encoding="utf-8"
    )
    m["corrupt"] = d / "clip.mp4"
    m["corrupt"].write_bytes(bytes(range(256)) * 40)
    return m


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def unchanged(media: dict[str, Path]) -> Callable[[], None]:
    """Call at the end of a test: every source file still has its original bytes."""
    before = {k: sha256(p) for k, p in media.items()}

    def check() -> None:
        after = {k: sha256(p) for k, p in media.items()}
        assert after == before

    return check


def frame_rgb(path: Path, at: float, size: tuple[int, int] | None = None) -> bytes:
    """One decoded frame as raw RGB bytes (optionally scaled, to compare different sizes)."""
    vf = ["-vf", f"scale={size[0]}:{size[1]}"] if size else []
    out = subprocess.run(
        [
            FFMPEG,
            "-hide_banner",
            "-nostdin",
            "-loglevel",
            "error",
            "-ss",
            f"{at}",
            "-i",
            str(path),
            *vf,
            "-frames:v",
            "1",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "-",
        ],
        check=True,
        capture_output=True,
    ).stdout
    assert out, f"no frame decoded from {path} at {at}"
    return out


def differing_bytes(a: bytes, b: bytes, tolerance: int = 40) -> int:
    assert len(a) == len(b)
    return sum(1 for x, y in zip(a, b, strict=True) if abs(x - y) > tolerance)


def stream_duration(path: Path, stream: str) -> float:
    """Decoded length of the first `v` or `a` stream, from ffmpeg's own progress report."""
    out = subprocess.run(
        [
            FFMPEG,
            "-hide_banner",
            "-nostdin",
            "-loglevel",
            "error",
            "-i",
            str(path),
            "-map",
            f"0:{stream}:0",
            "-f",
            "null",
            "-",
            "-progress",
            "pipe:1",
            "-nostats",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    times = re.findall(r"out_time_us=(\d+)", out)
    return int(times[-1]) / 1e6


def mono_samples(path: Path, rate: int) -> array.array:
    """The file's first sound, decoded to mono 16-bit samples at `rate`."""
    raw = subprocess.run(
        [FFMPEG, "-hide_banner", "-nostdin", "-loglevel", "error", "-i", str(path),
         "-map", "0:a:0", "-ac", "1", "-ar", str(rate), "-f", "s16le", "-"],
        check=True, capture_output=True).stdout
    samples = array.array("h")
    samples.frombytes(raw)
    return samples

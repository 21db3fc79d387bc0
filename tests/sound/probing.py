"""Looking at an exported film with plain ffmpeg, independently of the code under test."""

from __future__ import annotations

import math
import re
import struct
import subprocess
from pathlib import Path

from tests.sound.conftest import FFMPEG


def streams(path: Path) -> tuple[float, list[str]]:
    """(duration, stream kinds) as ffmpeg reports them."""
    err = subprocess.run([FFMPEG, "-hide_banner", "-i", str(path)], capture_output=True,
                         text=True).stderr
    h, m, s = re.search(r"Duration: (\d+):(\d+):([\d.]+)", err).groups()
    kinds = re.findall(r"Stream #\d+:\d+.*?: (Video|Audio|Subtitle):", err)
    return int(h) * 3600 + int(m) * 60 + float(s), kinds


def rms(path: Path, start: float, end: float) -> float:
    """Root mean square of the film's sound (mono, 8 kHz) between two times."""
    raw = subprocess.run([FFMPEG, "-hide_banner", "-loglevel", "error", "-i", str(path),
                          "-ss", f"{start}", "-to", f"{end}", "-vn", "-ac", "1", "-ar", "8000",
                          "-f", "s16le", "-"], capture_output=True, check=True).stdout
    samples = struct.unpack(f"<{len(raw) // 2}h", raw)
    return math.sqrt(sum(x * x for x in samples) / max(1, len(samples))) / 32768


def frame(path: Path, seconds: float) -> bytes:
    return subprocess.run([FFMPEG, "-hide_banner", "-loglevel", "error", "-ss", f"{seconds}",
                           "-i", str(path), "-frames:v", "1", "-f", "rawvideo", "-pix_fmt",
                           "gray", "-"], capture_output=True, check=True).stdout


def frame_difference(a: bytes, b: bytes) -> float:
    """Mean absolute difference of two grey frames, 0..255."""
    assert len(a) == len(b) and a
    return sum(abs(x - y) for x, y in zip(a, b, strict=True)) / len(a)

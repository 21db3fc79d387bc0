"""Shot inputs against the fakes: a project whose shots go to the platform, and real media
files (PNG stills, a WAV clip) to put into the input slots."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from app.media.ffmpeg import ffmpeg_exe


def _ffmpeg(*args: str) -> None:
    subprocess.run([ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-y", *args], check=True)


@pytest.fixture(scope="session")
def stills(tmp_path_factory) -> tuple[Path, Path]:
    """Two different real PNGs: a first and a last frame."""
    folder = tmp_path_factory.mktemp("stills")
    first, last = folder / "dawn.png", folder / "dusk.png"
    _ffmpeg("-f", "lavfi", "-i", "color=c=orange:s=32x24", "-frames:v", "1", str(first))
    _ffmpeg("-f", "lavfi", "-i", "color=c=navy:s=32x24", "-frames:v", "1", str(last))
    return first, last


@pytest.fixture(scope="session")
def voice_clip(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("audio") / "line.wav"
    _ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:duration=0.5", str(out))
    return out

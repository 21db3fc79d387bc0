"""Audio and subtitle files made with the bundled ffmpeg (independent of the code under test)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import imageio_ffmpeg
import pytest

FFMPEG = imageio_ffmpeg.get_ffmpeg_exe()

SRT = """1
00:00:00,500 --> 00:00:01,500
Hello there

2
00:00:02,000 --> 00:00:03,250
<i>Second</i> line
of two
"""


def tone(out: Path, freq: int, seconds: float, volume: float = 0.5) -> Path:
    subprocess.run([FFMPEG, "-hide_banner", "-nostdin", "-y", "-loglevel", "error",
                    "-f", "lavfi", "-i", f"sine=f={freq}:r=48000:d={seconds}",
                    "-af", f"volume={volume}", str(out)], check=True, capture_output=True)
    return out


@pytest.fixture(scope="session")
def sounds(tmp_path_factory) -> dict[str, Path]:
    return make_sounds(tmp_path_factory.mktemp("sounds"))


def make_sounds(d: Path) -> dict[str, Path]:
    """A 6 s music bed (220 Hz), a 1.5 s voice (880 Hz, louder) and a two-cue SRT."""
    srt = d / "words.srt"
    srt.write_text(SRT, encoding="utf-8")
    return {"sine": tone(d / "music.wav", 220, 6.0, 0.3),
            "voice": tone(d / "voice.flac", 880, 1.5, 0.8),
            "srt": srt}

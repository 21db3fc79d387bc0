"""The studio window with qasync's loop running as in the app (the queue tests' fixtures,
reused so interchange is tested in the same window the other features build)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import imageio_ffmpeg
import pytest

from tests.ui_queue.conftest import window  # noqa: F401 - a fixture


@pytest.fixture(scope="session")
def clip(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("interchange-clip") / "clip.mp4"
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-nostdin", "-y",
                    "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=s=64x36:r=8:d=2",
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(out)],
                   check=True)
    return out

"""Fixtures for the embedded player tests: offscreen Qt and small generated clips."""

from __future__ import annotations

import os

# Before anything imports Qt: no display on CI, and pytest-qt creates the QApplication.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import subprocess  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import imageio_ffmpeg  # noqa: E402
import pytest  # noqa: E402

CLIP_MS = 3000


def make_clip(path: Path, seconds: float, color_source: str = "testsrc2") -> Path:
    """320x180 H.264 (ultrafast) at 30 fps with a 440 Hz sine track."""
    subprocess.run(
        [
            imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-loglevel", "error",
            "-f", "lavfi", "-i", f"{color_source}=size=320x180:rate=30",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100",
            "-t", str(seconds),
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-shortest", str(path),
        ],
        check=True,
        timeout=60,
    )
    return path


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Turn off pytest-qt's Qt message capture for the player tests.

    pytest-qt captures Qt messages with a *Python* handler, so a QtMultimedia worker thread
    that logs needs the GIL; meanwhile the GUI thread can sit in QMediaPlayer.stop(), which
    blocks on that worker without releasing the GIL: a deadlock (seen here about one run in
    six, gdb-confirmed).  Only items in this folder are marked.
    """
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.no_qt_log)


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("player_media")


@pytest.fixture(scope="session")
def clip(media_dir: Path) -> Path:
    """The 3-second test clip."""
    return make_clip(media_dir / "clip3s.mp4", CLIP_MS / 1000)


@pytest.fixture(scope="session")
def short_clips(media_dir: Path) -> list[Path]:
    """Two 1-second takes for sequence tests (kept short so the suite stays fast)."""
    return [
        make_clip(media_dir / "take_a.mp4", 1.0),
        make_clip(media_dir / "take_c.mp4", 1.0, "testsrc"),
    ]


@pytest.fixture(scope="session")
def vtt_file(media_dir: Path) -> Path:
    path = media_dir / "clip3s.vtt"
    path.write_text(
        "WEBVTT\n\n"
        "1\n00:00.000 --> 00:00.900\nOpening line\n\n"
        "2\n00:01.000 --> 00:02.000\nA subtitle on the picture\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(params=["qt", "vlc"])
def backend(request: pytest.FixtureRequest, qapp: object) -> Iterator[object]:
    """Each real playback engine in turn (vlc gets dummy outputs on offscreen)."""
    if request.param == "qt":
        from ui.player.qt_backend import QtBackend

        engine = QtBackend()
    else:
        from ui.player.vlc_backend import VlcBackend

        engine = VlcBackend()
    yield engine
    engine.shutdown()
    engine.deleteLater()

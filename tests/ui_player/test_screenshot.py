"""A real picture of the panel mid-clip, for docs and for a human to look at."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from ui.player.player_panel import PlayerPanel

DOCS_SHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "player.png"


def test_screenshot_of_the_panel_playing(
    qtbot: QtBot, clip: Path, vtt_file: Path, tmp_path: Path
) -> None:
    # The docs copy is refreshed only on request, so a test run leaves the work tree clean.
    shot = DOCS_SHOT if os.environ.get("REELROOM_UPDATE_SCREENSHOTS") else tmp_path / "player.png"
    # QtMultimedia: libvlc's dummy output offscreen has no picture to show.
    panel = PlayerPanel(preference="qt")
    qtbot.addWidget(panel)
    panel.resize(800, 500)
    panel.show()
    try:
        panel.play_file(clip)
        assert panel.load_subtitles(vtt_file)
        qtbot.waitUntil(lambda: panel.backend.position_ms > 1300, timeout=5000)
        panel.backend.pause()
        qtbot.waitUntil(lambda: panel.backend.state == "paused", timeout=3000)
        qtbot.wait(100)
        shot.parent.mkdir(parents=True, exist_ok=True)
        pixmap = panel.grab()
        assert pixmap.save(str(shot))
        image: QImage = pixmap.toImage()
        video = panel.backend.video_widget()
        top_left = video.mapTo(panel, video.rect().topLeft())
        centre = image.pixelColor(top_left.x() + video.width() // 2, top_left.y() + 40)
        assert centre.red() + centre.green() + centre.blue() > 60, "the picture is showing"
        assert panel.transport.geometry().top() >= video.geometry().bottom()
        assert panel.transport.position_label.text().startswith("00:01.")
        assert panel.transport.duration_label.text() == "00:03.00"
    finally:
        panel.shutdown()

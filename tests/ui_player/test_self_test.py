"""The player half of the self-test, run as `reelroom-cli self-test` runs it (a child
process): Qt Multimedia plays the clip to its end and a frame read back is not black; libvlc,
with no display to draw into, fails and says to use Xvfb rather than passing unseen."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from PySide6.QtGui import QColor, QImage

from app.selftest import make_clip
from ui.player.self_test import NOT_BLACK, brightness


def test_black_and_a_picture_are_told_apart(qapp):
    black = QImage(64, 36, QImage.Format.Format_RGB32)
    black.fill(QColor(0, 0, 0))
    grey = QImage(64, 36, QImage.Format.Format_RGB32)
    grey.fill(QColor(90, 100, 110))
    assert brightness(black) < NOT_BLACK < brightness(grey)
    assert brightness(None) == 0 and brightness(QImage()) == 0


def test_without_a_display_qt_plays_and_vlc_says_why_not(tmp_path):
    clip = make_clip(tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    done = subprocess.run([sys.executable, "-m", "ui.player.self_test", str(clip)],
                          capture_output=True, text=True, env=env, timeout=120)
    lines = [json.loads(x) for x in done.stdout.splitlines() if x.startswith("{")]
    by_backend = {x["backend"]: x for x in lines}
    assert by_backend["qt"]["ok"], by_backend["qt"]
    assert "played self-test-clip.mp4 to its end" in by_backend["qt"]["detail"]
    assert not by_backend["vlc"]["ok"]
    detail = by_backend["vlc"]["detail"]
    assert "xvfb-run" in detail or "libvlc" in detail.lower()
    assert done.returncode == 1

"""The player half of `reelroom-cli self-test`: play CLIP to its end through each backend and
read a frame back mid-way; print one JSON line per backend.

    python -m ui.player.self_test CLIP

The frame is read the way a user would see it: for Qt Multimedia the frame its sink
delivered, for libvlc the pixels of the window libvlc draws into, grabbed from the screen (on
Linux; elsewhere the picture libvlc's video output shows, as a snapshot).
libvlc needs a real window system for that; with none (no DISPLAY on Linux) the VLC check
fails and says to run under Xvfb, while Qt Multimedia is checked offscreen."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

# Mean brightness (0-255) above which a frame is "not black"; the test pattern is ~100.
NOT_BLACK = 24
WINDOW = (320, 180)


def has_display() -> bool:
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def brightness(image) -> float:
    """Mean of R, G and B over a grid of samples (enough to tell a picture from black)."""
    if image is None or image.isNull() or image.width() == 0 or image.height() == 0:
        return 0.0
    total, count = 0, 0
    for y in range(4, image.height(), max(1, image.height() // 24)):
        for x in range(4, image.width(), max(1, image.width() // 32)):
            c = image.pixelColor(x, y)
            total += c.red() + c.green() + c.blue()
            count += 3
    return total / count if count else 0.0


def _wait(app, until, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while not until():
        if time.monotonic() > deadline:
            return False
        app.processEvents()
        time.sleep(0.01)
    return True


def check_backend(app, name: str, clip: Path) -> dict[str, object]:
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    if name == "vlc":
        from ui.player.probe import probe_vlc

        probe = probe_vlc()
        if not probe.ok:
            return {"ok": False, "detail": probe.reason}
        if not has_display():
            return {"ok": False, "detail": "no display (DISPLAY is not set): libvlc draws into "
                    "a window; run the self-test under Xvfb: xvfb-run -a reelroom-cli "
                    "self-test"}
        from ui.player.vlc_backend import VlcBackend

        backend = VlcBackend()
    else:
        from PySide6.QtMultimedia import QMediaPlayer

        if not QMediaPlayer().isAvailable():
            return {"ok": False, "detail": "Qt Multimedia has no media backend: its FFmpeg "
                    "plugin (plugins/multimedia) or the FFmpeg libraries it links did not "
                    "load (QT_DEBUG_PLUGINS=1 shows why)"}
        from ui.player.qt_backend import QtBackend

        backend = QtBackend()
    window = QWidget()
    window.setWindowTitle(f"Reelroom self-test ({name})")
    layout = QVBoxLayout(window)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(backend.video_widget())
    window.resize(*WINDOW)
    window.show()
    ended, errors, seen = [], [], []
    backend.finished.connect(lambda: ended.append(True))
    backend.error.connect(errors.append)
    try:
        backend.set_muted(True)
        backend.load(clip)
        backend.play()
        started = time.monotonic()
        if not _wait(app, lambda: errors or backend.position_ms >= 800, 30):
            return {"ok": False, "detail": f"did not start playing {clip.name} within 30 s"}
        if errors:
            return {"ok": False, "detail": errors[0]}
        # let a few frames reach the screen before reading one back
        _wait(app, lambda: False, 0.3)
        image = _read_frame(name, backend)
        seen.append(brightness(image))
        if not _wait(app, lambda: ended or errors, 30):
            return {"ok": False, "detail": f"never reached the end of {clip.name} "
                    f"(stuck at {backend.position_ms} ms of {backend.duration_ms} ms)"}
        if errors:
            return {"ok": False, "detail": errors[0]}
        took = time.monotonic() - started
    finally:
        backend.shutdown()
        window.close()
    if seen[0] < NOT_BLACK:
        where = ("the window libvlc draws into" if name == "vlc" else "the video sink")
        hint = (": libvlc has no working video output (install vlc-plugin-video-output)"
                if name == "vlc" else "")
        return {"ok": False, "detail": f"played to the end, but the frame read from {where} "
                f"is black (brightness {seen[0]:.0f}){hint}"}
    return {"ok": True, "detail": f"played {clip.name} to its end in {took:.1f} s; the frame "
            f"read back mid-way is not black (brightness {seen[0]:.0f})"}


def _read_frame(name: str, backend):
    if name == "qt":
        return backend.frame_view.current_image()
    from PySide6.QtGui import QGuiApplication, QImage

    surface = backend.video_widget()
    if sys.platform.startswith("linux"):
        # X lets us read back what libvlc's video output drew into our window
        screen = surface.screen() or QGuiApplication.primaryScreen()
        return screen.grabWindow(int(surface.winId())).toImage()
    # Windows (Direct3D surfaces) and macOS (screen-recording permission) do not reliably give
    # a window's pixels back: ask the video output itself for the picture it is showing.
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "frame.png"
        if backend._mp.video_take_snapshot(0, str(path), 0, 0) != 0:
            return None
        _wait(QGuiApplication.instance(), path.exists, 5)
        return QImage(str(path))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or not Path(argv[0]).is_file():
        print("usage: python -m ui.player.self_test CLIP", file=sys.stderr)
        return 2
    clip = Path(argv[0])
    if not has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    failed = False
    for name in ("qt", "vlc"):
        try:
            result = check_backend(app, name, clip)
        except Exception as exc:  # a broken engine is a finding, reported, not a traceback
            result = {"ok": False, "detail": f"{type(exc).__name__}: {exc}"}
        failed |= not result["ok"]
        print(json.dumps({"backend": name, **result}), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

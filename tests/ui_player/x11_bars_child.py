"""Run in a child process on a real X server: open a clip in the Player and report, as one JSON
line, the colours on screen across the bars (first frame paused; paused again after a menu was
open over the picture and closed; then while playing)."""

from __future__ import annotations

import json
import sys
import time

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtWidgets import QApplication, QMenu

BARS = 7


def screen_colours(app: QApplication, widget) -> list[str]:
    """The pixels the X server shows over `widget` (libvlc's native window included)."""
    top_left = widget.mapToGlobal(widget.rect().topLeft())
    image = app.primaryScreen().grabWindow(
        0, top_left.x(), top_left.y(), widget.width(), widget.height()).toImage()
    w, h = image.width(), image.height()
    return [image.pixelColor(int(w * (i + 0.5) / BARS), h // 3).name() for i in range(BARS)]


def main() -> int:
    preference, clip = sys.argv[1], sys.argv[2]
    app = QApplication(sys.argv[:1])
    from ui.player.player_panel import PlayerPanel

    panel = PlayerPanel(preference=preference)
    panel.resize(560, 460)
    panel.show()
    report: dict[str, object] = {"backend": panel.backend_name, "reason": panel.backend_reason}
    panel.load_file(clip)  # cued: the first frame, paused
    started = time.monotonic()

    last: list[list[str]] = [[]]

    def wait(key: str, then) -> None:
        # The picture is settled when every bar is lit and two grabs agree (the native window
        # can first be drawn at its old size); a black player never settles and times out.
        colours = screen_colours(app, panel.backend.video_widget())
        lit = all(c != "#000000" for c in colours) and colours == last[0]
        last[0] = colours
        if lit or time.monotonic() - started > 10:
            report[key] = colours
            report[f"{key}_state"] = panel.backend.state
            then()
        else:
            QTimer.singleShot(100, lambda: wait(key, then))

    def play() -> None:
        nonlocal started
        started = time.monotonic()
        panel.toggle()
        QTimer.singleShot(800, lambda: wait("playing", app.quit))

    # a menu over the paused picture (and the transport under it), then closed: what it
    # covered must show the picture again, not the black libvlc's window was left with
    menu = QMenu()
    for i in range(30):  # taller than the picture: it covers the transport under it too
        menu.addAction(f"item {i}")

    def cover() -> None:
        video = panel.backend.video_widget()
        menu.popup(video.mapToGlobal(QPoint(10, 10)))
        menu.windowHandle().requestActivate()  # as a window manager does (none runs here)
        QTimer.singleShot(400, uncover)

    def uncover() -> None:
        nonlocal started
        menu.close()
        panel.windowHandle().requestActivate()  # the focus back, as a window manager gives it
        last[0] = []
        started = time.monotonic()
        QTimer.singleShot(300, lambda: wait("after_menu", play))

    QTimer.singleShot(100, lambda: wait("cued", cover))
    QTimer.singleShot(30_000, app.quit)
    app.exec()
    panel.shutdown()
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

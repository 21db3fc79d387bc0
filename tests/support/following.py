"""Panels that follow the selection refresh once a cued take's first frame is on screen
(ui.wiring.after_picture); a test that reads them after selecting waits for that."""

from __future__ import annotations


def wait_for_panels(window, qtbot, timeout: int = 5_000) -> None:
    qtbot.waitUntil(lambda: not window.after_picture.holding, timeout=timeout)

"""Small helpers for tests of what gets painted: a counter of paint events, and a theme
applied for the length of a block."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication


class PaintCounter(QObject):
    """Installed as an event filter: every widget that received a paint event, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.painted: list[QObject] = []

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Paint:
            self.painted.append(watched)
        return False


@contextmanager
def in_theme(name: str) -> Iterator[None]:
    """The app in theme `name` for the block, then back in the theme it had."""
    from ui import theme

    before = theme.current()
    theme.apply_theme(QApplication.instance(), name)
    try:
        yield
    finally:
        theme.apply_theme(QApplication.instance(), before)

"""Texts cut to a width, and their widths, in the view's font, kept: the Queue's 10,000
finished jobs say the same few things on every row ("done", "$0.40 · 0:01", a service and
model), and laying a text out to cut or measure it is the dearest part of drawing it. Kept
per font (a new font empties them) and bounded (a long session's distinct texts are let go
when full)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication

_KEPT = 4096


class ElidedTexts:
    def __init__(self) -> None:
        self._font: QFont | None = None
        self._cut: dict[tuple[str, int], str] = {}
        self._widths: dict[str, int] = {}

    def _metrics(self, option) -> QFontMetrics:
        widget = option.widget
        font = widget.font() if widget is not None else QApplication.font()
        if self._font is None or font != self._font:
            self._font = QFont(font)
            self._cut.clear()
            self._widths.clear()
        return option.fontMetrics

    def cut(self, option, text: str, width: int) -> str:
        """`text` cut to `width` with an ellipsis, as QFontMetrics.elidedText says."""
        metrics = self._metrics(option)
        key = (text, width)
        out = self._cut.get(key)
        if out is None:
            if len(self._cut) >= _KEPT:
                self._cut.clear()
            out = self._cut[key] = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
        return out

    def width(self, option, text: str) -> int:
        metrics = self._metrics(option)
        out = self._widths.get(text)
        if out is None:
            if len(self._widths) >= _KEPT:
                self._widths.clear()
            out = self._widths[text] = metrics.horizontalAdvance(text)
        return out

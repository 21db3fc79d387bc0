"""The Queue's cells as drawn, kept: a cell that looks as it did is copied, not drawn again.

The queue benchmark's GUI thread spent as long drawing the Queue dock's cells as running all of
the queue's asyncio work: each job's news repaints its row, a job that moves repaints every
row it passes, and a cell's badge, bar, cut texts and style calls cost a quarter of a
millisecond each time. Most of what is repainted has not changed (the waiting and finished
jobs' rows around the one that moved). A kept picture is opaque: what the view draws under a
cell (the viewport's base, the row's panel) is drawn first by the calls the view makes, so
its pixels are the ones drawn in place (tests/ui_queue/test_cell_pictures.py).

The key is all a cell's look depends on: the cell's texts, state and percentage, its size,
the option's state and features (selected, hovered, current, alternate, enabled), the
palette, style, font and pixel ratio. Bounded by pixels kept; the oldest go first.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable

from PySide6.QtCore import QPoint
from PySide6.QtGui import QFont, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QStyle

PIXELS_KEPT = 4_000_000  # ~16 MB of pictures: a tall dock's every cell many times over


class CellPictures:
    def __init__(self, pixels_kept: int = PIXELS_KEPT) -> None:
        self._kept: OrderedDict[Hashable, QPixmap] = OrderedDict()
        self._pixels = 0
        self._limit = pixels_kept
        self._font = QFont()

    def paint(self, painter: QPainter, option, look: Hashable,
              draw: Callable[[QPainter], None]) -> None:
        """Copy the picture of a cell that looks like `look` in `option`, drawing it with
        `draw(painter)` (at the option's own place) when not kept."""
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        font = widget.font() if widget is not None else QApplication.font()
        if font != self._font:  # a font's key() costs more than the comparison
            self.clear()
            self._font = QFont(font)
        rect = option.rect
        if rect.top() < 0 or rect.left() < 0:
            # a cell partly above or left of the viewport is drawn in place: Qt's integer
            # centre of a rect at negative coordinates rounds the other way, so its badge
            # sits a pixel off from the same cell's picture drawn further down
            draw(painter)
            return
        ratio = widget.devicePixelRatioF() if widget is not None else 1.0
        key = (look, rect.width(), rect.height(), option.state.value, option.features.value,
               option.direction.value, option.palette.cacheKey(), id(style), ratio)
        pix = self._kept.get(key)
        if pix is None:
            pix = self._draw(option, style, ratio, draw)
            self._keep(key, pix)
        else:
            self._kept.move_to_end(key)
        painter.drawPixmap(rect.topLeft(), pix)

    @staticmethod
    def _draw(option, style, ratio: float, draw: Callable[[QPainter], None]) -> QPixmap:
        rect = option.rect
        pix = QPixmap(rect.size() * ratio)
        pix.setDevicePixelRatio(ratio)
        p = QPainter(pix)
        try:
            p.translate(QPoint(0, 0) - rect.topLeft())
            # under the cell, as the view has it: the viewport's base, then the row's panel
            # (alternate rows, a selection the style shows across the row)
            p.fillRect(rect, option.palette.brush(QPalette.ColorRole.Base))
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewRow, option, p,
                                option.widget)
            draw(p)
        finally:
            p.end()
        return pix

    def _keep(self, key: Hashable, pix: QPixmap) -> None:
        size = pix.width() * pix.height()
        if size > self._limit:
            return
        self._kept[key] = pix
        self._pixels += size
        while self._pixels > self._limit:
            _, old = self._kept.popitem(last=False)
            self._pixels -= old.width() * old.height()

    def clear(self) -> None:
        self._kept.clear()
        self._pixels = 0

    def __len__(self) -> int:
        return len(self._kept)

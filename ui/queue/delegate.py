"""Paints the queue table's two graphic columns: progress as a bar (a percentage, or a moving
"working…" bar when the service gives none) and the state as a coloured badge followed by what
the service said."""

from __future__ import annotations

import time

from PySide6.QtCore import QAbstractProxyModel, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
)

from app.services.queue import JobState
from ui.queue.cell_pictures import CellPictures
from ui.queue.elided_texts import ElidedTexts
from ui.queue.model import (
    PROGRESS,
    SHOT,
    STATE,
    Cell,
    JobTableModel,
    PercentRole,
    SecondLineRole,
    StateRole,
)
from ui.queue.texts import STATE_WORDS
from ui.theme import colour as theme_colour
from ui.theme import current as theme_name

BADGE_ROLES = {  # theme roles (resources/theme/*.json)
    JobState.QUEUED: "state-queued",
    JobState.SUBMITTING: "state-sending",
    JobState.RUNNING: "state-running",
    JobState.DOWNLOADING: "state-downloading",
    JobState.DONE: "state-done",
    JobState.FAILED: "state-failed",
    JobState.CANCELLED: "state-cancelled",
    JobState.NEEDS_ATTENTION: "state-needs-attention",
}
_BARS_KEPT = 128  # drawn progress bars: every percentage at a width or two
_AROUND = QPoint(2, 2)  # Fusion draws a bar's shadow line just outside its rect


class JobDelegate(QStyledItemDelegate):
    """Two lines a row: the column's own value on top, the folded columns (SecondLineRole)
    below in the theme's secondary colour."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._bars: dict[tuple, QPixmap] = {}
        self._bars_font = QFont()
        self._elided = ElidedTexts()
        self._pictures = CellPictures()

    def paint(self, painter: QPainter, option, index) -> None:
        cell = _job_cell(index)
        if cell is None:  # another model: its roles are not all in a cell's look
            self._paint_cell(painter, option, index, _role_cell(index))
        elif index.column() == PROGRESS and _busy(cell):  # its band moves with the clock
            self._paint_cell(painter, option, index, cell)
        else:
            look = (index.column(), cell, theme_name())
            self._pictures.paint(painter, option, look,
                                 lambda p: self._paint_cell(p, option, index, cell))

    def _paint_cell(self, painter: QPainter, option, index, cell: Cell) -> None:
        second = cell.second or ""
        top = QStyleOptionViewItem(option)
        if second:
            top.rect = QRect(option.rect.left(), option.rect.top(), option.rect.width(),
                             option.rect.height() // 2 + 2)
        if index.column() == PROGRESS:
            self._background(painter, option, index)
            self._paint_progress(painter, top, cell, option)
        elif index.column() == STATE:
            self._background(painter, option, index)
            self._paint_state(painter, top, cell)
        elif index.column() == SHOT and second:
            self._background(painter, option, index)
            self._text(painter, top, cell.display or "", False)
        else:
            super().paint(painter, option, index)
        if second:
            low = QStyleOptionViewItem(option)
            low.rect = QRect(option.rect.left(), top.rect.bottom() - 2, option.rect.width(),
                             option.rect.bottom() - top.rect.bottom() + 2)
            self._text(painter, low, second, True)

    def _text(self, painter: QPainter, option, text: str, secondary: bool) -> None:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        if selected:
            painter.setPen(option.palette.color(QPalette.ColorRole.HighlightedText))
        else:
            painter.setPen(theme_colour("muted") if secondary
                           else option.palette.color(QPalette.ColorRole.Text))
        rect = option.rect.adjusted(6, 0, -6, 0)
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         self._elided.cut(option, text, rect.width()))
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        hint = super().sizeHint(option, index)
        if index.column() == PROGRESS:
            hint.setWidth(max(hint.width(), 110))
        return QSize(hint.width(), max(hint.height(), 24))

    def _background(self, painter: QPainter, option, index) -> None:
        # selection, hover and alternate-row backgrounds exactly as the style draws them for
        # plain cells. The view's option already says all of that; initStyleOption would only
        # add the cell's text (not drawn here) and roles this model does not give, after a
        # dozen data() calls through the proxy per cell — a third of a row's paint
        # (tests/ui_queue/test_delegate_background.py: the same pixels)
        widget = option.widget
        style = widget.style() if widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)

    @staticmethod
    def _state(cell: Cell) -> JobState | None:
        return JobState(cell.state) if cell.state else None

    def _paint_progress(self, painter: QPainter, option, data: Cell, cell) -> None:
        state = self._state(data)
        if state is None or state == JobState.QUEUED or (
                state.finished and state != JobState.DONE):
            return  # nothing has run (or it did not finish): no bar to show
        percent = data.percent
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(4, 4, -4, -4)
        bar.state = option.state | QStyle.StateFlag.State_Horizontal
        bar.direction = option.direction
        bar.fontMetrics = option.fontMetrics
        bar.palette = option.palette
        bar.textVisible = True
        bar.textAlignment = Qt.AlignmentFlag.AlignCenter
        bar.minimum = 0
        bar.maximum = 100
        if percent is None:
            # unknown progress: a sliding band, so a live job never looks stuck
            bar.progress = 0
            bar.text = "working…"
            widget = option.widget
            style = widget.style() if widget else QApplication.style()
            style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, widget)
            self._busy_band(painter, bar.rect, option.palette)
            return
        bar.progress = int(max(0.0, min(100.0, float(percent))))
        bar.text = f"{bar.progress}%"
        painter.drawPixmap(bar.rect.topLeft() - _AROUND, self._bar(bar, cell, option.widget))

    def _bar(self, bar: QStyleOptionProgressBar, cell, widget) -> QPixmap:
        """The bar as the style draws it over the cell's background, made once for its size,
        percentage, row state, palette and font: 10,000 finished jobs show the same "100%"
        bar, and the style's gradients, frame and text cost more than all the rest of a
        row's paint. Opaque, with what is under it drawn first by the very calls that draw
        it in the view (the viewport's base, the alternate row, the cell's background), so
        its pixels are the ones drawn in place (tests/ui_queue/test_queue_paint_cache.py)."""
        style = widget.style() if widget else QApplication.style()
        ratio = widget.devicePixelRatioF() if widget else 1.0
        place = bar.rect.adjusted(-_AROUND.x(), -_AROUND.y(), _AROUND.x(), _AROUND.y())
        key = (place.width(), place.height(), place.x() - cell.rect.x(),
               place.y() - cell.rect.y(), cell.rect.width(), cell.rect.height(),
               bar.state.value, cell.features.value, bar.direction.value,
               bar.palette.cacheKey(), bar.progress, id(style), ratio)
        font = widget.font() if widget else QApplication.font()
        if font != self._bars_font:  # a font's key() costs more than the comparison
            self._bars.clear()
            self._bars_font = QFont(font)
        pix = self._bars.get(key)
        if pix is None:
            if len(self._bars) >= _BARS_KEPT:
                self._bars.clear()
            pix = QPixmap(place.size() * ratio)
            pix.setDevicePixelRatio(ratio)
            p = QPainter(pix)
            p.translate(-place.topLeft())
            p.fillRect(place, cell.palette.brush(QPalette.ColorRole.Base))
            if cell.features & QStyleOptionViewItem.ViewItemFeature.Alternate:
                style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewRow, cell, p,
                                    widget)
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, cell, p, widget)
            style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, p, widget)
            p.end()
            self._bars[key] = pix
        return pix

    @staticmethod
    def _busy_band(painter: QPainter, rect: QRect, palette: QPalette) -> None:
        inner = rect.adjusted(2, 2, -2, -2)
        width = max(12, inner.width() // 4)
        # the band's place follows the clock; the model repaints running rows every second
        phase = (time.monotonic() % 2.0) / 2.0
        left = inner.left() + int((inner.width() - width) * phase)
        colour = QColor(palette.color(QPalette.ColorRole.Highlight))
        colour.setAlpha(110)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(QRectF(left, inner.top(), width, inner.height()), 3, 3)
        painter.restore()

    def _paint_state(self, painter: QPainter, option, cell: Cell) -> None:
        state = self._state(cell)
        text = cell.display or ""
        if state is None:
            return
        word = STATE_WORDS[state]
        if text.startswith(word):
            rest = text[len(word):].lstrip(" —")
            badge_text = word
        else:  # "waiting at the service", or an error that names the state itself
            badge_text, rest = (text, "") if not state.finished else (word, text)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = option.fontMetrics
        rect = option.rect
        w = min(self._elided.width(option, badge_text) + 14, rect.width() - 8)
        h = min(fm.height() + 4, rect.height() - 4)
        badge = QRect(rect.left() + 4, rect.center().y() - h // 2, w, h)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        # on a selected (highlight-coloured) row a thin outline keeps a blue badge visible
        painter.setPen(theme_colour("on-accent") if selected else Qt.PenStyle.NoPen)
        painter.setBrush(theme_colour(BADGE_ROLES[state]))
        painter.drawRoundedRect(QRectF(badge).adjusted(0.5, 0.5, -0.5, -0.5), h / 2, h / 2)
        painter.setPen(theme_colour("on-accent"))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter,
                         self._elided.cut(option, badge_text, w - 8))
        if rest:
            role = (QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
            painter.setPen(option.palette.color(role))
            text_rect = QRect(badge.right() + 6, rect.top(), rect.right() - badge.right() - 8,
                              rect.height())
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             self._elided.cut(option, rest, text_rect.width()))
        painter.restore()


def _busy(cell: Cell) -> bool:
    """A live job whose service gives no percentage: its bar is the moving band."""
    if cell.percent is not None or not cell.state:
        return False
    state = JobState(cell.state)
    return state != JobState.QUEUED and not state.finished


def _job_cell(index) -> Cell | None:
    """The cell's texts, state and percentage from the job model in one call when the view
    shows it (through its order proxy); None for any other model."""
    model = index.model()
    if isinstance(model, QAbstractProxyModel):
        source = model.mapToSource(index)
        if isinstance(source.model(), JobTableModel):
            return source.model().cell(source.row(), source.column())
    elif isinstance(model, JobTableModel):
        return model.cell(index.row(), index.column())
    return None


def _role_cell(index) -> Cell:
    return Cell(index.data(Qt.ItemDataRole.DisplayRole) or "", index.data(SecondLineRole) or "",
                index.data(StateRole) or "", index.data(PercentRole))

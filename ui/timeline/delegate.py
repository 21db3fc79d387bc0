"""Paints a shot as a card: thumbnail (or a numbered placeholder), title, duration, takes."""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPixmap, QPixmapCache
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.timeline.model import NumberRole, ShotRole, StateRole, TakeCountRole, ThumbnailRole

CARD_HEIGHT = 156
FIXED_WIDTH = 168
PX_PER_SECOND = 28
MIN_WIDTH = 96


class ShotCardDelegate(QStyledItemDelegate):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.proportional = False  # zoom mode: width ∝ duration

    def card_width(self, duration: float) -> int:
        if not self.proportional:
            return FIXED_WIDTH
        return max(MIN_WIDTH, int(duration * PX_PER_SECOND))

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        if not self.proportional:
            return QSize(FIXED_WIDTH, CARD_HEIGHT)
        shot = index.data(ShotRole)
        return QSize(self.card_width(shot.duration if shot else 4.0), CARD_HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        shot = index.data(ShotRole)
        if shot is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = option.palette
        rect = option.rect.adjusted(4, 4, -4, -4)
        rect.setHeight(min(rect.height(), CARD_HEIGHT))  # the strip may be taller than a card
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        bg = pal.color(QPalette.ColorRole.Base)
        border = pal.color(QPalette.ColorRole.Highlight) if selected else pal.color(
            QPalette.ColorRole.Mid)
        painter.setPen(border)
        painter.setBrush(bg)
        painter.drawRoundedRect(QRectF(rect), 6, 6)
        if selected:
            painter.setPen(Qt.PenStyle.NoPen)
            hl = QColor(pal.color(QPalette.ColorRole.Highlight))
            hl.setAlpha(40)
            painter.setBrush(hl)
            painter.drawRoundedRect(QRectF(rect), 6, 6)

        thumb = QRect(rect.left() + 6, rect.top() + 6, rect.width() - 12, rect.height() - 56)
        number = index.data(NumberRole)
        path = index.data(ThumbnailRole)
        pix = self._pixmap(path, thumb.size()) if path else None
        if pix is not None:
            painter.drawPixmap(thumb, pix)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pal.color(QPalette.ColorRole.AlternateBase))
            painter.drawRoundedRect(QRectF(thumb), 4, 4)
            painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            f = QFont(option.font)
            f.setPointSizeF(f.pointSizeF() * 2.2)
            f.setBold(True)
            painter.setFont(f)
            painter.drawText(thumb, Qt.AlignmentFlag.AlignCenter, str(number))

        painter.setFont(option.font)
        text_color = pal.color(QPalette.ColorRole.Text)
        painter.setPen(text_color)
        title_rect = QRect(rect.left() + 8, thumb.bottom() + 4, rect.width() - 16, 20)
        title = f"{number}. {index.data(Qt.ItemDataRole.DisplayRole)}"
        painter.drawText(title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         option.fontMetrics.elidedText(title, Qt.TextElideMode.ElideRight,
                                                       title_rect.width()))
        takes = index.data(TakeCountRole) or 0
        meta = f"{shot.duration:g}s · {takes} take{'s' if takes != 1 else ''}"
        meta_rect = QRect(rect.left() + 8, title_rect.bottom() + 2, rect.width() - 16, 18)
        painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(meta_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         meta)
        state = index.data(StateRole)
        if state:
            self._badge(painter, rect, state)
        painter.restore()

    def _badge(self, painter: QPainter, rect: QRect, state: str) -> None:
        colours = {"queued": "#8a8f98", "running": "#2f80ed", "failed": "#d64545",
                   "done": "#27ae60", "needs-attention": "#e2a03f"}
        fm = painter.fontMetrics()
        w = fm.horizontalAdvance(state) + 10
        badge = QRect(rect.right() - w - 8, rect.top() + 10, w, 16)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colours.get(state, "#8a8f98")))
        painter.drawRoundedRect(QRectF(badge), 8, 8)
        painter.setPen(QColor("white"))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, state)

    @staticmethod
    def _pixmap(path: str, size: QSize) -> QPixmap | None:
        key = f"{path}@{size.width()}x{size.height()}"
        pix = QPixmapCache.find(key)
        if pix is None or pix.isNull():
            src = QPixmap(path)
            if src.isNull():
                return None
            pix = src.scaled(size, Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                             Qt.TransformationMode.SmoothTransformation).copy(
                QRect(0, 0, size.width(), size.height()))
            QPixmapCache.insert(key, pix)
        return pix

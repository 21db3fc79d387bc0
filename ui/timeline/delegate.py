"""Paints a shot as a card: thumbnail (or a numbered placeholder), title, duration, takes."""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.theme import colour as theme_colour
from ui.timeline.model import ShotRole
from ui.timeline.thumbnails import letterbox

CARD_HEIGHT = 156
FIXED_WIDTH = 168
PX_PER_SECOND = 28
MIN_WIDTH = 96
# badge words come from ui.timeline.job_badges
BADGE_ROLES = {"queued": "state-queued", "sending": "state-sending",  # theme roles
               "running": "state-running", "downloading": "state-downloading",
               "failed": "state-failed", "needs attention": "state-needs-attention"}
# looked up once: enum attribute access and flag arithmetic cost per card otherwise
_SELECTED = QStyle.StateFlag.State_Selected
_HIGHLIGHT = QPalette.ColorRole.Highlight
_MID = QPalette.ColorRole.Mid
_BASE = QPalette.ColorRole.Base
_DIM = QPalette.ColorRole.PlaceholderText
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_CENTRE = Qt.AlignmentFlag.AlignCenter
# the picture area of a fixed-width card (the rect minus margins and the two text lines)
THUMB_SIZE = QSize(FIXED_WIDTH - 8 - 12, CARD_HEIGHT - 8 - 56)


class ShotCardDelegate(QStyledItemDelegate):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.proportional = False  # zoom mode: width ∝ duration
        self._big_font: tuple[QFont, QFont] | None = None

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
        card = index.model().card(index.row())
        if card is None:
            return
        shot, number, title, takes, pix, state = card
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = option.palette
        rect = option.rect.adjusted(4, 4, -4, -4)
        rect.setHeight(min(rect.height(), CARD_HEIGHT))  # the strip may be taller than a card
        selected = bool(option.state & _SELECTED)
        painter.setPen(pal.color(_HIGHLIGHT if selected else _MID))
        painter.setBrush(pal.color(_BASE))
        painter.drawRoundedRect(QRectF(rect), 6, 6)
        if selected:
            painter.setPen(Qt.PenStyle.NoPen)
            hl = QColor(pal.color(_HIGHLIGHT))
            hl.setAlpha(40)
            painter.setBrush(hl)
            painter.drawRoundedRect(QRectF(rect), 6, 6)

        thumb = QRect(rect.left() + 6, rect.top() + 6, rect.width() - 12, rect.height() - 56)
        if pix is not None and not pix.isNull():
            painter.fillRect(thumb, QColor(0, 0, 0))
            painter.drawPixmap(letterbox(pix.size(), thumb), pix)
        else:  # no take yet, or its picture is still being made off the GUI thread
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pal.color(QPalette.ColorRole.AlternateBase))
            painter.drawRoundedRect(QRectF(thumb), 4, 4)
            painter.setPen(pal.color(_DIM))
            painter.setFont(self._number_font(option.font))
            painter.drawText(thumb, _CENTRE, str(number))

        painter.setFont(option.font)
        painter.setPen(pal.color(QPalette.ColorRole.Text))
        title_rect = QRect(rect.left() + 8, thumb.bottom() + 4, rect.width() - 16, 20)
        painter.drawText(title_rect, _LEFT, option.fontMetrics.elidedText(
            f"{number}. {title}", Qt.TextElideMode.ElideRight, title_rect.width()))
        meta = f"{shot.duration:g}s · {takes} take{'s' if takes != 1 else ''}"
        meta_rect = QRect(rect.left() + 8, title_rect.bottom() + 2, rect.width() - 16, 18)
        painter.setPen(pal.color(_DIM))
        painter.drawText(meta_rect, _LEFT, meta)
        if state:
            self._badge(painter, rect, state)
        painter.restore()

    def _number_font(self, base: QFont) -> QFont:
        """The placeholder's big shot number, made once per base font (not once per card)."""
        if self._big_font is None or self._big_font[0] != base:
            big = QFont(base)
            big.setPointSizeF(base.pointSizeF() * 2.2)
            big.setBold(True)
            self._big_font = (QFont(base), big)
        return self._big_font[1]

    def _badge(self, painter: QPainter, rect: QRect, state: str) -> None:
        fm = painter.fontMetrics()
        w = fm.horizontalAdvance(state) + 10
        badge = QRect(rect.right() - w - 8, rect.top() + 10, w, 16)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme_colour(BADGE_ROLES.get(state, "state-queued")))
        painter.drawRoundedRect(QRectF(badge), 8, 8)
        painter.setPen(theme_colour("on-accent"))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, state)

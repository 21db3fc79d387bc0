"""Paints one media item as a card: thumbnail (or a kind badge), name, and the details line
(duration · resolution · codec · size)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.media_bin.model import DetailsRole, KindRole
from ui.theme import colour as theme_colour

CARD = QSize(184, 168)
THUMB_H = 100
PAD = 6
_KIND_ROLES = {"video": "kind-video", "image": "kind-image", "audio": "kind-audio"}  # theme


def thumb_size() -> QSize:
    """The picture area of a card (what the model's thumbnails are made to fit)."""
    return QSize(CARD.width() - 6 - 2 * PAD, THUMB_H)


class MediaItemDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:  # noqa: N802
        return CARD

    def paint(self, p: QPainter, option: QStyleOptionViewItem, index) -> None:
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = option.rect.adjusted(3, 3, -3, -3)
        pal = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        highlight = pal.color(QPalette.ColorRole.Highlight)
        p.setPen(QPen(highlight, 2) if selected else QPen(pal.color(QPalette.ColorRole.Mid), 1))
        p.setBrush(pal.color(QPalette.ColorRole.Base))
        p.drawRoundedRect(r, 6, 6)
        if selected:  # a tint, so the text keeps the theme's own (readable) colour
            tint = QColor(highlight)
            tint.setAlpha(48)
            p.setBrush(tint)
            p.drawRoundedRect(r, 6, 6)

        thumb = QRect(r.left() + PAD, r.top() + PAD, r.width() - 2 * PAD, THUMB_H)
        p.fillRect(thumb, theme_colour("thumb-background"))
        pix = index.data(Qt.ItemDataRole.DecorationRole)
        kind = index.data(KindRole) or ""
        if pix is not None and not pix.isNull():
            scaled = pix.scaled(thumb.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                Qt.TransformationMode.SmoothTransformation)
            x = thumb.left() + (thumb.width() - scaled.width()) // 2
            y = thumb.top() + (thumb.height() - scaled.height()) // 2
            p.drawPixmap(x, y, scaled)
        else:  # audio (or a file ffmpeg could not picture): say what it is
            p.setPen(theme_colour("thumb-text"))
            p.drawText(thumb, Qt.AlignmentFlag.AlignCenter, "♪ audio" if kind == "audio"
                       else kind)
        badge = QRect(thumb.left() + 4, thumb.top() + 4, 44, 16)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(theme_colour(_KIND_ROLES.get(kind, "state-queued")))
        p.drawRoundedRect(badge, 3, 3)
        small = QFont(option.font)
        small.setPointSizeF(max(6.5, option.font.pointSizeF() - 2))
        p.setFont(small)
        p.setPen(theme_colour("on-accent"))
        p.drawText(badge, Qt.AlignmentFlag.AlignCenter, kind)

        text_w = r.width() - 2 * PAD
        name_rect = QRect(r.left() + PAD, thumb.bottom() + 5, text_w, 18)
        bold = QFont(option.font)
        bold.setBold(True)
        p.setFont(bold)
        p.setPen(pal.color(QPalette.ColorRole.Text))
        name = p.fontMetrics().elidedText(index.data(Qt.ItemDataRole.DisplayRole) or "",
                                          Qt.TextElideMode.ElideMiddle, text_w)
        p.drawText(name_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
        # the details at the body size less a little, in the theme's readable secondary colour
        details = QFont(option.font)
        details.setPointSizeF(max(8.0, option.font.pointSizeF() - 0.5))
        p.setFont(details)
        details_rect = QRect(r.left() + PAD, name_rect.bottom() + 2, text_w, 34)
        p.setPen(theme_colour("muted"))
        p.drawText(details_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                   | Qt.TextFlag.TextWordWrap, index.data(DetailsRole) or "")
        p.restore()

"""The application's style for the big views' scroll bars, with each bar's groove drawn once
per look and copied after (why: ui/scroll_bars.py). Everything else is the style's own
drawing, from the bar's own option on each paint: handle, arrows, hover and press."""

from __future__ import annotations

from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QStyle, QStyleOptionSlider

from ui.theme_style import ReelroomStyle

_KEPT = 16  # looks kept: a few bar sizes, each plain, hovered and pressed, in two themes
_CC_SCROLLBAR = QStyle.ComplexControl.CC_ScrollBar
_GROOVE = QStyle.SubControl.SC_ScrollBarGroove


class KeptGrooveStyle(ReelroomStyle):
    def __init__(self) -> None:
        super().__init__("Fusion")  # what ui.theme.apply_theme gives the application
        self._grooves: dict[tuple, QPixmap] = {}

    def drawComplexControl(self, control, option, painter, widget=None):  # noqa: N802 (Qt API)
        if control != _CC_SCROLLBAR or not option.subControls & _GROOVE or widget is None:
            super().drawComplexControl(control, option, painter, widget)
            return
        painter.drawPixmap(option.rect.topLeft(), self._groove(option, widget))
        rest = QStyleOptionSlider(option)
        rest.subControls = option.subControls & ~_GROOVE
        super().drawComplexControl(control, rest, painter, widget)

    def _groove(self, option, widget) -> QPixmap:
        """The groove as the style draws it over the bar's own background (the bar fills it:
        ui/scroll_bars.py), for this size, state, palette and pixel ratio."""
        ratio = widget.devicePixelRatioF()
        key = (option.rect.width(), option.rect.height(), option.state.value,
               option.activeSubControls.value, option.orientation.value,
               option.direction.value, option.palette.cacheKey(), ratio)
        pix = self._grooves.get(key)
        if pix is None:
            if len(self._grooves) >= _KEPT:
                self._grooves.clear()
            pix = QPixmap(option.rect.size() * ratio)
            pix.setDevicePixelRatio(ratio)
            groove = QStyleOptionSlider(option)
            groove.subControls = _GROOVE
            groove.rect = option.rect.translated(-option.rect.topLeft())
            p = QPainter(pix)
            p.fillRect(groove.rect, widget.palette().brush(widget.backgroundRole()))
            super().drawComplexControl(_CC_SCROLLBAR, groove, p, widget)
            p.end()
            self._grooves[key] = pix
        return pix

"""Scroll bars that repaint alone.

A scroll bar is not opaque to Qt, so each step of a scroll (the bar's handle moves)
repainted every widget beneath the bar, clipped to its strip: the main window, the dock with
its stylesheet title bar (which builds its close and float icons again), the panel, its
stack, the scroll area and the bar's container. All that shows of them there is the window
colour under the bar's translucent edge line (Fusion draws the rest opaque). So the bar fills
its own background with that colour: Qt then knows it is opaque and paints only the bar, and
the pixels are the ones the whole stack painted (tests/ui/test_scroll_bars.py compares them
in both themes)."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractScrollArea


def paint_scroll_bars_alone(area: QAbstractScrollArea) -> None:
    for bar in (area.horizontalScrollBar(), area.verticalScrollBar()):
        bar.setAutoFillBackground(True)

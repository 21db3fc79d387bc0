"""Scroll bars that repaint alone, and cheaply.

A scroll bar is not opaque to Qt, so each step of a scroll (the bar's handle moves)
repainted every widget beneath the bar, clipped to its strip: the main window, the dock with
its stylesheet title bar (which builds its close and float icons again), the panel, its
stack, the scroll area and the bar's container. All that shows of them there is the window
colour under the bar's translucent edge line (Fusion draws the rest opaque). So the bar fills
its own background with that colour: Qt then knows it is opaque and paints only the bar, and
the pixels are the ones the whole stack painted (tests/ui/test_scroll_bars.py compares them
in both themes).

The bar's groove is then drawn once per look and copied after (`_KeptGrooveStyle`). Fusion
draws it with translucent rectangles as long as the bar, and Qt's raster engine hands a fill
that long to its GUI thread pool in pieces and waits for them: four fifths of a bar's paint,
and on a busy machine each wait is for threads that must first get a core (a scroll step of a
big view took hundreds of ms, the GUI thread idle). The groove is the same on every step;
only the handle moves. The handle, arrows, hover and press are still drawn by the style on
each paint, from the bar's own state."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractScrollArea, QScrollBar

_style = None  # one for every big view's bars (made at the first scroll: see below)


def paint_scroll_bars_alone(area: QAbstractScrollArea) -> None:
    for bar in (area.horizontalScrollBar(), area.verticalScrollBar()):
        bar.setAutoFillBackground(True)
        # The style is set at the bar's first scroll, not here: these views are built before
        # the window's first frame, and defining a QStyle subclass builds QStyle's Python
        # type with all its enums, which the first frame does without (ui/theme_style.py).
        bar.valueChanged.connect(_keep_groove_once(bar))


def _keep_groove_once(bar: QScrollBar):
    def first_scroll(_value: int) -> None:
        if not bar.isVisible():  # a hidden view laid out (a project opening): not painted
            return
        bar.valueChanged.disconnect(first_scroll)
        keep_groove(bar)
    return first_scroll


def keep_groove(bar: QScrollBar) -> None:
    """Draw this bar's groove from a copy kept per look (size, state, palette)."""
    global _style
    if bar.property("keptGroove"):
        return
    if _style is None:
        from ui.scroll_groove import KeptGrooveStyle

        _style = KeptGrooveStyle()
    bar.setProperty("keptGroove", True)
    bar.setStyle(_style)  # not owned by the bar: one for all, kept in _style

"""Each dock's panel fills its own background (ui/dock_layout.make_docks), so a child that
changes (the player's slider and times on every playback tick, a queue label) repaints from
the panel down, never the main window and the dock with its title bar. That is only right if
the window shows the same pixels with the fill as without it, in both themes."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QDockWidget

from tests.support.painting import PaintCounter
from tests.support.qt_loop import studio_window
from ui.theme import THEMES, apply_theme


@pytest.fixture
def window(qtbot, reelroom_home, running_loop):
    yield from studio_window(qtbot)


def _docks(window) -> list[QDockWidget]:
    return [d for d in window.findChildren(QDockWidget) if d.widget() is not None]


def test_every_panel_fills_its_background_with_what_the_window_showed(window, qtbot, qapp):
    docks = _docks(window)
    assert {d.objectName() for d in docks} >= {"dock-player", "dock-queue", "dock-timeline",
                                               "dock-inspector", "dock-media"}
    try:
        for theme in THEMES:
            apply_theme(qapp, theme)
            qtbot.wait(20)
            for dock in docks:
                assert dock.widget().autoFillBackground(), dock.objectName()
            filled = window.grab().toImage()
            for dock in docks:
                dock.widget().setAutoFillBackground(False)
            qtbot.wait(20)
            unfilled = window.grab().toImage()
            for dock in docks:
                dock.widget().setAutoFillBackground(True)
            assert filled == unfilled, theme
    finally:
        apply_theme(qapp, "dark")


def test_a_playback_tick_repaints_neither_the_window_nor_a_dock(window, qtbot):
    transport = window.player_panel.transport
    qtbot.wait(50)
    window.repaint()
    counter = PaintCounter()
    QApplication.instance().installEventFilter(counter)
    try:
        for changed in (transport.slider, transport.position_label):  # what a tick changes
            changed.repaint()
    finally:
        QApplication.instance().removeEventFilter(counter)
    assert transport.slider in counter.painted  # the check can tell
    assert window not in counter.painted
    assert not [w for w in counter.painted if isinstance(w, QDockWidget)]

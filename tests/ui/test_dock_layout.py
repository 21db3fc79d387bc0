"""The shipped default dock layout is the one the code defines, and the window's shell paints
without building PySide6's Qt enum namespace (a tenth of start-up time)."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QMainWindow, QWidget

from ui import dock_layout


def _window(qtbot) -> QMainWindow:
    w = QMainWindow()
    qtbot.addWidget(w)
    central = QWidget()
    central.setMaximumSize(0, 0)
    w.setCentralWidget(central)
    w.setDockNestingEnabled(True)
    w.resize(1400, 860)
    return w


def _geometry(window, docks) -> dict:
    return {k: (window.dockWidgetArea(d), d.geometry().getRect()) for k, d in docks.items()}


def test_shipped_layout_matches_the_layout_in_code(qtbot, qapp):
    by_code = _window(qtbot)
    docks = dock_layout.make_docks(by_code)
    for d in docks.values():
        d.setWidget(QWidget())
    by_code.show()
    qapp.processEvents()
    dock_layout.place_by_code(by_code, docks)
    qapp.processEvents()

    shipped = _window(qtbot)
    assert shipped.restoreState(QByteArray(dock_layout.default_state()), 1)
    restored = dock_layout.make_docks(shipped)
    assert all([shipped.restoreDockWidget(d) for d in restored.values()])
    for d in restored.values():
        d.setWidget(QWidget())
    shipped.show()
    qapp.processEvents()

    expected, got = _geometry(by_code, docks), _geometry(shipped, restored)
    for key in expected:
        (area, rect), (got_area, got_rect) = expected[key], got[key]
        assert got_area == area, key
        # same place and size, give or take a separator (rerun `python -m ui.dock_layout
        # --write` after changing place_by_code)
        assert all(abs(a - b) <= 8 for a, b in zip(rect, got_rect, strict=True)), (key, rect,
                                                                                    got_rect)
    assert got["timeline"][1][3] >= 250  # the timeline row is tall enough to show its cards


def test_a_bad_saved_state_falls_back_to_the_default(qtbot, qapp):
    w = _window(qtbot)
    docks = dock_layout.place(w, b"not a Qt state")
    assert all(not d.isFloating() for d in docks.values())
    assert len({w.dockWidgetArea(d) for d in docks.values()}) == 2  # top row, bottom row


SHELL = """
import PySide6.QtCore as core
from PySide6.QtWidgets import QApplication
from ui.first_paint import wait_until_painted
from ui.main_window import MainWindow
app = QApplication([])
w = MainWindow()
w.show()
print("painted" if wait_until_painted(w, 5000) else "never painted", "Qt" in core.__dict__)
"""


def test_the_shell_paints_without_building_the_qt_namespace(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "REELROOM_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", SHELL], env=env, capture_output=True,
                         text=True, timeout=60, check=True).stdout.split()
    assert out == ["painted", "False"]

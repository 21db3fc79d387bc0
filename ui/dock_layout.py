"""Where the five panels sit.

The default arrangement is defined in code (`place_by_code`) and shipped as the Qt state blob
that code produces (resources/layouts/default-docks.state, written by
`python -m ui.dock_layout --write`). Start-up restores that blob instead of running the code
path: placing docks from Python needs Qt-namespace enums (DockWidgetArea, Orientation), and
the first enum touched builds the whole namespace (~12 ms, a tenth of the time to first
paint). tests/ui/test_dock_layout.py checks that the shipped blob still gives what the code
says, so the two cannot drift apart.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from ui.theme_data import resource_bytes

STATE_VERSION = 1
DEFAULT_STATE = ("layouts", "default-docks.state")
# key, title — also the order of the View menu's toggles
DOCKS = (
    ("timeline", "Timeline"),
    ("inspector", "Shot inspector"),
    ("queue", "Queue"),
    ("player", "Player"),
    ("media", "Media bin"),
)


class PanelDock(QDockWidget):
    """A dock whose panel fills its own background (the window colour the dock showed under
    it). Qt then repaints a changing child (the player's slider and times on every playback
    tick, a queue label) from the panel down, instead of from the main window through the
    dock, whose stylesheet title bar builds its close and float icons again on each paint."""

    def setWidget(self, widget: QWidget) -> None:  # noqa: N802 (Qt API)
        widget.setAutoFillBackground(True)
        super().setWidget(widget)


def make_docks(window: QMainWindow,
               panels: dict[str, QWidget | None] | None = None) -> dict[str, QDockWidget]:
    """The five docks, each holding its panel in `panels` (by key); a dock whose panel is
    missing or None stays empty until one is set."""
    docks = {}
    for key, title in DOCKS:
        dock = PanelDock(title, window)
        dock.setObjectName(f"dock-{key}")  # saveState()/restoreState() match by name
        panel = (panels or {}).get(key)
        if panel is not None:
            dock.setWidget(panel)
        docks[key] = dock
    return docks


def place_by_code(window: QMainWindow, docks: dict[str, QDockWidget]) -> None:
    """The default layout: media bin, player and inspector side by side along the top,
    timeline and queue side by side along the bottom. Both rows live in the top and bottom
    dock areas (not left/right) so their heights can be set: the central widget is empty,
    and left/right areas would be only as tall as it is."""
    from PySide6.QtCore import Qt

    A = Qt.DockWidgetArea
    H, V = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
    window.addDockWidget(A.TopDockWidgetArea, docks["media"])
    window.splitDockWidget(docks["media"], docks["player"], H)
    window.splitDockWidget(docks["player"], docks["inspector"], H)
    window.addDockWidget(A.BottomDockWidgetArea, docks["timeline"])
    window.splitDockWidget(docks["timeline"], docks["queue"], H)
    window.resizeDocks([docks["media"], docks["player"], docks["inspector"]], [260, 700, 420], H)
    window.resizeDocks([docks["timeline"], docks["queue"]], [1000, 400], H)
    window.resizeDocks([docks["player"], docks["timeline"]], [520, 300], V)


def default_state() -> bytes | None:
    try:
        return resource_bytes(*DEFAULT_STATE)
    except OSError:
        return None


def place(window: QMainWindow, saved_state: bytes | None,
          panels: dict[str, QWidget | None] | None = None) -> dict[str, QDockWidget]:
    """Create the docks (holding `panels`, by key) and put them where the user left them,
    else where the shipped default says, else where `place_by_code` puts them. The state is
    restored *before* the docks exist so that each `restoreDockWidget` finds its placeholder:
    that is what tells us the state really placed it. Each dock given a panel has it before
    it is placed: a panel set afterwards lays every dock's title bar out again (and each
    layout of a title bar reads the style's float and close icons from their files). The
    window's shell gives the timeline's only (ui/main_window.py); the others come with the
    studio, after the first paint."""
    for state in (saved_state, None):
        state = state or default_state()
        if state and window.restoreState(QByteArray(state), STATE_VERSION):
            break
    docks = make_docks(window, panels)
    if not all([window.restoreDockWidget(d) for d in docks.values()]):
        place_by_code(window, docks)
    return docks


def _write_default():
    """Regenerate the shipped blob from `place_by_code` (run after changing the layout);
    the path written."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = QMainWindow()
    central = QWidget()
    central.setMaximumSize(0, 0)
    window.setCentralWidget(central)
    window.setDockNestingEnabled(True)
    window.resize(1400, 860)
    docks = make_docks(window)
    for dock in docks.values():
        dock.setWidget(QWidget())
    window.show()
    app.processEvents()
    place_by_code(window, docks)  # once shown: sizes asked of a hidden window do not stick
    app.processEvents()
    from pathlib import Path

    out = Path(__file__).resolve().parent.parent.joinpath("resources", *DEFAULT_STATE)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(bytes(window.saveState(STATE_VERSION)))
    return out


if __name__ == "__main__" and "--write" in sys.argv:
    print(_write_default())

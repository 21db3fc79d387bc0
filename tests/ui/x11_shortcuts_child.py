"""Run in a child on a real X server (xcb): the studio window's every action and its key
sequences as Qt on X11 maps them, and whether Ctrl+Shift+Z and Ctrl+Y really redo. One JSON
line. (The offscreen platform maps StandardKey differently and hides clashes.)"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def scope(action: QAction) -> str:
    """Where the shortcut is live: the whole window, or only in the widget it was added to
    (a panel's Delete). Qt calls a sequence ambiguous when two live ones match."""
    context = action.shortcutContext()
    if context in (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut):
        return "window"
    owners = [o for o in action.associatedObjects() if o.isWidgetType()]
    return ",".join(f"{type(o).__name__}#{id(o)}" for o in owners) or "nowhere"


def main() -> int:
    app = QApplication(sys.argv[:1])
    from app.services.commands import AddShots
    from app.services.studio import Studio
    from ui.main import create_window

    studio = Studio.open()
    window = create_window(studio)
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.activateWindow()
    QTest.qWait(200)
    bindings = []
    for action in window.findChildren(QAction):
        for seq in action.shortcuts():
            text = seq.toString(QKeySequence.SequenceFormat.PortableText)
            if text:
                bindings.append([action.text(), text, scope(action)])
    doc = window.open_project(studio.create_project("Keys").id)
    redo = {}
    for name, key, mods in (("Ctrl+Shift+Z", Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
                             | Qt.KeyboardModifier.ShiftModifier),
                            ("Ctrl+Y", Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)):
        window.undo.push(AddShots(doc, len(doc.shots), [{}]))
        window.undo_stack.undo()
        before = len(doc.shots)
        window.timeline.view.setFocus()
        QTest.keyClick(window.timeline.view, key, mods)
        app.processEvents()
        redo[name] = len(doc.shots) - before
    print(json.dumps({"platform": app.platformName(), "bindings": bindings, "redo": redo}))
    window.close()
    studio.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

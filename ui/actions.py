"""Every menu item and shortcut, declared once. Menus and toolbars are built from these."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QWidget


class Actions:
    def __init__(self, parent: QWidget, undo_stack: QUndoStack) -> None:
        def act(text: str, shortcut=None, tip: str = "", checkable: bool = False) -> QAction:
            a = QAction(text, parent)
            if shortcut is not None:
                a.setShortcut(QKeySequence(shortcut))
            if tip:
                a.setStatusTip(tip)
            a.setCheckable(checkable)
            parent.addAction(a)  # shortcuts work even when the menu bar is hidden
            return a

        Std = QKeySequence.StandardKey
        # File
        self.new_project = act("&New Project…", Std.New, "Create a project")
        self.open_project = act("&Open Project…", Std.Open, "Open another project")
        self.settings = act("&Settings…", Std.Preferences, "API keys, services, cache, theme")
        self.quit = act("&Quit", Std.Quit)
        # Edit
        self.undo = undo_stack.createUndoAction(parent, "&Undo")
        self.undo.setShortcut(QKeySequence(Std.Undo))
        self.redo = undo_stack.createRedoAction(parent, "&Redo")
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence(Std.Redo)])
        # Shot
        self.add_shot = act("&Add Shot", "Ctrl+Shift+N", "Add a shot after the selection")
        self.duplicate_shot = act("&Duplicate Shot", "Ctrl+D")
        self.delete_shot = act("De&lete Shot", None, "Delete the selected shots")
        self.split_shot = act("S&plit Shot", "Ctrl+Shift+S", "Cut the shot in two halves")
        self.move_left = act("Move Shot &Left", "Ctrl+Left")
        self.move_right = act("Move Shot &Right", "Ctrl+Right")
        # View
        self.theme_light = act("&Light Theme", checkable=True)
        self.theme_dark = act("&Dark Theme", checkable=True)
        # Help
        self.about = act("&About Reelroom")
        self.diagnostics = act("&Diagnostics…", None, "What Reelroom found on this computer")

"""A plain undo/redo stack over reversible commands, for the CLI and core tests. The GUI uses
QUndoStack with the same commands (ui/undo.py)."""

from __future__ import annotations

from app.services.commands.base import Command
from app.services.project_document import ProjectDocument


class History:
    def __init__(self, doc: ProjectDocument) -> None:
        self.doc = doc
        self._done: list[Command] = []
        self._undone: list[Command] = []

    def execute(self, command: Command) -> Command:
        command.do(self.doc)
        self._undone.clear()
        if self._done and command.merge_key is not None and self._done[-1].merge(command):
            return self._done[-1]
        self._done.append(command)
        return command

    def undo(self) -> Command | None:
        if not self._done:
            return None
        command = self._done.pop()
        command.undo(self.doc)
        self._undone.append(command)
        return command

    def redo(self) -> Command | None:
        if not self._undone:
            return None
        command = self._undone.pop()
        command.do(self.doc)
        self._done.append(command)
        return command

    @property
    def undo_text(self) -> str | None:
        return self._done[-1].text if self._done else None

    @property
    def redo_text(self) -> str | None:
        return self._undone[-1].text if self._undone else None

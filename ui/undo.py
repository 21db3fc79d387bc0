"""QUndoStack over the core's reversible commands."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand, QUndoStack

from app.services.commands.base import Command
from app.services.project_document import ProjectDocument

_MERGEABLE_ID = 1


class CoreUndoCommand(QUndoCommand):
    def __init__(self, doc: ProjectDocument, command: Command) -> None:
        super().__init__(command.text)
        self.doc = doc
        self.command = command
        self._already_done = True  # the controller runs do() before pushing

    def redo(self) -> None:
        if self._already_done:
            self._already_done = False
            return
        self.command.do(self.doc)

    def undo(self) -> None:
        self.command.undo(self.doc)

    def id(self) -> int:
        return _MERGEABLE_ID if self.command.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, CoreUndoCommand):
            return False
        if self.command.merge(other.command):
            self.setText(self.command.text)
            return True
        return False


class UndoController:
    """Runs a command on the open project and records it. Errors (bad input) propagate before
    anything is recorded, so the stack never holds a command that did not happen."""

    def __init__(self, stack: QUndoStack) -> None:
        self.stack = stack
        self.doc: ProjectDocument | None = None

    def set_document(self, doc: ProjectDocument | None) -> None:
        self.doc = doc
        self.stack.clear()

    def push(self, command: Command) -> Command:
        if self.doc is None:
            raise RuntimeError("no project is open")
        command.do(self.doc)
        self.stack.push(CoreUndoCommand(self.doc, command))
        return command

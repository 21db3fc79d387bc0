from __future__ import annotations

from collections.abc import Sequence

from app.services.project_document import ProjectDocument


class Command:
    """One user edit that knows how to undo itself. `do` may run again after `undo` (redo) and
    must then reproduce exactly the same state (same ids)."""

    text = "Edit"

    def do(self, doc: ProjectDocument) -> None:
        raise NotImplementedError

    def undo(self, doc: ProjectDocument) -> None:
        raise NotImplementedError

    # Typing in one field merges into one command: same merge_key → merge() is asked.
    merge_key: object | None = None

    def merge(self, other: Command) -> bool:
        return False


class MacroCommand(Command):
    def __init__(self, text: str, commands: Sequence[Command]) -> None:
        self.text = text
        self.commands = list(commands)

    def do(self, doc: ProjectDocument) -> None:
        for c in self.commands:
            c.do(doc)

    def undo(self, doc: ProjectDocument) -> None:
        for c in reversed(self.commands):
            c.undo(doc)

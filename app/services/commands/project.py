from __future__ import annotations

from app.services.commands.base import Command
from app.services.project_document import ProjectDocument


class RenameProject(Command):
    def __init__(self, doc: ProjectDocument, name: str) -> None:
        name = name.strip()
        if not name:
            raise ValueError("a project needs a name")
        self.old = doc.project.name
        self.new = name
        self.text = f"Rename project to “{name}”"

    def do(self, doc: ProjectDocument) -> None:
        doc.set_project(doc.project.model_copy(update={"name": self.new}))

    def undo(self, doc: ProjectDocument) -> None:
        doc.set_project(doc.project.model_copy(update={"name": self.old}))

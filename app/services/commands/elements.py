from __future__ import annotations

from app.domain import Element
from app.services.commands.base import Command
from app.services.project_document import ProjectDocument


class AddElement(Command):
    def __init__(self, element: Element) -> None:
        self.element = element
        self.text = f"Add {element.kind.value} @{element.name}"

    def do(self, doc: ProjectDocument) -> None:
        doc.put_element(self.element)

    def undo(self, doc: ProjectDocument) -> None:
        doc.delete_element(self.element.id)


class UpdateElement(Command):
    def __init__(self, before: Element, after: Element) -> None:
        self.before, self.after = before, after
        self.text = f"Edit @{before.name}"

    def do(self, doc: ProjectDocument) -> None:
        doc.put_element(self.after)

    def undo(self, doc: ProjectDocument) -> None:
        doc.put_element(self.before)


class DeleteElement(Command):
    def __init__(self, element: Element) -> None:
        self.element = element
        self.text = f"Delete @{element.name}"

    def do(self, doc: ProjectDocument) -> None:
        doc.delete_element(self.element.id)

    def undo(self, doc: ProjectDocument) -> None:
        doc.put_element(self.element)

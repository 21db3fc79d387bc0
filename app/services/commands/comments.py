from __future__ import annotations

from app.domain import Comment
from app.services.commands.base import Command
from app.services.project_document import ProjectDocument


class AddComment(Command):
    def __init__(self, comment: Comment) -> None:
        self.comment = comment
        self.text = "Add comment"

    def do(self, doc: ProjectDocument) -> None:
        doc.put_comment(self.comment)

    def undo(self, doc: ProjectDocument) -> None:
        doc.delete_comment(self.comment)


class DeleteComment(Command):
    def __init__(self, comment: Comment) -> None:
        self.comment = comment
        self.text = "Delete comment"

    def do(self, doc: ProjectDocument) -> None:
        doc.delete_comment(self.comment)

    def undo(self, doc: ProjectDocument) -> None:
        doc.put_comment(self.comment)

from __future__ import annotations

from app.domain import Take
from app.services.commands.base import Command
from app.services.project_document import ProjectDocument


class SelectTake(Command):
    def __init__(self, doc: ProjectDocument, shot_id: str, take_id: str | None) -> None:
        self.shot_id = shot_id
        self.new = take_id
        self.old = doc.shots.get(shot_id).selected_take_id
        self.text = "Select take"

    def do(self, doc: ProjectDocument) -> None:
        doc.update_shot(self.shot_id, selected_take_id=self.new)

    def undo(self, doc: ProjectDocument) -> None:
        doc.update_shot(self.shot_id, selected_take_id=self.old)


class SetTakeFlags(Command):
    def __init__(self, take: Take, *, favourite: bool | None = None,
                 rejected: bool | None = None) -> None:
        self.before = take
        changes = {}
        if favourite is not None:
            changes["favourite"] = favourite
        if rejected is not None:
            changes["rejected"] = rejected
        self.after = take.model_copy(update=changes)
        what = "Favourite" if favourite else "Unfavourite" if favourite is False else (
            "Reject" if rejected else "Unreject")
        self.text = f"{what} take {take.number}"

    def do(self, doc: ProjectDocument) -> None:
        doc.update_take(self.after)

    def undo(self, doc: ProjectDocument) -> None:
        doc.update_take(self.before)


class DeleteTake(Command):
    """Soft delete: the media stays in the library until the take is purged, so undo works."""

    def __init__(self, doc: ProjectDocument, take: Take) -> None:
        self.take = take
        self.was_selected = doc.shots.get(take.shot_id).selected_take_id == take.id
        self.text = f"Delete take {take.number}"

    def do(self, doc: ProjectDocument) -> None:
        if self.was_selected:
            doc.update_shot(self.take.shot_id, selected_take_id=None)
        doc.set_take_deleted(self.take, True)

    def undo(self, doc: ProjectDocument) -> None:
        doc.set_take_deleted(self.take, False)
        if self.was_selected:
            doc.update_shot(self.take.shot_id, selected_take_id=self.take.id)

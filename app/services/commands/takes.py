from __future__ import annotations

from app.domain import Take
from app.domain.cut import clamp_trim
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


class ImportTake(Command):
    """Add a take made outside Reelroom (an imported file) to its shot. The take's id is fixed
    here, so redo brings back the very same take; a shot's first take becomes its selected
    take (as for generated takes), and undo puts the selection back."""

    def __init__(self, take: Take, text: str | None = None) -> None:
        self.take = take
        self.text = text or "Import take"
        self._recorded = False
        self._selected_it = False
        self._previous: str | None = None

    def do(self, doc: ProjectDocument) -> None:
        if not self._recorded:
            self._previous = doc.shots.get(self.take.shot_id).selected_take_id
            self.take = doc.add_take(self.take)
            self._recorded = True
            now_selected = doc.shots.get(self.take.shot_id).selected_take_id
            self._selected_it = now_selected == self.take.id and self._previous != self.take.id
            return
        doc.set_take_deleted(self.take, False)
        if self._selected_it:
            doc.update_shot(self.take.shot_id, selected_take_id=self.take.id)

    def undo(self, doc: ProjectDocument) -> None:
        if self._selected_it:
            doc.update_shot(self.take.shot_id, selected_take_id=self._previous)
        doc.set_take_deleted(self.take, True)


class TrimTake(Command):
    """Move a take's in/out points (what the cut plays of it). The media file is untouched;
    undo puts the old points back."""

    def __init__(self, take: Take, trim_in: float, trim_out: float | None) -> None:
        new_in, new_out = clamp_trim(take, trim_in, trim_out)
        self.before = take
        self.after = take.model_copy(update={"trim_in": new_in, "trim_out": new_out})
        self.text = f"Trim take {take.number}"

    def do(self, doc: ProjectDocument) -> None:
        doc.update_take(self.after)

    def undo(self, doc: ProjectDocument) -> None:
        doc.update_take(self.before)

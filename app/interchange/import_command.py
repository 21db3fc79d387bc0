"""Adding an imported timeline to a project is one undoable step: its shots (and their takes)
appear together and go together. Ids are fixed up front so redo brings back the same shots,
and their takes, which the library keeps while the shots are undone."""

from __future__ import annotations

from app.domain import Shot, Take
from app.interchange.otio_import import TimelineImport
from app.services.commands.base import Command
from app.services.project_document import ProjectDocument


class ImportTimeline(Command):
    def __init__(self, doc: ProjectDocument, prepared: TimelineImport,
                 index: int | None = None) -> None:
        self.index = len(doc.shots) if index is None else index
        self.shots: list[Shot] = []
        self.takes: list[Take] = []
        for item in prepared.shots:
            shot = doc.new_shot(**item.fields)
            if item.take is not None:
                take = Take(shot_id=shot.id, number=1, **item.take)
                shot = shot.model_copy(update={"selected_take_id": take.id})
                self.takes.append(take)
            self.shots.append(shot)
        self.text = f"Import {len(self.shots)} shot(s) from {prepared.source.name}"

    @property
    def ids(self) -> list[str]:
        return [s.id for s in self.shots]

    def do(self, doc: ProjectDocument) -> None:
        with doc.db.transaction():
            doc.insert_shots(self.index, self.shots)
            for take in self.takes:
                if doc.take(take.id) is None:
                    doc.add_take(take)

    def undo(self, doc: ProjectDocument) -> None:
        doc.remove_shots(self.ids)

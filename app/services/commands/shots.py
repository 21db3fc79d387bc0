from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.domain import Shot
from app.services.commands.base import Command
from app.services.project_document import ProjectDocument


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class AddShots(Command):
    """Insert new shots at `index`. Ids are fixed at construction so redo recreates the same
    shots (and undo of the undo finds them)."""

    def __init__(self, doc: ProjectDocument, index: int, fields: Sequence[dict[str, Any]],
                 text: str | None = None) -> None:
        self.index = index
        self.shots = [doc.new_shot(**f) for f in fields]
        self.text = text or (f"Add shot “{self.shots[0].title}”" if len(self.shots) == 1
                             and self.shots[0].title else f"Add {_plural(len(self.shots), 'shot')}")

    @property
    def ids(self) -> list[str]:
        return [s.id for s in self.shots]

    def do(self, doc: ProjectDocument) -> None:
        doc.insert_shots(self.index, self.shots)

    def undo(self, doc: ProjectDocument) -> None:
        doc.remove_shots(self.ids)


class DeleteShots(Command):
    def __init__(self, shot_ids: Sequence[str]) -> None:
        self.shot_ids = list(shot_ids)
        self.removed: list[tuple[int, Shot]] = []
        self.text = f"Delete {_plural(len(self.shot_ids), 'shot')}"

    def do(self, doc: ProjectDocument) -> None:
        self.removed = doc.remove_shots(self.shot_ids)

    def undo(self, doc: ProjectDocument) -> None:
        doc.restore_shots(self.removed)


class MoveShots(Command):
    def __init__(self, shot_ids: Sequence[str], dest: int) -> None:
        self.shot_ids = list(shot_ids)
        self.dest = dest
        self.old: list[tuple[int, str]] = []
        self.text = f"Move {_plural(len(self.shot_ids), 'shot')}"

    def do(self, doc: ProjectDocument) -> None:
        self.old = doc.move_shots(self.shot_ids, self.dest)

    def undo(self, doc: ProjectDocument) -> None:
        doc.restore_order(self.old)


class UpdateShot(Command):
    """Change fields of one shot. Consecutive edits of the same field of the same shot merge,
    so a typed sentence is one undo step."""

    def __init__(self, doc: ProjectDocument, shot_id: str, **changes: Any) -> None:
        shot = doc.shots.get(shot_id)
        self.shot_id = shot_id
        self.new = changes
        self.old = {k: getattr(shot, k) for k in changes}
        names = ", ".join(k.replace("_", " ") for k in changes)
        label = shot.title or f"shot {doc.shots.index_of(shot_id) + 1}"
        self.text = f"Edit {names} of “{label}”"
        self.merge_key = ("shot", shot_id, tuple(sorted(changes)))

    def do(self, doc: ProjectDocument) -> None:
        doc.update_shot(self.shot_id, **self.new)

    def undo(self, doc: ProjectDocument) -> None:
        doc.update_shot(self.shot_id, **self.old)

    def merge(self, other: Command) -> bool:
        if not isinstance(other, UpdateShot) or other.merge_key != self.merge_key:
            return False
        self.new = other.new
        return True


class DuplicateShots(AddShots):
    """Copies of the given shots (their content, not their takes) right after the last one."""

    def __init__(self, doc: ProjectDocument, shot_ids: Sequence[str]) -> None:
        order = sorted(shot_ids, key=doc.shots.index_of)
        fields = []
        for sid in order:
            f = doc.shots.get(sid).fields()
            f["selected_take_id"] = None
            fields.append(f)
        super().__init__(doc, doc.shots.index_of(order[-1]) + 1, fields,
                         text=f"Duplicate {_plural(len(order), 'shot')}")


class SplitShot(Command):
    """Cut a shot in two at `at` seconds: the first keeps its takes, the second is a new shot
    with the same content and the remaining duration."""

    def __init__(self, doc: ProjectDocument, shot_id: str, at: float) -> None:
        shot = doc.shots.get(shot_id)
        if not 0 < at < shot.duration:
            raise ValueError(
                f"split point must be inside the shot (0 < at < {shot.duration:g} s, got {at:g})"
            )
        second = shot.fields() | {"duration": round(shot.duration - at, 3),
                                  "selected_take_id": None,
                                  "title": f"{shot.title} (2)" if shot.title else ""}
        self.update = UpdateShot(doc, shot_id, duration=round(at, 3))
        self.add = AddShots(doc, doc.shots.index_of(shot_id) + 1, [second])
        self.text = "Split shot"

    def do(self, doc: ProjectDocument) -> None:
        self.update.do(doc)
        self.add.do(doc)

    def undo(self, doc: ProjectDocument) -> None:
        self.add.undo(doc)
        self.update.undo(doc)


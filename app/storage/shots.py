"""Shots are kept in order by a REAL `position`: moving or inserting writes only the rows that
move (a new position between their neighbours), so editing a 10,000-shot project stays cheap.
Deleting is soft, so undo brings a shot back with its takes and comments."""

from __future__ import annotations

import json
from collections.abc import Iterable

from app.domain import Shot
from app.storage.database import Database

_DATA_EXCLUDE = {"id", "project_id", "position", "created", "updated"}


class ShotRow:
    """A shot as stored, not yet built into a `Shot`. Opening a 10,000-shot project would
    otherwise spend most of its time validating shots nobody looks at; the timeline needs only
    ids, positions and durations until a row is painted or a shot is edited. Built on demand
    (`load`) from the text already read: never a second trip to the database."""

    __slots__ = ("id", "project_id", "position", "created", "updated", "data", "duration")

    def __init__(self, id: str, project_id: str, position: float, created: float,
                 updated: float, data: str, duration: float) -> None:
        self.id, self.project_id, self.position = id, project_id, position
        self.created, self.updated, self.data, self.duration = created, updated, data, duration

    def load(self) -> Shot:
        return Shot(id=self.id, project_id=self.project_id, position=self.position,
                    created=self.created, updated=self.updated, **json.loads(self.data))

    def placed(self, position: float) -> ShotRow:
        return ShotRow(self.id, self.project_id, position, self.created, self.updated,
                       self.data, self.duration)


# What a ShotRow is read from: the columns, then the stored duration (absent: the default)
_ROW_SELECT = (
    "SELECT id, project_id, position, created, updated, data,"
    f" coalesce(json_extract(data, '$.duration'), {Shot.model_fields['duration'].default!r})"
    " FROM shots"
)


def _data(shot: Shot) -> str:
    return json.dumps(shot.model_dump(mode="json", exclude=_DATA_EXCLUDE))


class ShotRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def for_project(self, project_id: str) -> list[Shot]:
        return [r.load() for r in self.rows_for_project(project_id)]

    def rows_for_project(self, project_id: str) -> list[ShotRow]:
        """The project's shots in order, unbuilt (see ShotRow)."""
        return self._rows(" WHERE project_id = ? AND deleted = 0 ORDER BY position", project_id)

    def get(self, shot_id: str, *, include_deleted: bool = False) -> Shot | None:
        rows = self._rows(" WHERE id = ?" + ("" if include_deleted else " AND deleted = 0"),
                          shot_id)
        return rows[0].load() if rows else None

    def _rows(self, where: str, *args: object) -> list[ShotRow]:
        cur = self.db.conn.cursor()
        cur.row_factory = None  # plain tuples: name lookups cost more than the rest of a row
        return [ShotRow(*r) for r in cur.execute(_ROW_SELECT + where, args).fetchall()]

    def upsert(self, shots: Iterable[Shot]) -> None:
        """Insert shots, or bring soft-deleted ones back with these values."""
        with self.db.transaction() as c:
            c.executemany(
                "INSERT INTO shots (id, project_id, position, deleted, data, created, updated)"
                " VALUES (?, ?, ?, 0, ?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET position = excluded.position, deleted = 0,"
                " data = excluded.data, updated = excluded.updated",
                [(s.id, s.project_id, s.position, _data(s), s.created, s.updated) for s in shots],
            )

    def update(self, shot: Shot) -> None:
        with self.db.transaction() as c:
            c.execute(
                "UPDATE shots SET data = ?, position = ?, updated = ? WHERE id = ?",
                (_data(shot), shot.position, shot.updated, shot.id),
            )

    def set_positions(self, moves: Iterable[tuple[str, float]]) -> None:
        with self.db.transaction() as c:
            c.executemany("UPDATE shots SET position = ? WHERE id = ?",
                          [(p, i) for i, p in moves])

    def soft_delete(self, shot_ids: Iterable[str]) -> None:
        with self.db.transaction() as c:
            c.executemany("UPDATE shots SET deleted = 1 WHERE id = ?", [(i,) for i in shot_ids])

from __future__ import annotations

import json

from app.domain import Take
from app.storage.database import Database

_DATA_EXCLUDE = {"id", "shot_id", "number", "created"}

# each shot's live takes, as its row keeps them (the shots_with_takes index holds them all)
COUNTS = "SELECT id, live_takes FROM shots WHERE project_id = ? AND live_takes > 0"
# what the length rule reads of a take `t`, in TakeTrim's field order: the expressions the
# takes_trims index holds (migration 8), so SQLite reads them from it instead of the JSON
TRIMS = ("json_extract(t.data, '$.media_path'), json_extract(t.data, '$.duration'),"
         " coalesce(json_extract(t.data, '$.trim_in'), 0.0), json_extract(t.data, '$.trim_out')")


def _row_to_take(row) -> Take:
    return Take(id=row["id"], shot_id=row["shot_id"], number=row["number"],
                created=row["created"], **json.loads(row["data"]))


class TakeRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def for_shot(self, shot_id: str) -> list[Take]:
        rows = self.db.conn.execute(
            "SELECT * FROM takes WHERE shot_id = ? AND deleted = 0 ORDER BY number", (shot_id,)
        ).fetchall()
        return [_row_to_take(r) for r in rows]

    def counts_for_project(self, project_id: str) -> dict[str, int]:
        """Shot id → its live takes, for each of the project's shots (deleted ones too) that
        has one: the count SQLite keeps on each shot's row (migration 10), read from the
        index of the shots that have any, no take visited."""
        cur = self.db.conn.cursor()
        cur.row_factory = None
        return dict(cur.execute(COUNTS, (project_id,)).fetchall())

    def live_count(self, shot_id: str) -> int:
        """The shot's live takes: its entry in counts_for_project (0 when it has none)."""
        row = self.db.conn.execute("SELECT live_takes FROM shots WHERE id = ?",
                                   (shot_id,)).fetchone()
        return int(row[0]) if row else 0

    def for_project(self, project_id: str) -> dict[str, Take]:
        """Every live take of the project's shots, by id (one query, for the cut's lengths)."""
        rows = self.db.conn.execute(
            "SELECT t.* FROM takes t JOIN shots s ON s.id = t.shot_id"
            " WHERE s.project_id = ? AND t.deleted = 0", (project_id,)).fetchall()
        return {r["id"]: _row_to_take(r) for r in rows}

    # each live shot of a project joined to its selected take, if that take is live
    _SELECTED = (" FROM shots s JOIN takes t ON t.id = json_extract(s.data, '$.selected_take_id')"
                 " WHERE s.project_id = ? AND s.deleted = 0 AND t.deleted = 0")

    def selected_for_project(self, project_id: str) -> dict[str, Take]:
        """The live selected take of each of the project's shots, by take id (what the cut
        plays: a third of the takes of a project with three per shot)."""
        rows = self.db.conn.execute("SELECT t.*" + self._SELECTED, (project_id,)).fetchall()
        return {r["id"]: _row_to_take(r) for r in rows}

    def selected_trims(self, project_id: str) -> dict[str, tuple]:
        """Shot id → what the length rule reads of its live selected take, read in SQL
        without building a Take: a plain tuple in TakeTrim's field order (app.domain.cut
        lengths_of; a named one per shot costs more than the rest). A shot missing here
        plays its planned duration."""
        cur = self.db.conn.cursor()
        cur.row_factory = None
        rows = cur.execute(f"SELECT s.id, {TRIMS}" + self._SELECTED, (project_id,)).fetchall()
        return {r[0]: r[1:] for r in rows}

    def get(self, take_id: str) -> Take | None:
        row = self.db.conn.execute(
            "SELECT * FROM takes WHERE id = ? AND deleted = 0", (take_id,)
        ).fetchone()
        return _row_to_take(row) if row else None

    def next_number(self, shot_id: str) -> int:
        # deleted takes keep their number: take 3 stays "take 3" even after 2 is removed
        row = self.db.conn.execute(
            "SELECT coalesce(max(number), 0) FROM takes WHERE shot_id = ?", (shot_id,)
        ).fetchone()
        return int(row[0]) + 1

    def add(self, take: Take) -> Take:
        with self.db.transaction() as c:
            if take.number <= 0 or c.execute(
                "SELECT 1 FROM takes WHERE shot_id = ? AND number = ?", (take.shot_id, take.number)
            ).fetchone():
                take = take.model_copy(update={"number": self.next_number(take.shot_id)})
            c.execute(
                "INSERT INTO takes (id, shot_id, number, deleted, data, created)"
                " VALUES (?, ?, ?, 0, ?, ?)",
                (take.id, take.shot_id, take.number,
                 json.dumps(take.model_dump(mode="json", exclude=_DATA_EXCLUDE)), take.created),
            )
        return take

    def update(self, take: Take) -> None:
        with self.db.transaction() as c:
            c.execute(
                "UPDATE takes SET data = ? WHERE id = ?",
                (json.dumps(take.model_dump(mode="json", exclude=_DATA_EXCLUDE)), take.id),
            )

    def set_deleted(self, take_id: str, deleted: bool) -> None:
        with self.db.transaction() as c:
            c.execute("UPDATE takes SET deleted = ? WHERE id = ?", (int(deleted), take_id))

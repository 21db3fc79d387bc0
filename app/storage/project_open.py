"""What opening a project reads of its shots, in one pass over them: each live shot's row
(unbuilt, app.storage.shots.ShotRow), its live takes (the count its row keeps, migration 10)
and what the length rule reads of its live selected take (the cut's lengths and the header
total need every shot's at once). Separate reads of the counts and the trims each walked the
project's 10,000 shots again; here the join to the selected take rides on the walk the rows
need anyway."""

from __future__ import annotations

from typing import NamedTuple

from app.domain import Shot
from app.storage.database import Database
from app.storage.shots import ShotRow
from app.storage.takes import TRIMS

OPEN_SELECT = (
    "SELECT s.id, s.project_id, s.position, s.created, s.updated, s.data,"
    f" coalesce(json_extract(s.data, '$.duration'), {Shot.model_fields['duration'].default!r}),"
    f" s.live_takes, {TRIMS}"
    " FROM shots s LEFT JOIN takes t ON t.id = json_extract(s.data, '$.selected_take_id')"
    " AND t.deleted = 0 WHERE s.project_id = ? AND s.deleted = 0 ORDER BY s.position")
# the deleted shots' live takes (kept for their undo), through the shots_in_order index
DELETED_COUNTS = ("SELECT id, live_takes FROM shots WHERE project_id = ? AND deleted = 1"
                  " AND live_takes > 0")


class OpenedShots(NamedTuple):
    rows: list[ShotRow]  # the live shots in order
    take_counts: dict[str, int]  # shot id → live takes, for each shot (deleted too) with any
    trims: list[tuple]  # per row: its selected take's trim (TakeTrim's order), all None/0.0
    #                     when it has no live one (the rule then plays the planned duration)


def read_opened(db: Database, project_id: str) -> OpenedShots:
    """Equal to ShotRepository.rows_for_project, TakeRepository.counts_for_project and
    TakeRepository.selected_trims read one by one (tests/core/test_lazy_reads.py)."""
    cur = db.conn.cursor()
    cur.row_factory = None  # plain tuples: name lookups cost more than the rest of a row
    fetched = cur.execute(OPEN_SELECT, (project_id,)).fetchall()
    counts = {r[0]: r[7] for r in fetched if r[7]}
    counts.update(cur.execute(DELETED_COUNTS, (project_id,)).fetchall())
    return OpenedShots([ShotRow(*r[:7]) for r in fetched], counts, [r[8:] for r in fetched])

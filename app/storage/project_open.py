"""What opening a project reads of its shots, in one pass over them: each live shot's row
(unbuilt, app.storage.shots.ShotRow), its live takes (the count its row keeps, migration 10)
and its length in the cut (the length rule over its live selected take's trim: the cut's
lengths and the header total need every shot's at once). Separate reads of the counts and the
trims each walked the project's 10,000 shots again; here the join to the selected take rides
on the walk the rows need anyway, and the rule is worked out by SQLite as it walks, not by
Python over 10,000 rows after it (with the trims fetched as 40,000 Python values for it)."""

from __future__ import annotations

from typing import NamedTuple

from app.domain import Shot
from app.domain.cut import MIN_LENGTH
from app.storage.database import Database
from app.storage.shots import ShotRow

_PLANNED = f"coalesce(json_extract(s.data, '$.duration'), {Shot.model_fields['duration'].default!r})"
# The trim's fields as the takes_trims index holds them (migration 8; TRIMS, app.storage.takes)
_MEDIA, _FULL = "json_extract(t.data, '$.media_path')", "json_extract(t.data, '$.duration')"
_IN = "coalesce(json_extract(t.data, '$.trim_in'), 0.0)"
_OUT = "json_extract(t.data, '$.trim_out')"
# app.domain.cut.lengths_of's rule, written for SQLite: the planned duration without a usable
# take (none live, no media, never probed), else the trim kept inside the media, at least
# MIN_LENGTH long; `+ 0.0` makes a whole number stored as one a float, as float() does.
# Equal to lengths_of for every kind of take (tests/core/test_film_time.py).
LENGTH = (
    f"CASE WHEN {_MEDIA} IS NULL OR {_MEDIA} = '' OR {_FULL} IS NULL OR {_FULL} <= 0"
    f" THEN {_PLANNED} + 0.0"
    f" ELSE max({MIN_LENGTH!r}, min(coalesce({_OUT}, {_FULL}), {_FULL}) + 0.0"
    f" - min(max({_IN}, 0.0), max({_FULL} - {MIN_LENGTH!r}, 0.0))) END")
OPEN_SELECT = (
    f"SELECT s.id, s.project_id, s.position, s.created, s.updated, s.data, {_PLANNED},"
    f" s.live_takes, {LENGTH}"
    " FROM shots s LEFT JOIN takes t ON t.id = json_extract(s.data, '$.selected_take_id')"
    " AND t.deleted = 0 WHERE s.project_id = ? AND s.deleted = 0 ORDER BY s.position")
# the deleted shots' live takes (kept for their undo), through the shots_in_order index
DELETED_COUNTS = ("SELECT id, live_takes FROM shots WHERE project_id = ? AND deleted = 1"
                  " AND live_takes > 0")


class OpenedShots(NamedTuple):
    rows: list[ShotRow]  # the live shots in order
    take_counts: dict[str, int]  # shot id → live takes, for each shot (deleted too) with any
    lengths: list[float]  # per row: its length in the cut (app.domain.cut.lengths_of)


def read_opened(db: Database, project_id: str) -> OpenedShots:
    """Equal to ShotRepository.rows_for_project, TakeRepository.counts_for_project and the
    rule over TakeRepository.selected_trims read one by one (tests/core/test_lazy_reads.py)."""
    cur = db.conn.cursor()
    cur.row_factory = None  # plain tuples: name lookups cost more than the rest of a row
    fetched = cur.execute(OPEN_SELECT, (project_id,)).fetchall()
    counts = {r[0]: r[7] for r in fetched if r[7]}
    counts.update(cur.execute(DELETED_COUNTS, (project_id,)).fetchall())
    return OpenedShots([ShotRow(*r[:7]) for r in fetched], counts, [r[8] for r in fetched])

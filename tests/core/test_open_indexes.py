"""A project open's reads are answered from the indexes migrations 8 and 9 made for them
(the shots in order with their durations and selected takes, the takes' trims, live takes
per shot, the bin's items in order, each shot's jobs newest first), so SQLite neither
parses every row's JSON nor sorts: a query and an index that drift apart (another
expression, a new default duration) are caught here, not by a slower benchmark. The counts read through the index equal the takes counted one
shot at a time."""

from __future__ import annotations

from app.domain import Take
from app.services.queue.job_store import NEWEST_PER_SHOT
from app.services.studio import Studio
from app.storage.shots import _ROW_SELECT
from app.storage.takes import TakeRepository


def plan(db, sql: str, *args) -> str:
    return " | ".join(str(tuple(r)[-1]) for r in db.conn.execute("EXPLAIN QUERY PLAN " + sql,
                                                                 args).fetchall())


def test_the_open_reads_use_their_indexes(tmp_path):
    studio = Studio.open(tmp_path)
    db = studio.db
    shots = plan(db, _ROW_SELECT + " WHERE project_id = ? AND deleted = 0 ORDER BY position", "p")
    assert "shots_in_order" in shots and "TEMP B-TREE" not in shots
    trims = plan(db, "SELECT s.id, json_extract(t.data, '$.media_path'),"
                 " json_extract(t.data, '$.duration'),"
                 " coalesce(json_extract(t.data, '$.trim_in'), 0.0),"
                 " json_extract(t.data, '$.trim_out')" + TakeRepository._SELECTED, "p")
    assert "shots_in_order" in trims and "takes_trims" in trims
    counts = plan(db, "SELECT id, (SELECT count(*) FROM takes t WHERE t.shot_id = s.id"
                  " AND t.deleted = 0) FROM shots s WHERE s.project_id = ?", "p")
    assert "COVERING INDEX takes_live_by_shot" in counts
    media = plan(db, "SELECT id FROM media_items WHERE project_id = ? AND deleted = 0"
                 " ORDER BY created, id", "p")
    assert "media_items_in_order" in media and "TEMP B-TREE" not in media
    marks = plan(db, NEWEST_PER_SHOT, "p")
    assert "COVERING INDEX jobs_newest_per_shot" in marks and "TEMP B-TREE" not in marks
    studio.close()


def test_take_counts_equal_the_takes_counted_shot_by_shot(tmp_path):
    studio = Studio.open(tmp_path)
    doc = studio.open_project(studio.create_project("Counts").id)
    doc.insert_shots(0, [doc.new_shot(title=f"S{i}") for i in range(5)])
    s = list(doc.shots)
    for shot, n in zip(s, (0, 1, 3, 2, 1), strict=True):
        for _ in range(n):
            doc.add_take(Take(shot_id=shot.id))
    doc.set_take_deleted(doc.takes(s[3].id)[0], True)  # 2 → 1 live
    doc.set_take_deleted(doc.takes(s[4].id)[0], True)  # its only take: no entry
    doc.remove_shots([s[2].id])  # a deleted shot keeps its takes (for undo)
    other = studio.open_project(studio.create_project("Other").id)
    other.insert_shots(0, [other.new_shot()])
    other.add_take(Take(shot_id=other.shots[0].id))
    takes = TakeRepository(studio.db)
    walked = {shot.id: len(takes.for_shot(shot.id)) for shot in s}
    assert takes.counts_for_project(doc.project.id) == {
        k: v for k, v in walked.items() if v} == {s[1].id: 1, s[2].id: 3, s[3].id: 1}
    studio.close()

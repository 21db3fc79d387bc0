"""A project open's reads are answered from the indexes migrations 8 and 9 made for them
(the shots in order with their durations and selected takes, the takes' trims, live takes
per shot, the bin's items in order, each shot's jobs newest first), so SQLite neither
parses every row's JSON nor sorts: a query and an index that drift apart (another
expression, a new default duration) are caught here, not by a slower benchmark. The live takes each shot's row keeps (migration 10) equal the
takes counted one shot at a time, through every way a take comes, goes or comes back, and
on a library migrated with its takes already there."""

from __future__ import annotations

import sqlite3

from app.domain import Take
from app.services.queue.job_store import NEWEST_OF_SHOT
from app.services.studio import Studio
from app.storage.migrations import MIGRATIONS
from app.storage.project_open import DELETED_COUNTS, OPEN_SELECT
from app.storage.shots import _ROW_SELECT
from app.storage.takes import COUNTS, TakeRepository


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
    opened = plan(db, OPEN_SELECT, "p")
    assert "shots_in_order" in opened and "takes_trims" in opened
    assert "TEMP B-TREE" not in opened and "SCAN" not in opened
    deleted = plan(db, DELETED_COUNTS, "p")
    assert "shots_in_order (project_id=? AND deleted=?)" in deleted
    counts = plan(db, COUNTS, "p")
    assert "COVERING INDEX shots_with_takes" in counts
    media = plan(db, "SELECT id FROM media_items WHERE project_id = ? AND deleted = 0"
                 " ORDER BY created, id", "p")
    assert "media_items_in_order" in media and "TEMP B-TREE" not in media
    marks = plan(db, NEWEST_OF_SHOT, "p", "s")
    assert "COVERING INDEX jobs_newest_per_shot" in marks and "TEMP B-TREE" not in marks
    studio.close()


def counted(db, project_id: str) -> dict[str, int]:
    """The live takes of each of the project's shots (deleted ones too), counted from the
    takes themselves: what the kept counts must equal."""
    rows = db.conn.execute(
        "SELECT s.id, (SELECT count(*) FROM takes t WHERE t.shot_id = s.id AND t.deleted = 0)"
        " FROM shots s WHERE s.project_id = ?", (project_id,)).fetchall()
    return {r[0]: r[1] for r in rows if r[1]}


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
    assert doc.take_count(s[2].id) == 3 and doc.take_count(s[0].id) == 0
    # brought back (an undo of a delete), a shot restored, a take's row removed outright,
    # a take given to another shot, a shot written again by an upsert: still counted right
    deleted = TakeRepository(studio.db).for_shot(s[4].id)
    assert deleted == []
    gone = studio.db.conn.execute("SELECT id FROM takes WHERE shot_id = ?", (s[4].id,)).fetchone()
    takes.set_deleted(gone[0], False)
    takes.set_deleted(gone[0], False)  # no change: no count
    doc.restore_shots([(2, s[2])])
    first = takes.for_shot(s[1].id)[0]
    with studio.db.transaction() as c:
        c.execute("UPDATE takes SET shot_id = ? WHERE id = ?", (s[0].id, first.id))
        c.execute("DELETE FROM takes WHERE id = ?", (takes.for_shot(s[2].id)[0].id,))
    doc._shots.upsert([doc.shots.get(s[3].id)])
    assert takes.counts_for_project(doc.project.id) == counted(studio.db, doc.project.id) == {
        s[0].id: 1, s[2].id: 2, s[3].id: 1, s[4].id: 1}
    assert takes.counts_for_project(other.project.id) == counted(studio.db, other.project.id)
    studio.projects.delete(other.project.id)  # its shots and takes go with it
    assert takes.counts_for_project(other.project.id) == {}
    assert takes.counts_for_project(doc.project.id) == counted(studio.db, doc.project.id)
    studio.close()


def test_a_library_migrated_with_its_takes_keeps_their_counts(tmp_path):
    """Takes written before migration 10 are counted onto their shots by it."""
    path = tmp_path / "data" / "library.db"
    path.parent.mkdir()
    conn = sqlite3.connect(path)
    for sql in MIGRATIONS[:9]:
        conn.executescript(sql)
    conn.execute("PRAGMA user_version = 9")
    conn.execute("INSERT INTO projects VALUES ('p', 'Old', '16:9', 24, 0, 0)")
    for i in range(4):
        conn.execute("INSERT INTO shots (id, project_id, position, deleted, data, created,"
                     " updated) VALUES (?, 'p', ?, ?, '{}', 0, 0)", (f"s{i}", i, int(i == 3)))
    for n, (shot, deleted) in enumerate([("s0", 0), ("s0", 0), ("s1", 1), ("s2", 0),
                                         ("s3", 0), ("s2", 1)]):
        conn.execute("INSERT INTO takes VALUES (?, ?, ?, ?, '{}', 0)",
                     (f"t{n}", shot, n + 1, deleted))
    conn.commit()
    conn.close()
    studio = Studio.open(tmp_path)
    assert studio.db.schema_version == len(MIGRATIONS)
    takes = TakeRepository(studio.db)
    assert takes.counts_for_project("p") == counted(studio.db, "p") == {
        "s0": 2, "s2": 1, "s3": 1}
    studio.close()

"""The library's one ordered writer (app/storage/writer.py): writes handed over from the asyncio
loop run on its thread, commit in the order they were handed over, are read back by the caller
once awaited, and are durable then: a process SIGKILLed right after an awaited write keeps it."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from app.services.queue.job_store import JobStore
from app.storage.database import Database
from app.storage.writer import WriterClosed

ROOT = Path(__file__).resolve().parents[2]


def _scratch(db: Database) -> None:
    def make() -> None:
        with db.transaction() as c:
            c.execute("CREATE TABLE IF NOT EXISTS scratch (n INTEGER, thread INTEGER)")

    db.writer.call(make)


def _insert(db: Database, n: int) -> int:
    with db.transaction() as c:
        c.execute("INSERT INTO scratch (n, thread) VALUES (?, ?)", (n, threading.get_ident()))
        # read inside the write: the writer's own connection sees what it just wrote
        return c.execute("SELECT count(*) FROM scratch").fetchone()[0]


async def test_writes_from_the_loop_commit_in_order_off_the_loop_thread(tmp_path):
    db = Database(tmp_path / "library.db")
    try:
        _scratch(db)
        futures = [db.writer.submit(_insert, db, n) for n in range(199)]  # not awaited
        seen = await db.write(_insert, db, 199)
        assert seen == 200  # every write handed over before it had committed
        rows = db.conn.execute("SELECT n, thread FROM scratch ORDER BY rowid").fetchall()
        assert [r["n"] for r in rows] == list(range(200))  # the order they were handed over
        assert {r["thread"] for r in rows} == {db.writer._thread.ident}
        assert threading.get_ident() not in {r["thread"] for r in rows}
        assert [f.result() for f in futures] == list(range(1, 200))
    finally:
        db.close()


async def test_a_failing_write_rolls_back_and_raises_to_its_caller(tmp_path):
    db = Database(tmp_path / "library.db")
    try:
        _scratch(db)

        def half_then_fail() -> None:
            with db.transaction() as c:
                c.execute("INSERT INTO scratch (n) VALUES (1)")
                raise ValueError("no room")

        with pytest.raises(ValueError, match="no room"):
            await db.write(half_then_fail)
        assert await db.write(_insert, db, 2) == 1  # the writer goes on; nothing half-written
        assert db.conn.execute("SELECT n FROM scratch").fetchall()[0][0] == 2
    finally:
        db.close()


def test_close_writes_what_was_handed_over_then_refuses_more(tmp_path):
    db = Database(tmp_path / "library.db")
    _scratch(db)
    for n in range(50):
        db.writer.submit(_insert, db, n)
    db.close()
    again = Database(tmp_path / "library.db")
    try:
        assert again.conn.execute("SELECT count(*) FROM scratch").fetchone()[0] == 50
    finally:
        again.close()
    with pytest.raises(WriterClosed):
        db.writer.submit(_insert, db, 51)


_KILLED = textwrap.dedent("""
    import asyncio, os, signal, sys
    from pathlib import Path
    from app.services.queue.job_store import JobStore
    from app.storage.database import Database

    db = Database(Path(sys.argv[1]))

    def make():
        with db.transaction() as c:
            c.execute("CREATE TABLE scratch (n INTEGER)")

    def insert(n):
        with db.transaction() as c:
            c.execute("INSERT INTO scratch (n) VALUES (?)", (n,))

    async def main():
        await db.write(make)
        for n in range(99):
            db.writer.submit(insert, n)  # handed over, not awaited
        await db.write(insert, 99)
        await db.write(JobStore(db).set_paused, True)
        # the moment the awaited write returns, as a crash right before a request would
        os.kill(os.getpid(), signal.SIGKILL)

    asyncio.run(main())
""")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_an_awaited_write_survives_the_process_being_killed_right_after(tmp_path):
    path = tmp_path / "library.db"
    done = subprocess.run([sys.executable, "-c", _KILLED, str(path)], cwd=ROOT, timeout=60,
                          capture_output=True, text=True)
    assert done.returncode == -signal.SIGKILL, done.stderr
    db = Database(path)
    try:
        assert [r[0] for r in db.conn.execute("SELECT n FROM scratch ORDER BY rowid")] == \
            list(range(100))
        assert JobStore(db).paused() is True
    finally:
        db.close()


def test_a_write_made_inside_a_write_runs_at_once_in_that_transaction(tmp_path):
    db = Database(tmp_path / "library.db")
    try:
        _scratch(db)

        def outer() -> int:
            with db.transaction():
                _insert(db, 1)
                return db.writer.call(_insert, db, 2)  # would deadlock if queued behind us

        assert asyncio.run(asyncio.wait_for(db.write(outer), 10)) == 2
    finally:
        db.close()



async def test_only_another_connections_commits_count_as_changed_elsewhere(tmp_path):
    import sqlite3

    from app.services.library_watch import LibraryWatch

    db = Database(tmp_path / "library.db")
    try:
        _scratch(db)
        watch = LibraryWatch(db)
        await db.write(_insert, db, 1)  # the studio's writer
        with db.transaction() as c:  # the studio's reader, an edit made where it is made
            c.execute("INSERT INTO scratch (n) VALUES (2)")
        await db.write(_insert, db, 3)
        assert watch.changed_elsewhere() is False
        other = sqlite3.connect(db.path, isolation_level=None)  # as reelroom-cli would
        other.execute("INSERT INTO scratch (n) VALUES (4)")
        other.close()
        with db.transaction() as c:  # ours after theirs: theirs is still seen
            c.execute("INSERT INTO scratch (n) VALUES (5)")
        await db.write(_insert, db, 6)
        assert watch.changed_elsewhere() is True
        assert watch.changed_elsewhere() is False  # once per batch
    finally:
        db.close()

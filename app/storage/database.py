"""Opening, migrating and transacting on the library database."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from app.storage.errors import LibraryCorrupt, LibraryTooNew
from app.storage.migrations import MIGRATIONS, latest_version
from app.storage.writer import Writer

T = TypeVar("T")


def _keep_aside(path: Path, reason: str) -> Path:
    """Copy the database (and its WAL) aside before anything else touches it."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.stem}.{reason}-{stamp}{path.suffix}")
    shutil.copy2(path, aside)
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        shutil.copy2(wal, aside.with_name(aside.name + "-wal"))
    return aside


def _statements(script: str) -> Iterator[str]:
    """The statements of a migration, one at a time: split at each `;` that ends one, not at
    those inside a trigger's BEGIN … END."""
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \t\n;"):
                yield pending
            pending = ""
    if pending.strip(" \t\n;"):
        yield pending


class Database:
    """The library: a connection for reading (and for edits made where they are made), and
    one ordered writer thread with a connection of its own (`write`, `writer`). Every edit
    runs in `transaction()`; on the writer's thread that is the writer's connection, so the
    same storage code runs on either side."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()  # one transaction at a time, whichever connection
        self._depth = 0
        # The writer's connection sees every commit but its own: this reader's, and other
        # processes'. What it should see after this reader's last commit is kept, so a commit
        # by another process is told apart (changed_elsewhere).
        self._writer_version: int | None = None
        self._elsewhere = False
        self._conn = self._open()
        self.writer = Writer(self._connect_writer)

    @property
    def conn(self) -> sqlite3.Connection:
        """The connection for the calling thread: the writer's on its thread (so reads
        inside a write see that write), the reading one everywhere else."""
        if self.writer.on_thread():
            assert self.writer.conn is not None
            return self.writer.conn
        return self._conn

    def _connect(self) -> sqlite3.Connection:
        """A connection set up as every connection to the library is (the reader's in
        `_open`, the writer's thread's own)."""
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False,
                               timeout=10)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 10000")
        # A project open reads 10,000 shots and their selected takes: through SQLite's default
        # 2 MiB page cache that was ~4,800 pread() calls per read, each copying a page the OS
        # already holds; mapped, the pages are read in place (strace: 5). The library never
        # shrinks (no VACUUM), so a mapped page cannot vanish under a reader. A larger cache
        # keeps the hot index pages across reads of the same project.
        conn.execute("PRAGMA mmap_size = 268435456")
        conn.execute("PRAGMA cache_size = -32768")
        return conn

    def _connect_writer(self) -> sqlite3.Connection:
        conn = self._connect()
        conn.execute("PRAGMA synchronous = NORMAL")  # WAL: a commit survives a killed process
        return conn

    async def write(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run `fn` on the writer's thread, in order after every write handed over before
        it; returns (what `fn` returned) once it has committed. The loop runs meanwhile."""
        return await self.writer.run(fn, *args, **kwargs)

    def _open(self) -> sqlite3.Connection:
        existed = self.path.exists() and self.path.stat().st_size > 0
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            if existed:
                self._check()
            conn = self._connect()
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            aside = _keep_aside(self.path, "corrupt") if existed else None
            raise LibraryCorrupt(
                f"The library database {self.path} is damaged and cannot be opened ({exc})",
                self.path,
                aside,
            ) from exc
        if version > latest_version():  # checked before anything writes to the file
            conn.close()
            aside = _keep_aside(self.path, "newer")
            raise LibraryTooNew(
                f"The library database {self.path} was written by a newer Reelroom "
                f"(schema {version}; this version knows up to {latest_version()}). "
                "Update Reelroom to open it",
                self.path,
                aside,
            )
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        self._migrate(conn, version)
        return conn

    def _check(self) -> None:
        """Raise sqlite3.DatabaseError unless the file is a sound library. On a connection of
        its own, closed after: the check reads every page of the file, and through the
        reader's memory map those pages stayed mapped (counted in the process's RSS: the
        whole library, 43 MiB for 10,000 shots) until a later write grew the file and SQLite
        mapped it again, at a moment that varied from run to run (benchmarks/library.py's
        RSS growth on open was 2 or 45 MiB depending on which side of it the open fell)."""
        conn = sqlite3.connect(self.path, isolation_level=None, timeout=10)
        try:
            conn.execute("PRAGMA mmap_size = 268435456")  # as fast as the reader's own read
            # reading the schema is what fails on a file that is not a database
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("integrity check failed")
        finally:
            conn.close()

    @staticmethod
    def _migrate(conn: sqlite3.Connection, version: int) -> None:
        for number, sql in enumerate(MIGRATIONS[version:], start=version + 1):
            conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in _statements(sql):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def _note_writer_version(self) -> None:
        version = self.writer.data_version()
        if version != self._writer_version:
            if self._writer_version is not None:
                self._elsewhere = True
            self._writer_version = version

    def changed_elsewhere(self) -> bool:
        """True once after each batch of commits by another process since the last call
        (neither this studio's reader nor its writer): the writer's connection, which is
        started for it, sees them. False while one of ours is mid-transaction (ask again)."""
        self.writer.start()
        if not self._lock.acquire(blocking=False):
            return False
        try:
            self._note_writer_version()
            changed, self._elsewhere = self._elsewhere, False
            return changed
        finally:
            self._lock.release()

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing; nested calls join the outer transaction."""
        with self._lock:
            conn = self.conn
            if self._depth:
                self._depth += 1
                try:
                    yield conn
                finally:
                    self._depth -= 1
                return
            mine = conn is self._conn
            if mine:
                self._note_writer_version()  # what it saw before: not this commit
            conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield conn
                conn.execute("COMMIT")
                if mine:  # the writer's connection sees this commit as foreign: expected
                    self._writer_version = self.writer.data_version()
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            finally:
                self._depth = 0

    def close(self) -> None:
        self.writer.close()  # what was handed over is written first
        with self._lock:
            self._conn.close()

    @staticmethod
    def start_fresh(path: Path) -> Path:
        """The user chose to start with an empty library: move the old file (and WAL/SHM)
        aside under a new name — nothing is deleted. Returns where it went."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        moved = path.with_name(f"{path.stem}.set-aside-{stamp}{path.suffix}")
        for suffix in ("", "-wal", "-shm"):
            src = path.with_name(path.name + suffix)
            if src.exists():
                src.rename(moved.with_name(moved.name + suffix))
        return moved

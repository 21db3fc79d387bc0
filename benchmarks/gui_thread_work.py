"""What the GUI thread does that it should not (benchmarks/queue.py lists it): every database
write and every file hash made on the GUI thread while armed, grouped by the code that made it.

- Database writes: sqlite3's trace callback on the library's connection runs in the thread that
  executes each statement; INSERT/UPDATE/DELETE/REPLACE and COMMIT (the fsync) on the main
  thread are counted, with the app frames that issued them.
- File hashes: `hashlib.sha256` is wrapped for the run (callers look it up on the module at
  call time); a hash object fed 64 KiB or more on the main thread is a file hash there (ids
  and cache keys hash a few bytes and are counted apart)."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "COMMIT")
FILE_BYTES = 64 * 1024


def app_frames(depth: int = 3) -> str:
    """The innermost app/ and ui/ frames calling the storage layer, innermost last."""
    frames = [f for f in traceback.extract_stack()[:-2]
              if f.filename.startswith(str(ROOT)) and "/benchmarks/" not in f.filename
              and "/.venv/" not in f.filename]
    outside = [f for f in frames if "/app/storage/" not in f.filename] or frames
    return " <- ".join(f"{Path(f.filename).relative_to(ROOT)}:{f.lineno} {f.name}"
                       for f in reversed(outside[-depth:]))


class _Hash:
    """A sha256 that notes the bytes it is fed on the main thread."""

    def __init__(self, work: GuiThreadWork, real) -> None:
        self._work, self._real, self._gui_bytes, self._site = work, real, 0, ""

    def update(self, data) -> None:
        if self._work.armed and threading.current_thread() is threading.main_thread():
            self._gui_bytes += len(data)
            if self._gui_bytes >= FILE_BYTES and not self._site:
                self._site = app_frames()
                self._work.file_hashes[self._site] += 1
        self._real.update(data)

    def __getattr__(self, name: str):
        return getattr(self._real, name)


class GuiThreadWork:
    def __init__(self) -> None:
        self.armed = False
        self.writes: Counter[tuple[str, str]] = Counter()
        self.file_hashes: Counter[str] = Counter()
        self._real_sha256 = hashlib.sha256

    def watch(self, conn: sqlite3.Connection) -> None:
        conn.set_trace_callback(self._trace)
        work, real = self, self._real_sha256

        def sha256(*args, **kwargs):
            return _Hash(work, real(*args, **kwargs))

        hashlib.sha256 = sha256

    def unwatch(self, conn: sqlite3.Connection) -> None:
        conn.set_trace_callback(None)
        hashlib.sha256 = self._real_sha256

    def _trace(self, sql: str) -> None:
        if not self.armed or threading.current_thread() is not threading.main_thread():
            return
        head = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
        if head in WRITES:
            self.writes[(head, app_frames())] += 1

    def report(self, top: int = 8) -> None:
        n_writes, n_hashes = sum(self.writes.values()), sum(self.file_hashes.values())
        print(f"database writes on the GUI thread: {n_writes} "
              f"({sum(n for (h, _), n in self.writes.items() if h == 'COMMIT')} commits)")
        for (head, site), n in self.writes.most_common(top):
            print(f"  {n:6d} {head:7s} {site}")
        print(f"file hashes on the GUI thread: {n_hashes}")
        for site, n in self.file_hashes.most_common(top):
            print(f"  {n:6d} {site}")

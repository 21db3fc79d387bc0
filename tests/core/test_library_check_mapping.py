"""The library's integrity check at open reads every page of the file. It runs on a connection
of its own, closed after, so the reader does not keep the whole library mapped (and counted in
the app's memory) from the check, and a damaged file is still refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.storage.database import Database
from app.storage.errors import LibraryCorrupt

MiB = 1024 * 1024


def _mapped_kib(path: Path) -> int:
    """KiB of `path` present in this process's memory maps (what RSS counts of it)."""
    total, current = 0, None
    with open("/proc/self/smaps") as smaps:
        for line in smaps:
            parts = line.split()
            if "-" in parts[0] and len(parts) >= 5 and ":" in parts[3]:
                current = parts[5] if len(parts) > 5 else None
            elif parts[0] == "Rss:" and current == str(path):
                total += int(parts[1])
    return total


def _library_of(path: Path, mib: int) -> None:
    db = Database(path)
    with db.transaction() as c:
        c.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, data BLOB)")
        c.executemany("INSERT INTO filler (data) VALUES (?)",
                      [(bytes([i % 251]) * 4000,) for i in range(mib * MiB // 4000)])
    db.close()


@pytest.mark.skipif(not Path("/proc/self/smaps").exists(), reason="Linux memory maps only")
def test_the_open_check_leaves_the_library_unmapped(tmp_path):
    path = tmp_path / "library.db"
    _library_of(path, 8)
    assert path.stat().st_size > 8 * MiB
    db = Database(path)
    try:
        # the open read the schema and its version: a few pages, not the 8 MiB checked
        assert _mapped_kib(path) < 1024
        assert db.conn.execute("SELECT count(*) FROM filler").fetchone()[0] > 0
    finally:
        db.close()


def test_a_library_with_a_damaged_page_is_still_refused_and_kept(tmp_path):
    path = tmp_path / "library.db"
    _library_of(path, 1)
    page = sqlite3.connect(path).execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(path.read_bytes())
    # a page in the middle of the filler table: the schema still reads, the check does not
    middle = (len(data) // page // 2) * page
    data[middle:middle + page] = b"\xff" * page
    path.write_bytes(bytes(data))
    with pytest.raises(LibraryCorrupt) as info:
        Database(path)
    assert info.value.aside is not None and info.value.aside.read_bytes() == bytes(data)

from __future__ import annotations

import sqlite3

import pytest

from app.services.studio import Studio
from app.storage.database import Database
from app.storage.errors import LibraryCorrupt, LibraryTooNew
from app.storage.migrations import latest_version


def test_new_library_is_migrated_with_wal_and_foreign_keys(tmp_path):
    db = Database(tmp_path / "library.db")
    assert db.schema_version == latest_version()
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    db.close()


def test_a_failed_transaction_leaves_nothing_behind(studio):
    project = studio.create_project("Film")
    with pytest.raises(RuntimeError), studio.db.transaction() as c:
        c.execute("UPDATE projects SET name = 'changed' WHERE id = ?", (project.id,))
        raise RuntimeError("boom")
    assert studio.projects.get(project.id).name == "Film"


def test_corrupt_library_is_reported_and_kept_aside_untouched(tmp_path):
    path = tmp_path / "library.db"
    garbage = b"this is not a database" * 200
    path.write_bytes(garbage)
    with pytest.raises(LibraryCorrupt) as info:
        Database(path)
    err = info.value
    assert "damaged" in str(err) and str(path) in str(err)
    assert err.aside is not None and err.aside.read_bytes() == garbage
    assert path.read_bytes() == garbage  # never overwritten silently
    assert str(err.aside) in err.user_message()


def test_library_from_a_newer_version_is_refused_and_kept(tmp_path):
    path = tmp_path / "library.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {latest_version() + 5}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(LibraryTooNew) as info:
        Database(path)
    assert "newer Reelroom" in str(info.value)
    assert info.value.aside.exists()
    assert path.read_bytes() == before


def test_start_fresh_moves_the_old_file_aside_and_deletes_nothing(tmp_path):
    path = tmp_path / "library.db"
    path.write_bytes(b"junk" * 100)
    moved = Database.start_fresh(path)
    assert not path.exists() and moved.read_bytes() == b"junk" * 100
    assert Database(path).schema_version == latest_version()


def test_studio_open_on_corrupt_library_raises_library_error(reelroom_home):
    s = Studio.open()
    path = s.library_path
    s.close()
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    path.write_bytes(b"\x00garbage" * 512)
    with pytest.raises(LibraryCorrupt):
        Studio.open()

"""Notice writes another process (reelroom-cli) made to the library while the studio is open.

SQLite's `PRAGMA data_version` changes on this connection only when another connection
committed: one cheap query per poll, no file watching, and the studio's own writes never
trigger a refresh of what it already shows."""

from __future__ import annotations

from app.storage.database import Database


class LibraryWatch:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._version = self._read()

    def _read(self) -> int:
        return int(self.db.conn.execute("PRAGMA data_version").fetchone()[0])

    def changed_elsewhere(self) -> bool:
        """True once after each batch of commits by another process."""
        version = self._read()
        if version == self._version:
            return False
        self._version = version
        return True

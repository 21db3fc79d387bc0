"""Notice writes another process (reelroom-cli) made to the library while the studio is open.

SQLite's `PRAGMA data_version` changes on this connection only when another connection
committed: one cheap query per poll, no file watching, and the studio's own writes never
trigger a refresh of what it already shows.

The studio itself writes through two connections (the reader's, for edits made where they
are made, and the writer thread's), and each sees the other's commits as foreign: the
library (Database.changed_elsewhere) asks the writer's connection, which sees every commit
but its own, and discounts the reader's commits, whose effect it notes as they are made."""

from __future__ import annotations

from app.storage.database import Database


class LibraryWatch:
    def __init__(self, db: Database) -> None:
        self.db = db
        db.changed_elsewhere()  # the baseline: what was written before the studio watched

    def changed_elsewhere(self) -> bool:
        """True once after each batch of commits by another process."""
        return self.db.changed_elsewhere()

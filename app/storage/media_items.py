"""The media_items table: one row per distinct content (sha256) in a project. Removing an item
from the bin is soft, so undo brings it back and its file is never orphaned by an undo."""

from __future__ import annotations

import json
import sqlite3

from app.domain.media_item import MediaItem
from app.storage.database import Database

_COLUMNS = {"id", "project_id", "sha256", "kind", "name", "path", "size", "created"}


def _row_to_item(row: sqlite3.Row) -> MediaItem:
    data = json.loads(row["data"])
    return MediaItem(**{k: row[k] for k in _COLUMNS}, **data)


class MediaItemRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def for_project(self, project_id: str) -> list[MediaItem]:
        rows = self.db.conn.execute(
            "SELECT * FROM media_items WHERE project_id = ? AND deleted = 0 ORDER BY created, id",
            (project_id,),
        ).fetchall()
        return [_row_to_item(r) for r in rows]

    def get(self, item_id: str) -> MediaItem | None:
        row = self.db.conn.execute(
            "SELECT * FROM media_items WHERE id = ? AND deleted = 0", (item_id,)
        ).fetchone()
        return _row_to_item(row) if row else None

    def by_hash(self, project_id: str, sha256: str) -> tuple[MediaItem, bool] | None:
        """The item with this content (deleted ones too: re-importing brings one back) and
        whether it is deleted."""
        row = self.db.conn.execute(
            "SELECT * FROM media_items WHERE project_id = ? AND sha256 = ?", (project_id, sha256)
        ).fetchone()
        return (_row_to_item(row), bool(row["deleted"])) if row else None

    def by_path(self, path: str) -> MediaItem | None:
        row = self.db.conn.execute(
            "SELECT * FROM media_items WHERE path = ? AND deleted = 0 LIMIT 1", (path,)
        ).fetchone()
        return _row_to_item(row) if row else None

    def add(self, item: MediaItem) -> None:
        data = item.model_dump(mode="json", exclude=_COLUMNS)
        with self.db.transaction() as c:
            c.execute(
                "INSERT INTO media_items (id, project_id, sha256, kind, name, path, size, deleted,"
                " data, created) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
                (item.id, item.project_id, item.sha256, item.kind, item.name, item.path,
                 item.size, json.dumps(data), item.created),
            )

    def set_deleted(self, item_id: str, deleted: bool) -> None:
        with self.db.transaction() as c:
            c.execute("UPDATE media_items SET deleted = ? WHERE id = ?", (int(deleted), item_id))

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


class MediaItemRow:
    """An item as stored, not yet built into a `MediaItem`: a bin of 5,000 items shows its
    names and a page of pictures, and validating every item on a project open cost more than
    the rest of the bin. Built on demand (`load`) from the row already read."""

    __slots__ = ("id", "project_id", "sha256", "kind", "name", "path", "size", "created",
                 "data")

    def __init__(self, id: str, project_id: str, sha256: str, kind: str, name: str, path: str,
                 size: int, created: float, data: str) -> None:
        self.id, self.project_id, self.sha256, self.kind = id, project_id, sha256, kind
        self.name, self.path, self.size, self.created, self.data = name, path, size, created, data

    def load(self) -> MediaItem:
        return MediaItem(id=self.id, project_id=self.project_id, sha256=self.sha256,
                         kind=self.kind, name=self.name, path=self.path, size=self.size,
                         created=self.created, **json.loads(self.data))


class MediaItemRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def for_project(self, project_id: str) -> list[MediaItem]:
        rows = self.db.conn.execute(
            "SELECT * FROM media_items WHERE project_id = ? AND deleted = 0 ORDER BY created, id",
            (project_id,),
        ).fetchall()
        return [_row_to_item(r) for r in rows]

    def rows_for_project(self, project_id: str) -> list[MediaItemRow]:
        """`for_project`, unbuilt (see MediaItemRow)."""
        cur = self.db.conn.cursor()
        cur.row_factory = None  # plain tuples: name lookups cost more than the rest of a row
        return [MediaItemRow(*r) for r in cur.execute(
            "SELECT id, project_id, sha256, kind, name, path, size, created, data"
            " FROM media_items WHERE project_id = ? AND deleted = 0 ORDER BY created, id",
            (project_id,)).fetchall()]

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

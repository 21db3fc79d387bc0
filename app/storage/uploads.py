"""The uploads table: which service already holds which content (provider, sha256) and under
which remote id, so the same reference image is uploaded once however many jobs use it."""

from __future__ import annotations

import json

from app.domain.ids import now
from app.providers.base import UploadResult
from app.storage.database import Database


class UploadRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, provider: str, sha256: str) -> UploadResult | None:
        row = self.db.conn.execute(
            "SELECT * FROM uploads WHERE provider = ? AND sha256 = ?", (provider, sha256)
        ).fetchone()
        if row is None:
            return None
        return UploadResult(provider=row["provider"], remote_id=row["remote_id"],
                            route=row["route"], size=row["size"], data=json.loads(row["data"]))

    def put(self, sha256: str, name: str, result: UploadResult) -> None:
        with self.db.transaction() as c:
            c.execute(
                "INSERT INTO uploads (provider, sha256, remote_id, route, size, name, data,"
                " uploaded) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(provider, sha256) DO"
                " UPDATE SET remote_id = excluded.remote_id, route = excluded.route,"
                " size = excluded.size, name = excluded.name, data = excluded.data,"
                " uploaded = excluded.uploaded",
                (result.provider, sha256, result.remote_id, result.route, result.size, name,
                 json.dumps(result.data, default=str), now()),
            )

    def forget(self, provider: str, sha256: str) -> None:
        """The service no longer has it (expired, deleted): the next use uploads again."""
        with self.db.transaction() as c:
            c.execute("DELETE FROM uploads WHERE provider = ? AND sha256 = ?", (provider, sha256))

    def count(self, provider: str | None = None) -> int:
        sql, args = "SELECT count(*) FROM uploads", ()
        if provider is not None:
            sql, args = sql + " WHERE provider = ?", (provider,)
        return int(self.db.conn.execute(sql, args).fetchone()[0])

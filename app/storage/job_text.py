"""The job_text table: what a job's service has said so far, per stream ("output": the agent's
answer, "reasoning": its reasoning summary), appended as it streams in."""

from __future__ import annotations

from app.domain.ids import now
from app.storage.database import Database


class JobTextRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def append(self, job_id: str, pieces: dict[str, str]) -> None:
        """Add each stream's new text to what is kept (one transaction for all)."""
        pieces = {k: v for k, v in pieces.items() if v}
        if not pieces:
            return
        with self.db.transaction() as c:
            c.executemany(
                "INSERT INTO job_text (job_id, stream, text, updated) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(job_id, stream) DO UPDATE SET text = text || excluded.text,"
                " updated = excluded.updated",
                [(job_id, stream, text, now()) for stream, text in pieces.items()])

    def get(self, job_id: str) -> dict[str, str]:
        rows = self.db.conn.execute(
            "SELECT stream, text FROM job_text WHERE job_id = ?", (job_id,)).fetchall()
        return {r[0]: r[1] for r in rows}

    def clear(self, job_id: str) -> None:
        with self.db.transaction() as c:
            c.execute("DELETE FROM job_text WHERE job_id = ?", (job_id,))

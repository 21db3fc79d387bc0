from __future__ import annotations

from app.domain.ids import now
from app.storage.database import Database


class PromptHistory:
    """Prompts the user has sent, most recent first, for completion and search."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def remember(self, prompt: str) -> None:
        prompt = prompt.strip()
        if not prompt:
            return
        with self.db.transaction() as c:
            c.execute(
                "INSERT INTO prompt_history (prompt, used, count) VALUES (?, ?, 1)"
                " ON CONFLICT(prompt) DO UPDATE SET used = excluded.used, count = count + 1",
                (prompt, now()),
            )

    def recent(self, limit: int = 200, containing: str = "") -> list[str]:
        rows = self.db.conn.execute(
            "SELECT prompt FROM prompt_history WHERE prompt LIKE ? ORDER BY used DESC LIMIT ?",
            (f"%{containing}%", limit),
        ).fetchall()
        return [r[0] for r in rows]

from __future__ import annotations

from app.domain import Comment
from app.storage.database import Database


class CommentRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def for_shot(self, shot_id: str) -> list[Comment]:
        rows = self.db.conn.execute(
            "SELECT data FROM comments WHERE shot_id = ? ORDER BY created", (shot_id,)
        ).fetchall()
        return [Comment.model_validate_json(r[0]) for r in rows]

    def put(self, comment: Comment) -> None:
        with self.db.transaction() as c:
            c.execute(
                "INSERT INTO comments (id, shot_id, data, created) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET data = excluded.data",
                (comment.id, comment.shot_id, comment.model_dump_json(), comment.created),
            )

    def delete(self, comment_id: str) -> None:
        with self.db.transaction() as c:
            c.execute("DELETE FROM comments WHERE id = ?", (comment_id,))

from __future__ import annotations

from app.domain import Template
from app.storage.database import Database


class TemplateRepository:
    """User templates (built-in ones ship in resources/)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def all(self) -> list[Template]:
        rows = self.db.conn.execute("SELECT data FROM templates ORDER BY name").fetchall()
        return [Template.model_validate_json(r[0]) for r in rows]

    def get(self, template_id: str) -> Template | None:
        row = self.db.conn.execute(
            "SELECT data FROM templates WHERE id = ?", (template_id,)
        ).fetchone()
        return Template.model_validate_json(row[0]) if row else None

    def put(self, template: Template) -> None:
        with self.db.transaction() as c:
            c.execute(
                "INSERT INTO templates (id, name, data) VALUES (?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET name = excluded.name, data = excluded.data",
                (template.id, template.name, template.model_dump_json()),
            )

    def delete(self, template_id: str) -> None:
        with self.db.transaction() as c:
            c.execute("DELETE FROM templates WHERE id = ?", (template_id,))

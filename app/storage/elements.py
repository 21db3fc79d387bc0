from __future__ import annotations

from app.domain import Element
from app.storage.database import Database


class ElementRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def for_project(self, project_id: str) -> list[Element]:
        rows = self.db.conn.execute(
            "SELECT data FROM elements WHERE project_id = ? ORDER BY name COLLATE NOCASE",
            (project_id,),
        ).fetchall()
        return [Element.model_validate_json(r[0]) for r in rows]

    def put(self, element: Element) -> None:
        with self.db.transaction() as c:
            c.execute(
                "INSERT INTO elements (id, project_id, name, data) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(id) DO UPDATE SET name = excluded.name, data = excluded.data",
                (element.id, element.project_id, element.name, element.model_dump_json()),
            )

    def delete(self, element_id: str) -> None:
        with self.db.transaction() as c:
            c.execute("DELETE FROM elements WHERE id = ?", (element_id,))


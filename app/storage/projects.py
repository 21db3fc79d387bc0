from __future__ import annotations

from app.domain import Project
from app.domain.ids import now
from app.storage.database import Database


class ProjectRepository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, project: Project) -> None:
        with self.db.transaction() as c:
            c.execute(
                "INSERT INTO projects (id, name, aspect, fps, created, updated)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (project.id, project.name, project.aspect, project.fps, project.created,
                 project.updated),
            )

    def get(self, project_id: str) -> Project | None:
        row = self.db.conn.execute("SELECT * FROM projects WHERE id = ?", (project_id,)).fetchone()
        return Project(**dict(row)) if row else None

    def all(self) -> list[Project]:
        rows = self.db.conn.execute("SELECT * FROM projects ORDER BY updated DESC").fetchall()
        return [Project(**dict(r)) for r in rows]

    def update(self, project: Project) -> Project:
        project = project.model_copy(update={"updated": now()})
        with self.db.transaction() as c:
            c.execute(
                "UPDATE projects SET name = ?, aspect = ?, fps = ?, updated = ? WHERE id = ?",
                (project.name, project.aspect, project.fps, project.updated, project.id),
            )
        return project

    def touch(self, project_id: str) -> None:
        with self.db.transaction() as c:
            c.execute("UPDATE projects SET updated = ? WHERE id = ?", (now(), project_id))

    def delete(self, project_id: str) -> None:
        with self.db.transaction() as c:
            c.execute("DELETE FROM projects WHERE id = ?", (project_id,))

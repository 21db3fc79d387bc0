"""Which shot a job is for, as people say it: "3. Harbour at dawn" (and the project's name when
it is not the open one). Looked up once per project and kept until the shots change, because
the queue table asks for it on every paint."""

from __future__ import annotations

from app.services.queue import Job
from app.storage.projects import ProjectRepository
from app.storage.shots import ShotRepository


class ShotLabels:
    def __init__(self, studio) -> None:
        self.studio = studio
        self._by_project: dict[str, dict[str, str]] = {}
        self._project_names: dict[str, str] = {}

    def forget(self, project_id: str | None = None) -> None:
        """Shots were added, removed, renamed or moved: number them again on next use."""
        if project_id is None:
            self._by_project.clear()
        else:
            self._by_project.pop(project_id, None)

    def _numbered(self, project_id: str) -> dict[str, str]:
        labels = self._by_project.get(project_id)
        if labels is None:
            doc = self.studio.document
            if doc is not None and doc.project.id == project_id:
                shots = list(doc.shots)
            else:
                shots = ShotRepository(self.studio.db).for_project(project_id)
            labels = {s.id: f"{i}. {s.title or f'Shot {i}'}" for i, s in enumerate(shots, 1)}
            self._by_project[project_id] = labels
        return labels

    def project_name(self, project_id: str) -> str:
        if project_id not in self._project_names:
            project = ProjectRepository(self.studio.db).get(project_id)
            self._project_names[project_id] = project.name if project else "deleted project"
        return self._project_names[project_id]

    def __call__(self, job: Job) -> str:
        if job.shot_id is None:
            label = "no shot"
        else:
            label = self._numbered(job.project_id).get(job.shot_id, "deleted shot")
        doc = self.studio.document
        if doc is None or doc.project.id != job.project_id:
            label = f"{self.project_name(job.project_id)} · {label}"
        return label

"""Which shot a job is for, as people say it: "3. Harbour at dawn" (and the project's name when
it is not the open one). The queue table asks on every paint: the open project answers from its
shot list by index (reading the titles on screen, building no shot), other projects are read
once and kept until their shots change."""

from __future__ import annotations

from app.services.library_reads import project_by_id, shots_of
from app.services.queue import Job


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
            shots = shots_of(self.studio.db, project_id)
            labels = {s.id: _label(i, s.title) for i, s in enumerate(shots, 1)}
            self._by_project[project_id] = labels
        return labels

    def _label(self, project_id: str, shot_id: str) -> str:
        doc = self.studio.document
        if doc is not None and doc.project.id == project_id:
            try:
                i = doc.shots.index_of(shot_id)
            except KeyError:
                return "deleted shot"
            # the stored title, not the shot built from its row: a scroll through 10,000
            # jobs would otherwise validate one shot per job (a third of a row's paint)
            (title,) = doc.shots.fields_at(i, ("title",))
            return _label(i + 1, title)
        return self._numbered(project_id).get(shot_id, "deleted shot")

    def project_name(self, project_id: str) -> str:
        if project_id not in self._project_names:
            project = project_by_id(self.studio.db, project_id)
            self._project_names[project_id] = project.name if project else "deleted project"
        return self._project_names[project_id]

    def __call__(self, job: Job) -> str:
        if job.shot_id is None:
            label = "no shot"
        else:
            label = self._label(job.project_id, job.shot_id)
        if job.landing.label:  # a sound or words job: what it makes, not only its shot
            label = job.landing.label if job.shot_id is None else f"{label} · {job.landing.label}"
        doc = self.studio.document
        if doc is None or doc.project.id != job.project_id:
            label = f"{self.project_name(job.project_id)} · {label}"
        return label


def _label(number: int, title: str) -> str:
    return f"{number}. {title or f'Shot {number}'}"

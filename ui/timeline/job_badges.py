"""The state badge on a timeline card: what the newest generation job of that shot is doing.

Fed by the Queue's job_added/job_changed signals (emitted on the GUI thread under qasync), so a
card says "queued", "running", "failed" without the timeline asking the database while it
paints. A finished good job shows no badge: its take (count, thumbnail) says it already.
"""

from __future__ import annotations

from app.services.project_document import ProjectDocument
from app.services.queue import Job, JobState
from ui.timeline.model import ShotListModel

# What a card says for each state; states not listed show no badge.
BADGE_WORDS = {
    JobState.QUEUED: "queued",
    JobState.SUBMITTING: "sending",
    JobState.RUNNING: "running",
    JobState.DOWNLOADING: "downloading",
    JobState.FAILED: "failed",
    JobState.NEEDS_ATTENTION: "needs attention",
}


class JobBadges:
    def __init__(self, queue, model: ShotListModel) -> None:
        self.queue = queue
        self.model = model
        self.project_id: str | None = None
        self._latest: dict[str, Job] = {}  # shot id → its newest job
        model.state_for = self.state
        queue.job_added.connect(self.job_changed)
        queue.job_changed.connect(self.job_changed)

    def set_document(self, doc: ProjectDocument | None) -> None:
        self.project_id = doc.project.id if doc is not None else None
        self._latest.clear()
        if doc is not None:
            for job in self.queue.store.list(project_id=self.project_id):
                self._keep(job)

    def state(self, shot_id: str) -> str:
        job = self._latest.get(shot_id)
        return BADGE_WORDS.get(job.state, "") if job is not None else ""

    def job_changed(self, job: Job) -> None:
        if job.project_id != self.project_id or job.shot_id is None:
            return
        if self._keep(job):
            self.model.shot_changed(job.shot_id)

    def _keep(self, job: Job) -> bool:
        if job.shot_id is None:
            return False
        current = self._latest.get(job.shot_id)
        if current is not None and current.id != job.id and current.created > job.created:
            return False  # an older job's news does not cover a newer one
        self._latest[job.shot_id] = job
        return True

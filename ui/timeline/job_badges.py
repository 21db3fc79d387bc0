"""The state badge on a timeline card: what the newest generation job of that shot is doing.

Fed by the Queue's jobs_added/job_changed signals (emitted on the GUI thread under qasync), so a
card says "queued", "running", "failed" without the timeline asking the database while it
paints. A finished good job shows no badge: its take (count, thumbnail) says it already; and a
failure shows no red badge on a shot that has a good take (one of N takes that failed while
another landed, a retry, an imported clip): the shot is usable, and the Queue keeps the failed
job and its message.
"""

from __future__ import annotations

from app.services.project_document import ProjectDocument
from app.services.queue import Job, JobState
from app.services.queue.job_store import JobMark
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
        # shot id → its newest job (None: it has none), read when its card first asks: a
        # project open paints a handful of 10,000 cards, and each read is one index lookup
        self._latest: dict[str, JobMark | None] = {}
        self._good_take: dict[str, float] = {}  # shot id → when its newest good take was made (0: none)
        self._doc: ProjectDocument | None = None
        model.state_for = self.state
        queue.jobs_added.connect(self.jobs_added)
        queue.job_changed.connect(self.job_changed)

    def set_document(self, doc: ProjectDocument | None) -> None:
        if self._doc is not None:
            self._doc.takes_changed.disconnect(self.takes_changed)
        self._doc = doc
        self.project_id = doc.project.id if doc is not None else None
        self._latest.clear()
        self._good_take.clear()
        if doc is not None:
            doc.takes_changed.connect(self.takes_changed)

    def _mark(self, shot_id: str) -> JobMark | None:
        """The shot's newest job as the library has it, then as the queue's news follow."""
        try:
            return self._latest[shot_id]
        except KeyError:
            pass
        mark = None
        if self.project_id is not None:
            mark = self.queue.store.latest_mark(self.project_id, shot_id)
        self._latest[shot_id] = mark
        return mark

    def state(self, shot_id: str) -> str:
        job = self._mark(shot_id)
        if job is None:
            return ""
        if job.state == JobState.FAILED and self._has_good_take(shot_id):
            return ""
        return BADGE_WORDS.get(job.state, "")

    def _has_good_take(self, shot_id: str) -> bool:
        # read when a failure is first shown, whenever the job failed (at an earlier session's
        # end or just now): a shot whose take landed before that is still usable
        if shot_id not in self._good_take:
            self._note_takes(shot_id)
        return self._good_take.get(shot_id, 0.0) > 0.0

    def takes_changed(self, shot_id: str) -> None:
        if self._note_takes(shot_id):
            self.model.shot_changed(shot_id)

    def _note_takes(self, shot_id: str) -> bool:
        if self._doc is None:
            return False
        good = [t.created for t in self._doc.takes(shot_id) if not t.rejected]
        newest = max(good, default=0.0)
        changed = self._good_take.get(shot_id, 0.0) != newest
        self._good_take[shot_id] = newest
        return changed

    def jobs_added(self, jobs: list[Job]) -> None:
        """A batch just queued: each job is its shot's newest, so the library is not asked for
        the one before it (200 shots queued at once would otherwise read 200 index entries in
        a row on the GUI thread, the queue's longest stall), and the cards whose badge changed
        are repainted with one signal, not one each (200 in a row were the next longest)."""
        changed = [shot_id for job in jobs if (shot_id := self._note(job, newest=True))]
        if changed:
            self.model.shots_changed(changed)

    def job_changed(self, job: Job, *, newest: bool = False) -> None:
        shot_id = self._note(job, newest=newest)
        if shot_id is not None:
            self.model.shot_changed(shot_id)

    def _note(self, job: Job, *, newest: bool) -> str | None:
        """Take in a job's news; the shot whose badge it changes, or None."""
        if job.project_id != self.project_id or job.shot_id is None:
            return None
        mark = JobMark.of(job)
        # what the card knows; a job's news is checked against the library only when it
        # could be older than the shot's newest job
        current = self._latest.get(mark.shot_id) if newest else self._mark(mark.shot_id)
        if current is not None and current.id != mark.id and current.created > mark.created:
            return None  # an older job's news does not cover a newer one
        self._latest[mark.shot_id] = mark
        return mark.shot_id

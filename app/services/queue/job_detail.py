"""The queue's job detail, Qt-free: for the one job a view has chosen, what it is, where it is,
and — for a service that talks while it works (the Tellers agent) — its live answer and
reasoning summary as they stream in. A view binds to `changed` and reads the properties; the
CLI reads the same text from the library after the fact."""

from __future__ import annotations

from psygnal import Signal

from app.services.queue.jobs import Job, JobState


class JobDetail:
    changed = Signal()

    def __init__(self, queue) -> None:
        self.queue = queue
        self.job: Job | None = None
        queue.job_changed.connect(self._job_changed)
        queue.live_text.changed.connect(self._text_changed)

    def close(self) -> None:
        """Stop following the queue (safe to call more than once)."""
        self.queue.job_changed.disconnect(self._job_changed, missing_ok=True)
        self.queue.live_text.changed.disconnect(self._text_changed, missing_ok=True)

    def show(self, job_id: str | None) -> None:
        self.job = self.queue.store.get(job_id) if job_id else None
        self.changed.emit()

    # -- what a view shows -------------------------------------------------------------------
    @property
    def title(self) -> str:
        if self.job is None:
            return ""
        job = self.job
        return f"{job.provider}/{job.model or '-'} · {job.state.value}"

    @property
    def status(self) -> str:
        """Where the job is, in words: the service's latest note, else its progress or error."""
        job = self.job
        if job is None:
            return ""
        if job.state.finished:
            return job.last_error or ("Done." if job.state == JobState.DONE else "")
        note = self.queue.live_text.latest_note(job.id)
        if note:
            return note
        return f"{job.percent:.0f}%" if job.percent is not None else job.state.value

    @property
    def prompt(self) -> str:
        return self.job.request.prompt if self.job is not None else ""

    @property
    def answer(self) -> str:
        """The agent's answer so far (`response.output_text.delta`, joined)."""
        return self._texts().get("output", "")

    @property
    def reasoning(self) -> str:
        """Its reasoning summary so far (`response.reasoning_summary_text.delta`)."""
        return self._texts().get("reasoning", "")

    @property
    def talks(self) -> bool:
        """Whether there is live text to show at all (a view hides the panes otherwise)."""
        return bool(self.answer or self.reasoning)

    def _texts(self) -> dict[str, str]:
        return self.queue.live_text.text(self.job.id) if self.job is not None else {}

    # -- following the queue -----------------------------------------------------------------
    def _job_changed(self, job: Job) -> None:
        if self.job is not None and job.id == self.job.id:
            self.job = job
            self.changed.emit()

    def _text_changed(self, job_id: str) -> None:
        if self.job is not None and job_id == self.job.id:
            self.changed.emit()

"""Notices when generation work finishes, so a user who hid the window still hears of it:
a system-tray message where the desktop has a tray, otherwise the status bar. The sink is
injected, so this is tested without a tray."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMainWindow, QStyle, QSystemTrayIcon

from app.domain.ids import now
from app.services.queue import Job, JobState
from app.services.service_names import display_name
from ui.queue.texts import STATE_WORDS

Sink = Callable[[str, str], None]  # (title, message)
Defer = Callable[[Callable[[], None]], None]  # run this a little later, on the same thread

_TOLD = (JobState.DONE, JobState.FAILED, JobState.NEEDS_ATTENTION)
_NAMED = 3  # shots named in a grouped notice; the rest are counted


class JobNotifier:
    """Says when a job ends (done, failed, needs attention; a cancel is the user's own doing
    and is not announced) and once per batch when the queue runs dry.

    Endings close together are told as one notice ("5 takes ready: 1. Harbour, …"), so a
    batch finishing, or a sync bringing in jobs another Reelroom ran, is one message and not
    a tray message per job. A job that ended before this notifier began (an old job shown
    again) is not news."""

    def __init__(self, sink: Sink, shot_label: Callable[[Job], str] | None = None, *,
                 defer: Defer | None = None, since: float | None = None) -> None:
        self.sink = sink
        self.shot_label = shot_label or (lambda job: job.provider)
        self._defer = defer  # None: each ending is told at once
        self._since = now() if since is None else since
        self._state: dict[str, JobState] = {}
        self._ended: dict[JobState, int] = {}
        self._pending: list[Job] = []

    def job_changed(self, job: Job) -> None:
        before = self._state.get(job.id)
        self._state[job.id] = job.state
        if job.state == before or job.state not in _TOLD:
            return
        if before is None and job.updated < self._since:
            return  # it ended before we were watching
        self._ended[job.state] = self._ended.get(job.state, 0) + 1
        self._pending.append(job)
        if self._defer is None:
            self.flush()
        elif len(self._pending) == 1:
            self._defer(self.flush)

    def flush(self) -> None:
        """Tell what ended since the last notice: one ending as itself, several as a group
        per kind of ending (takes ready, then failures)."""
        pending, self._pending = self._pending, []
        for state in _TOLD:
            jobs = [j for j in pending if j.state == state]
            if len(jobs) == 1:
                self._tell_one(jobs[0])
            elif jobs:
                self._tell_group(state, jobs)

    def _tell_one(self, job: Job) -> None:
        label = self.shot_label(job)
        if job.state == JobState.DONE:
            self.sink("Take ready",
                      f"{label}: a new take from {display_name(job.provider)} is ready.")
        else:
            said = job.last_error or "no reason given"
            self.sink(f"Generation {STATE_WORDS[job.state]}", f"{label}: {said}")

    def _tell_group(self, state: JobState, jobs: list[Job]) -> None:
        labels = list(dict.fromkeys(self.shot_label(j) for j in jobs))
        named = ", ".join(labels[:_NAMED])
        if len(labels) > _NAMED:
            named += f" and {len(labels) - _NAMED} more"
        if state == JobState.DONE:
            self.sink(f"{len(jobs)} takes ready", f"New takes for {named}.")
        else:
            verb = "need attention" if state == JobState.NEEDS_ATTENTION else "failed"
            self.sink(f"{len(jobs)} generations {verb}",
                      f"{named} (see Queue for each reason)")

    def batch_finished(self) -> None:
        self.flush()  # the endings first, then the summary of the batch
        ended, self._ended = self._ended, {}
        self._state = {k: v for k, v in self._state.items() if not v.finished}
        if not ended:
            return
        parts = [f"{n} {STATE_WORDS[s]}" for s, n in sorted(ended.items())]
        self.sink("Queue finished", ", ".join(parts) + " (see Queue)")


class TrayOrStatusSink:
    """The tray when the platform has one; the window's status bar otherwise."""

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            icon = window.windowIcon()
            if icon.isNull():
                icon = window.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay)
            self.tray = QSystemTrayIcon(icon, window)
            self.tray.setToolTip("Reelroom")
            self.tray.show()

    def __call__(self, title: str, message: str) -> None:
        if self.tray is not None and self.tray.supportsMessages():
            self.tray.showMessage(title, message, QSystemTrayIcon.MessageIcon.Information, 8000)
        else:
            self.window.statusBar().showMessage(f"{title}: {message}", 15000)

    def close(self) -> None:
        if self.tray is not None:
            self.tray.hide()

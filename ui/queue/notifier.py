"""Notices when generation work finishes, so a user who hid the window still hears of it:
a system-tray message where the desktop has a tray, otherwise the status bar. The sink is
injected, so this is tested without a tray."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMainWindow, QStyle, QSystemTrayIcon

from app.services.queue import Job, JobState
from app.services.service_names import display_name
from ui.queue.texts import STATE_WORDS

Sink = Callable[[str, str], None]  # (title, message)

_TOLD = (JobState.DONE, JobState.FAILED, JobState.NEEDS_ATTENTION)


class JobNotifier:
    """Says once per job when it ends (done, failed, needs attention; a cancel is the user's
    own doing and is not announced) and once per batch when the queue runs dry."""

    def __init__(self, sink: Sink, shot_label: Callable[[Job], str] | None = None) -> None:
        self.sink = sink
        self.shot_label = shot_label or (lambda job: job.provider)
        self._state: dict[str, JobState] = {}
        self._ended: dict[JobState, int] = {}

    def job_changed(self, job: Job) -> None:
        before = self._state.get(job.id)
        self._state[job.id] = job.state
        if job.state == before or job.state not in _TOLD:
            return
        self._ended[job.state] = self._ended.get(job.state, 0) + 1
        label = self.shot_label(job)
        if job.state == JobState.DONE:
            self.sink("Take ready",
                      f"{label}: a new take from {display_name(job.provider)} is ready.")
        else:
            said = job.last_error or "no reason given"
            self.sink(f"Generation {STATE_WORDS[job.state]}", f"{label}: {said}")

    def batch_finished(self) -> None:
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

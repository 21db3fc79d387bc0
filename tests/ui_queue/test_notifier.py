"""Notices when work ends: once per job that ends (not for progress, not for a cancel), once
per batch, through whichever sink the platform offers."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QSystemTrayIcon

from app.providers.base import GenerationRequest
from app.services.queue import Job, JobState
from ui.queue.notifier import JobNotifier, TrayOrStatusSink


def job(state=JobState.QUEUED, **kw) -> Job:
    return Job(project_id="p", shot_id="s", provider="openai", model="sora-2",
               request=GenerationRequest(model="sora-2"), state=state, **kw)


def test_each_ending_is_told_once_and_a_batch_summary_follows():
    told: list[tuple[str, str]] = []
    notifier = JobNotifier(lambda title, text: told.append((title, text)),
                           shot_label=lambda j: "2. Harbour")
    a, b, c = job(), job(), job()
    for j in (a, b, c):
        notifier.job_changed(j)
    notifier.job_changed(a.model_copy(update={"state": JobState.RUNNING, "percent": 10.0}))
    notifier.job_changed(a.model_copy(update={"state": JobState.RUNNING, "percent": 80.0}))
    assert told == []  # progress is not news
    done = a.model_copy(update={"state": JobState.DONE})
    notifier.job_changed(done)
    notifier.job_changed(done)  # the same news twice is told once
    notifier.job_changed(b.model_copy(update={
        "state": JobState.FAILED, "last_error": "openai: Your prompt was flagged"}))
    notifier.job_changed(c.model_copy(update={"state": JobState.CANCELLED}))
    assert told == [("Take ready", "2. Harbour: a new take from OpenAI Videos (Sora 2) is ready."),
                    ("Generation failed", "2. Harbour: openai: Your prompt was flagged")]
    notifier.batch_finished()
    assert told[-1] == ("Queue finished", "1 done, 1 failed (see Queue)")
    notifier.batch_finished()  # nothing new ended: no second summary
    assert len(told) == 3


def test_without_a_tray_the_status_bar_says_it(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    sink = TrayOrStatusSink(window)
    assert QSystemTrayIcon.isSystemTrayAvailable() is False  # offscreen has no tray
    assert sink.tray is None
    sink("Take ready", "1. Opening: a new take from animatic is ready.")
    assert window.statusBar().currentMessage() == (
        "Take ready: 1. Opening: a new take from animatic is ready.")

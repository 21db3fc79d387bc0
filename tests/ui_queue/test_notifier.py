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


def test_endings_close_together_are_one_notice_naming_the_shots():
    told: list[tuple[str, str]] = []
    later: list = []
    labels = iter(f"{n}. Shot" for n in range(1, 100))
    notifier = JobNotifier(lambda title, text: told.append((title, text)),
                           shot_label=lambda j: next(labels), defer=later.append)
    jobs = [job() for _ in range(6)]
    for j in jobs:
        notifier.job_changed(j)
    for j in jobs[:5]:
        notifier.job_changed(j.model_copy(update={"state": JobState.DONE}))
    notifier.job_changed(jobs[5].model_copy(update={
        "state": JobState.FAILED, "last_error": "openai: flagged"}))
    assert told == [] and len(later) == 1  # one notice is due, not six
    later.pop()()
    assert told == [("5 takes ready", "New takes for 1. Shot, 2. Shot, 3. Shot and 2 more."),
                    ("Generation failed", "6. Shot: openai: flagged")]
    # the queue running dry tells what is still due first, then the summary
    again = job()
    notifier.job_changed(again)
    notifier.job_changed(again.model_copy(update={"state": JobState.NEEDS_ATTENTION}))
    notifier.batch_finished()
    assert [t for t, _ in told[2:]] == ["Generation needs attention", "Queue finished"]
    assert told[-1][1] == "5 done, 1 failed, 1 needs attention (see Queue)"
    later.pop()()  # the flush that was due finds nothing left to tell
    assert len(told) == 4


def test_a_job_that_ended_before_the_notifier_began_is_not_news():
    told: list[tuple[str, str]] = []
    old = job(JobState.DONE, updated=1000.0)
    notifier = JobNotifier(lambda title, text: told.append((title, text)), since=2000.0)
    notifier.job_changed(old)  # an old job read again (a project opened, a sync)
    fresh = job(JobState.RUNNING, updated=2500.0)
    notifier.job_changed(fresh)
    notifier.job_changed(fresh.model_copy(update={"state": JobState.DONE, "updated": 2600.0}))
    # another Reelroom finished this one while we watched: first seen done, and news
    notifier.job_changed(job(JobState.DONE, updated=2700.0))
    assert [t for t, _ in told] == ["Take ready", "Take ready"]

"""The queue's life with the window: it starts when the window is built before the loop runs,
and closing the window stops it without touching a job, so a restart resumes the work."""

from __future__ import annotations

import asyncio

import pytest

from app.services.queue import JobState
from app.services.studio import Studio
from tests.support.qt_loop import running_qasync_loop
from tests.ui_queue.conftest import open_project_with_shots
from ui.main import create_window

pytestmark = pytest.mark.timeout(60)


def test_a_window_built_before_the_loop_runs_starts_its_queue_once_events_flow(
        qtbot, qapp, reelroom_home):
    studio = Studio.open()
    w = create_window(studio)  # no asyncio loop is running yet
    qtbot.addWidget(w)
    assert w.features.queue.start_task is None
    try:
        with running_qasync_loop(qapp):  # events (and asyncio) start flowing only now
            qtbot.waitUntil(lambda: w.features.queue.queue._loop_task is not None, timeout=5_000)
            w.close()
            qtbot.waitUntil(lambda: w.features.queue.stop_task.done(), timeout=10_000)
            assert w.features.queue.queue._loop_task is None
    finally:
        studio.close()


def test_closing_the_window_leaves_running_work_to_resume_and_a_new_window_finishes_it(
        qtbot, running_loop, reelroom_home, monkeypatch):
    from app.providers.animatic import Animatic

    studio = Studio.open()
    w = create_window(studio)
    qtbot.addWidget(w)
    doc = open_project_with_shots(w, 1)
    shot = doc.shots[0].id
    held = asyncio.Event()
    real_progress = Animatic.progress

    async def slow_progress(self, handle):
        await held.wait()  # the render "takes long": the window closes meanwhile
        async for event in real_progress(self, handle):
            yield event

    monkeypatch.setattr(Animatic, "progress", slow_progress)
    w.timeline.select_ids([shot])
    w.actions.generate_take.trigger()
    qtbot.waitUntil(lambda: [j.state for j in w.features.queue.queue.store.list()] == [JobState.RUNNING])
    w.close()
    qtbot.waitUntil(lambda: w.features.queue.stop_task.done(), timeout=10_000)
    [job] = w.features.queue.queue.store.list()
    assert job.state == JobState.RUNNING and job.handle is not None  # left as it was
    studio.close()

    monkeypatch.setattr(Animatic, "progress", real_progress)
    studio2 = Studio.open()
    w2 = create_window(studio2)  # reopens the project and resumes the job
    qtbot.addWidget(w2)
    try:
        # what the user sees last: the panel's row says done (the store says so a moment
        # earlier, when the writer thread commits, before the loop carries the news over)
        qtbot.waitUntil(lambda: (w2.features.queue.panel.model.job(job.id) or job).state
                        == JobState.DONE, timeout=30_000)
        assert w2.features.queue.queue.store.get(job.id).state == JobState.DONE
        assert len(studio2.document.takes(shot)) == 1
    finally:
        w2.close()
        qtbot.waitUntil(lambda: w2.features.queue.stop_task.done(), timeout=10_000)
        studio2.close()


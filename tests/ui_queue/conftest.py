"""Fixtures for the Queue panel: qasync's loop running as it does in the app, and a studio
window with the queue attached."""

from __future__ import annotations

import asyncio

import pytest

from app.services.studio import Studio
from tests.queue.conftest import TINY, sample_clip  # noqa: F401 - a fixture, shared
from ui.main import create_window


@pytest.fixture
def running_loop(qapp, qtbot):
    """qasync's loop marked running, as under `qasync.run` in the app: coroutines may call
    asyncio.get_running_loop(), and qtbot.wait*/waitUntil drive Qt and asyncio together.
    (A loop made with already_running=False only runs callbacks, not `get_running_loop()`.)"""
    import qasync

    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    yield loop
    left = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in left:
        task.cancel()
    if left:
        qtbot.waitUntil(lambda: all(t.done() for t in left), timeout=10_000)
    asyncio.events._set_running_loop(None)
    # an already-running qasync loop has no public "stop" that leaves Qt's loop alone
    # (stop() calls QApplication.exit(), which would end later tests' event loops)
    loop._QEventLoop__is_running = False
    loop.close()
    asyncio.set_event_loop(None)


@pytest.fixture
def window(qtbot, running_loop, reelroom_home):
    studio = Studio.open()
    w = create_window(studio)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()
    stop = w.queue_feature.stop_task
    if stop is not None:
        qtbot.waitUntil(stop.done, timeout=10_000)
    studio.close()


def open_project_with_shots(window, count: int = 2, *, params: dict | None = None,
                            provider: str = "animatic"):
    """A project with `count` tiny animatic shots, open in the window."""
    project = window.studio.create_project("Film")
    doc = window.open_project(project.id)
    doc.insert_shots(0, [doc.new_shot(title=f"Shot {chr(65 + i)}", prompt=f"prompt {i}",
                                      duration=0.5, provider=provider,
                                      params=dict(params or TINY))
                         for i in range(count)])
    return doc

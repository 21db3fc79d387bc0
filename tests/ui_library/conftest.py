"""Fixtures for the library dialogs: qasync's loop running as in the app (the platform calls
are real HTTP coroutines), and a studio window shut down the way the app does it."""

from __future__ import annotations

import asyncio

import pytest

from app.services.studio import Studio
from ui.main import create_window


@pytest.fixture
def running_loop(qapp, qtbot):
    """qasync's loop marked running, as under `qasync.run`: httpx may call
    asyncio.get_running_loop(), and qtbot.wait*/waitUntil drive Qt and asyncio together."""
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
    # stop() would call QApplication.exit() and end later tests' event loops
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
    dialog = w.library.dialog
    if dialog is not None and dialog.isVisible():
        dialog.done(0)
    w.close()
    stop = getattr(getattr(w, "queue_feature", None), "stop_task", None)
    if stop is not None:
        qtbot.waitUntil(stop.done, timeout=10_000)
    studio.close()

"""qasync's loop as the app runs it, for UI tests, and a studio window shut down the app's way.

The loop is made `already_running=True`, as under `qasync.run`: coroutines may call
`asyncio.get_running_loop()` (httpx, the queue, ffmpeg subprocesses) and qtbot.wait*/waitUntil
drive Qt and asyncio together. Not `run_until_complete`: leaving Qt's exec() emits
aboutToQuit, which stops QtMultimedia's playback threads for the rest of the process."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def running_qasync_loop(qapp, qtbot=None) -> Iterator[asyncio.AbstractEventLoop]:
    from ui.event_loop import AppEventLoop

    loop = AppEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    try:
        yield loop
    finally:
        left = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in left:
            task.cancel()
        if left and qtbot is not None:
            qtbot.waitUntil(lambda: all(t.done() for t in left), timeout=10_000)
        asyncio.events._set_running_loop(None)
        # stop() would call QApplication.exit() and end later tests' event loops: an
        # already-running qasync loop is marked stopped by hand instead
        loop._QEventLoop__is_running = False
        loop.close()
        asyncio.set_event_loop(None)


def studio_window(qtbot, before_close=None):
    """A studio window on a fresh Studio (the test's REELROOM_HOME); closed as the app closes
    it, waiting for the queue to stop before the library is closed under it."""
    from app.services.studio import Studio
    from ui.main import create_window

    studio = Studio.open()
    w = create_window(studio)
    qtbot.addWidget(w)
    w.show()
    yield w
    if before_close is not None:
        before_close(w)
    w.close()
    stop = w.features.queue.stop_task
    if stop is not None:
        qtbot.waitUntil(stop.done, timeout=10_000)
    studio.close()

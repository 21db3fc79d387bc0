"""The tasks outside the queue that use its adapters (the model catalog's listings, the
platform balance, a Services dialog's checks), so that stop() can end them before closing
the adapters under them.

Closing an httpx client while another task's request is still connecting leaves that
request's socket open for good: the connection is not in the pool yet, so the pool's close
cannot reach it, and the task holding it may never run again once the app is quitting."""

from __future__ import annotations

import asyncio
import weakref


class Borrowers:
    def __init__(self) -> None:
        self._tasks: weakref.WeakSet[asyncio.Task] = weakref.WeakSet()

    def note(self) -> None:
        """The calling task takes an adapter. The queue's own job tasks are noted too: stop()
        has ended them before it ends the borrowers, so they are skipped there as done."""
        try:
            task = asyncio.current_task()
        except RuntimeError:  # no running loop: a synchronous caller holds no request open
            return
        if task is not None:
            self._tasks.add(task)

    async def end(self) -> None:
        """Cancel every borrower still running (not the caller) and wait until each has
        unwound, its requests closed."""
        me = asyncio.current_task()
        running = [t for t in self._tasks if not t.done() and t is not me]
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)
        self._tasks.clear()

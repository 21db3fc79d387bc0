"""Coroutines started from Qt slots. asyncio keeps only weak references to tasks, so this keeps
the strong ones until each finishes, and reports a crash in words instead of losing it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

log = logging.getLogger(__name__)


class TaskKeeper:
    def __init__(self, on_error: Callable[[str], None]) -> None:
        self.on_error = on_error
        self.tasks: set[asyncio.Task[Any]] = set()

    def spawn(self, coro: Coroutine[Any, Any, Any], name: str) -> asyncio.Task[Any] | None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            coro.close()
            self.on_error("The queue is not running yet; try again in a moment.")
            return None
        task = loop.create_task(coro, name=name)
        self.tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task[Any]) -> None:
        self.tasks.discard(task)
        if task.cancelled():
            return
        exc = task.exception()
        if exc is not None:
            log.error("%s failed", task.get_name(), exc_info=exc)
            self.on_error(f"{task.get_name()} failed: {exc}")

    def cancel_all(self) -> list[asyncio.Task[Any]]:
        """Cancel every task still running; the tasks, for a caller that waits until they
        unwound."""
        tasks = [t for t in self.tasks if not t.done()]
        for task in tasks:
            task.cancel()
        return tasks

    async def drain(self) -> None:
        """Wait for everything started here (used when the window closes)."""
        while self.tasks:
            await asyncio.gather(*list(self.tasks), return_exceptions=True)

"""Coroutines a library dialog starts from a Qt slot, on qasync's loop.

asyncio holds tasks only weakly, so each dialog keeps its own until they finish; failures come
back as words (a service error's own message and hint) to the dialog's callback, never lost in
a log."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from app.domain.service_errors import ProviderError
from app.validation_text import user_text

log = logging.getLogger(__name__)


def error_text(exc: BaseException) -> str:
    if isinstance(exc, ProviderError):
        return exc.user_message()
    if isinstance(exc, (ValueError, KeyError, OSError)):
        return user_text(exc)
    return f"Something went wrong: {exc}"


class Tasks:
    def __init__(self) -> None:
        self.running: set[asyncio.Task[Any]] = set()

    def start(self, coro: Coroutine[Any, Any, Any], on_done: Callable[[Any], None],
              on_error: Callable[[str], None]) -> asyncio.Task[Any]:
        task = asyncio.get_event_loop().create_task(coro)
        self.running.add(task)

        def finished(t: asyncio.Task[Any]) -> None:
            self.running.discard(t)
            if t.cancelled():
                return
            exc = t.exception()
            if exc is None:
                on_done(t.result())
                return
            if not isinstance(exc, (ProviderError, ValueError, KeyError, OSError)):
                log.error("library task failed", exc_info=exc)
            on_error(error_text(exc))

        task.add_done_callback(finished)
        return task

    @property
    def busy(self) -> bool:
        return bool(self.running)

    def cancel_all(self) -> list[asyncio.Task[Any]]:
        """Cancel every running task; the tasks, for a caller that waits until they unwound."""
        tasks = [t for t in self.running if not t.done()]
        for task in tasks:
            task.cancel()
        return tasks

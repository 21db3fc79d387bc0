"""A thread of its own with an asyncio loop, where the providers' HTTP runs.

In the studio the app's loop is the GUI thread. A queue of 200 jobs polling makes thousands
of requests a minute, and each one's connection pool, cancel scopes, socket reads and writes
(httpcore over anyio) ran there between two paints (benchmarks/queue.py --diagnose: a create's
socket send waiting for the interpreter lock, 100 ms of holds). Here that work runs on a
network thread; the caller's coroutine waits for its outcome without holding its own loop.

`call(fn)` runs the coroutine `fn()` on the network loop and hands back, on the caller's loop,
what it returned or raised. Cancelling the caller cancels it there too, and `call` returns
(raising CancelledError) only once it has stopped, so nothing it was given (a request, a file
being sent) is still in use after. An outcome that arrives for a caller already cancelled is
given to `orphan` (to close a response nobody will read).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from app import worker_threads

T = TypeVar("T")
KIND = "network-loop"


class NetworkLoop:
    """One asyncio loop on a thread of its own, started when first used."""

    def __init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lock = threading.Lock()

    def loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None or self._loop.is_closed():
                # not asyncio.new_event_loop(): in the studio the policy's loop is Qt's
                loop = asyncio.SelectorEventLoop()
                worker_threads.start(lambda: _serve(loop), KIND)
                self._loop = loop
            return self._loop

    def stop(self) -> None:
        """End the loop's thread (what it still runs is dropped); a later call starts anew."""
        with self._lock:
            loop, self._loop = self._loop, None
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(loop.stop)

    async def call(self, fn: Callable[[], Awaitable[T]],
                   orphan: Callable[[T], None] | None = None) -> T:
        """`await fn()` on the network loop (see the module's docstring)."""
        caller = asyncio.get_running_loop()
        net = self.loop()
        if caller is net:
            return await fn()
        outcome: asyncio.Future[T] = caller.create_future()
        box: list[asyncio.Task[T]] = []

        def settle(task: asyncio.Task[T]) -> None:  # on the caller's loop
            if outcome.done():
                return
            if task.cancelled():
                outcome.cancel()
            elif (exc := task.exception()) is not None:
                outcome.set_exception(exc)
            else:
                outcome.set_result(task.result())

        def finished(task: asyncio.Task[T]) -> None:  # on the network loop
            with contextlib.suppress(RuntimeError):  # the caller's loop has closed
                caller.call_soon_threadsafe(settle, task)

        def start() -> None:  # on the network loop
            task = net.create_task(_awaited(fn))
            box.append(task)
            task.add_done_callback(finished)

        def stop() -> None:  # on the network loop, after start()
            if box:
                box[0].cancel()

        net.call_soon_threadsafe(start)
        try:
            return await asyncio.shield(outcome)
        except asyncio.CancelledError:
            if not outcome.done():
                net.call_soon_threadsafe(stop)
                while not outcome.done():
                    with contextlib.suppress(asyncio.CancelledError):
                        await asyncio.shield(outcome)
            if not outcome.cancelled() and outcome.exception() is None and orphan is not None:
                orphan(outcome.result())  # it was done before it heard of the cancel
            raise


async def _awaited(fn: Callable[[], Awaitable[Any]]) -> Any:
    return await fn()


def _serve(loop: asyncio.AbstractEventLoop) -> None:
    asyncio.set_event_loop(loop)
    try:
        loop.run_forever()
    finally:
        loop.close()


NETWORK = NetworkLoop()

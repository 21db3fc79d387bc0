"""Handing a socket's blocking transfer to a worker thread, and waiting for it on the loop.

The raw paths (app.providers.sendfile_put, app.providers.socket_download) move a body with
blocking calls the event loop — the GUI thread in the studio — must never make. Each runs its
`work(report)` on a worker thread and awaits the outcome here. The thread's progress reports
and its outcome reach the loop through call_soon_threadsafe, in that order, so every report
has run before the outcome is seen. A progress callback that raises stops the transfer as
httpx stops on it: the socket is shut (which ends the thread's blocked call) and that
exception is what the caller gets. Cancelling shuts the socket too, and returns only once the
thread has stopped, so nothing touches the socket (or a file the work writes) after it.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import Callable
from typing import Any, TypeVar

from app import worker_threads
from app.providers.raw_connect import shut

T = TypeVar("T")


async def hand_off(
    sock: socket.socket,
    kind: str,
    work: Callable[[Callable[[Any], None]], T],
    progress: Callable[[Any], None] | None = None,
    *,
    not_started: Callable[[], None] | None = None,
) -> T:
    """Run `work(report)` on a worker thread of `kind` and return what it returns, or raise
    what it raised. `report(value)`, called on the thread, runs `progress(value)` on the loop.
    `not_started()` runs when no thread could be started (to release what `work` would have)."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[T] = loop.create_future()
    raised: list[BaseException] = []

    def settle(result: Any, exc: BaseException | None) -> None:
        if done.done():
            return
        if exc is not None:
            done.set_exception(exc)
        else:
            done.set_result(result)

    def on_loop(value: Any) -> None:
        if progress is None or raised:
            return
        try:
            progress(value)
        except BaseException as exc:  # the caller's callback stops the transfer
            raised.append(exc)
            shut(sock)

    def from_thread(fn: Callable[..., None], *args: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the loop closed under a daemon thread
            loop.call_soon_threadsafe(fn, *args)

    def run() -> None:
        try:
            result = work(lambda value: from_thread(on_loop, value))
        except BaseException as exc:
            from_thread(settle, None, exc)
        else:
            from_thread(settle, result, None)

    try:
        worker_threads.start(run, kind)  # not waited for on the loop
    except BaseException:
        if not_started is not None:
            not_started()
        raise
    try:
        result = await asyncio.shield(done)
    except asyncio.CancelledError:
        shut(sock)
        await asyncio.wait([done])
        if not done.cancelled():
            done.exception()  # the thread's failure is the cancel's doing: seen, not raised
        raise
    except BaseException:
        if raised:
            raise raised[0] from None
        raise
    if raised:  # the thread queued its reports before its outcome: they have all run
        raise raised[0]
    return result

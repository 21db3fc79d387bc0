"""The library's one ordered writer: a thread that owns a write connection and runs the writes
handed to it one at a time, in the order they were handed over (one FIFO).

Why a thread: a COMMIT waits for the disk (the WAL is synced at checkpoints, and every write
takes the file lock), which must not hold the GUI thread's event loop. Why its own connection:
two threads sharing one sqlite3 connection contend for that connection's mutex, and a Python
callback on it (a trace callback, as the queue benchmark sets) then deadlocks the two threads
against the GIL. Readers keep their connection; WAL lets them read while this one writes.

`submit` gives a concurrent future; `run` awaits it from asyncio. Either resolves only once the
write's transaction has committed, so a caller that awaited it may send the network request
the write precedes (the job's state is durable: it survives the process being killed)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import queue
import sqlite3
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

_STOP = object()


class WriterClosed(sqlite3.ProgrammingError):
    """A write handed to the writer after the library was closed (what sqlite3 raises for a
    closed connection, so callers that stop on that stop on this too)."""


class Writer:
    def __init__(self, connect: Callable[[], sqlite3.Connection], name: str = "library-writer"):
        self._connect = connect
        self._name = name
        self._jobs: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._closed = False
        self.conn: sqlite3.Connection | None = None  # used only on the writer's thread

    def on_thread(self) -> bool:
        """True on the writer's own thread (where `conn` is the connection to use)."""
        return self._thread is not None and threading.current_thread() is self._thread

    def submit(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> concurrent.futures.Future[T]:
        """Run `fn(*args, **kwargs)` on the writer's thread after every write submitted
        before it. The future holds what it returned (or raised)."""
        future: concurrent.futures.Future[T] = concurrent.futures.Future()
        if self.on_thread():  # a write made by a write: it is already in order
            try:
                future.set_result(fn(*args, **kwargs))
            except BaseException as exc:  # noqa: BLE001 - handed to the caller
                future.set_exception(exc)
            return future
        with self._start_lock:
            if self._closed:
                raise WriterClosed("the library is closed; nothing more can be written")
            self._start()
            self._jobs.put((future, fn, args, kwargs))
        return future

    async def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """`submit`, awaited: returns once the write has committed. Cancelling the awaiting
        task drops a write that has not started; one already running still completes."""
        return await asyncio.wrap_future(self.submit(fn, *args, **kwargs))

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """`submit` and wait (for threads that may block: workers, the CLI's setup)."""
        return self.submit(fn, *args, **kwargs).result()

    def start(self) -> None:
        """Open the writer's connection now (it opens on the first write otherwise)."""
        with self._start_lock:
            if self._closed:
                raise WriterClosed("the library is closed; nothing more can be written")
            self._start()

    def data_version(self) -> int | None:
        """`PRAGMA data_version` as the writer's connection sees it: it changes when any
        other connection commits (this process's reader, or another process). None before
        the writer has started. Read from any thread (sqlite3 serialises the connection)."""
        conn = self.conn
        if conn is None or self._closed:
            return None
        return int(conn.execute("PRAGMA data_version").fetchone()[0])

    def _start(self) -> None:
        if self._thread is None:
            ready: concurrent.futures.Future[None] = concurrent.futures.Future()
            self._thread = threading.Thread(target=self._serve, args=(ready,), name=self._name,
                                            daemon=True)
            self._thread.start()
            ready.result()  # the connection is open (or opening it raised)

    def _serve(self, ready: concurrent.futures.Future[None]) -> None:
        try:
            self.conn = self._connect()
        except BaseException as exc:  # noqa: BLE001 - handed to the first submitter
            ready.set_exception(exc)
            return
        ready.set_result(None)
        try:
            while True:
                item = self._jobs.get()
                if item is _STOP:
                    return
                future, fn, args, kwargs = item
                if not future.set_running_or_notify_cancel():
                    continue  # its caller stopped waiting before it started
                try:
                    future.set_result(fn(*args, **kwargs))
                except BaseException as exc:  # noqa: BLE001 - handed to the caller
                    future.set_exception(exc)
        finally:
            self.conn.close()

    def close(self) -> None:
        """Finish every write already submitted, then close the connection."""
        with self._start_lock:
            self._closed = True
            thread = self._thread
            if thread is None:
                return
            self._jobs.put(_STOP)
        if thread is not threading.current_thread():
            thread.join()

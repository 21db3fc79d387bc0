"""The app's asyncio loop: qasync's, with ready callbacks run in batches from one Qt timer.

qasync turns every `call_soon` (each coroutine step, each future's done callback, each socket
that became readable) into its own zero-interval Qt timer: a timer registered, a timer event
dispatched into Python, the timer killed. With 200 jobs polling that is thousands of Qt timers
a second, all on the GUI thread. Here a ready callback goes into a FIFO queue instead and one
zero timer runs the queue, as asyncio's own loop runs its ready list: the callbacks that were
ready when the batch began, in the order they were scheduled, a cancelled one skipped, an
exception reported to the loop's exception handler by the handle itself (asyncio.Handle._run).
Callbacks scheduled while a batch runs wait for the next batch, so Qt's own events (input,
paints, timers) get their turn in between; a batch also hands back to Qt once it has run for
`BATCH_BUDGET_S`, the rest keeping its place at the head of the queue. Delayed callbacks
(`call_later` with a delay) stay on qasync's timers.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import time
import types

import PySide6.QtCore  # before qasync, which binds to the Qt module already imported
import qasync
from PySide6.QtWidgets import QApplication

# Long enough to run a burst of coroutine steps in one Qt event, short enough that a frame
# (16.7 ms) always has room for input and paints between two batches.
BATCH_BUDGET_S = 0.004
_log = logging.getLogger("asyncio")
# A callable whose type is built into the interpreter (a task's next step, a future's
# wake-up, a bound C method) is never a coroutine function, and is most of what the loop is
# handed; Python functions, methods and classes, and any heap type (functools.partial, a
# class with __call__) are asked as qasync asks.
_HEAP_TYPE = 1 << 9  # Py_TPFLAGS_HEAPTYPE
_ASKED = (types.FunctionType, types.MethodType, type)


def _never_a_coroutine(callback) -> bool:
    kind = type(callback)
    return not kind.__flags__ & _HEAP_TYPE and kind not in _ASKED


class _Waker(PySide6.QtCore.QObject):
    """One zero-interval Qt timer at a time that runs the loop's next batch."""

    def __init__(self, run) -> None:
        super().__init__()
        self._run = run
        self._timer_id = 0

    def wake(self) -> None:
        if not self._timer_id:
            self._timer_id = self.startTimer(0)

    def stop(self) -> None:
        if self._timer_id:
            self.killTimer(self._timer_id)
            self._timer_id = 0

    def timerEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.stop()
        self._run()


class AppEventLoop(qasync.QEventLoop):
    """qasync's loop with batched ready callbacks (see the module's docstring)."""

    def __init__(self, *args, **kwargs) -> None:
        self._soon: collections.deque[asyncio.Handle] = collections.deque()
        self._waker = _Waker(self._run_batch)
        self._batch_closed = False
        super().__init__(*args, **kwargs)

    def call_soon(self, callback, *args, context=None):
        """qasync's call_soon (its call_later with no delay), without asking inspect whether
        a callable implemented in C is a coroutine function: it never is, and the asking was
        most of what scheduling a ready callback cost (tens of thousands a run of the
        queue). Anything else, and everything while qasync's debug logging is on, goes
        qasync's whole way."""
        if (_never_a_coroutine(callback) and callable(callback)
                and not self._QEventLoop__debug_enabled):
            return self._add_callback(asyncio.Handle(callback, args, self, context=context))
        return super().call_soon(callback, *args, context=context)

    def _add_callback(self, handle: asyncio.Handle, delay: float = 0):
        if delay > 0:
            return super()._add_callback(handle, delay)
        if self._batch_closed:
            return handle  # as qasync's stopped timer: a closed loop runs nothing more
        self._soon.append(handle)
        self._waker.wake()
        return handle

    def _run_batch(self) -> None:
        soon = self._soon
        left = len(soon)
        deadline = time.perf_counter() + BATCH_BUDGET_S
        debug = self.get_debug()
        try:
            while left and soon:
                left -= 1
                handle = soon.popleft()
                if handle._cancelled:
                    continue
                if debug:
                    self._run_debug(handle)
                else:
                    handle._run()
                if time.perf_counter() >= deadline:
                    break
        finally:
            # also when a callback raised SystemExit/KeyboardInterrupt (Handle._run lets those
            # through): what is still queued keeps its order for the next batch
            if soon and not self._batch_closed:
                self._waker.wake()

    def _run_debug(self, handle: asyncio.Handle) -> None:
        """asyncio's debug mode: the current handle is known, slow callbacks are logged."""
        self._current_handle = handle
        t0 = time.monotonic()
        try:
            handle._run()
        finally:
            self._current_handle = None
        took = time.monotonic() - t0
        if took >= self.slow_callback_duration:
            _log.warning("Executing %s took %.3f seconds", handle, took)

    def close(self) -> None:
        super().close()
        self._batch_closed = True
        self._soon.clear()
        self._waker.stop()


class _Policy(asyncio.DefaultEventLoopPolicy):
    def new_event_loop(self) -> AppEventLoop:
        return AppEventLoop(QApplication.instance())


def run(main):
    """`asyncio.run(main)` on the app's loop (what `qasync.run` does, with AppEventLoop)."""
    old = asyncio.get_event_loop_policy()
    asyncio.set_event_loop_policy(_Policy())
    try:
        return asyncio.run(main)
    finally:
        asyncio.set_event_loop_policy(old)

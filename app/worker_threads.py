"""Threads started from the event loop without waiting for them to run.

`threading.Thread.start()` blocks its caller until the new thread has run far enough to say
so, and on a busy interpreter lock that wait is a visible stall of the GUI thread, which
runs the loop (benchmarks/queue.py --diagnose showed tens of ms in the starts of download
threads). These start at once. Like daemon threads they never hold up the interpreter's
exit; each is counted by kind while it runs, so a test can ask that none was left behind.
"""

from __future__ import annotations

import _thread
import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)

_lock = threading.Lock()
_running: dict[str, int] = {}


def start(fn: Callable[[], object], kind: str) -> None:
    """Run `fn()` on a thread of its own, returning at once. `fn` handles its own errors;
    one that escapes it is logged (a bug: every caller reports its outcome to the loop)."""

    def run() -> None:
        try:
            fn()
        except BaseException:
            log.exception("a %s thread failed", kind)
        finally:
            _add(kind, -1)

    _add(kind, 1)
    try:
        _thread.start_new_thread(run, ())
    except BaseException:
        _add(kind, -1)
        raise


def running(kind: str) -> int:
    """How many threads of `kind` have not yet returned."""
    with _lock:
        return _running.get(kind, 0)


def _add(kind: str, delta: int) -> None:
    with _lock:
        _running[kind] = _running.get(kind, 0) + delta

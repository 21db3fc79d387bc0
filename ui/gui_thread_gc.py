"""Python's cycle collector, run only on the GUI thread.

CPython collects cycles in whichever thread happens to allocate when a generation fills up.
In Reelroom that is often one of qasync's executor threads (every `asyncio.to_thread` runs
there: probes, thumbnails, copies, bundle staging). If the garbage it finds holds a Qt object
(a window closed a moment ago, a qasync loop's timer object, a message box), Qt destroys that
object on the worker thread. Qt cannot unregister a timer from another thread, so the timer
stays registered against freed memory and the next tick of the GUI loop segfaults in
`QTimerInfoList::activateTimers`. The suite hit this about one run in four (most often after
a bundle import had run thumbnails and probes in the executor).

So automatic collection is turned off and the GUI thread collects instead, on a short timer,
with the interpreter's own generation thresholds: the same amount of collecting, always in the
thread that owns the Qt objects."""

from __future__ import annotations

import gc
import time

_INTERVAL_MS = 100
# The interpreter holds full passes back until the long-lived objects have grown by a quarter
# (a rule Python does not expose); a full pass at most this often stands in for it, so a large
# project's heap is not walked every second.
_FULL_PASS_EVERY_S = 10.0
_timer = None
_last_full = 0.0


def collect_due() -> int:
    """Collect the oldest generation whose threshold is exceeded, as the interpreter would;
    the number of objects collected (0 when nothing was due)."""
    global _last_full
    counts = gc.get_count()
    thresholds = gc.get_threshold()
    due = -1
    for generation in range(3):
        if thresholds[generation] and counts[generation] > thresholds[generation]:
            due = generation
    if due == 2:
        now = time.monotonic()
        if now - _last_full < _FULL_PASS_EVERY_S:
            due = 1
        else:
            _last_full = now
    return gc.collect(due) if due >= 0 else 0


def hold_collection() -> None:
    """No automatic collection from now until `keep_collection_on_gui_thread`'s timer collects
    (ui.main calls this before it imports PySide6). Everything the start-up makes before the
    first paint (modules, Python types for Qt's classes, the window) lives as long as the app,
    so the collector's passes over it then found nothing to free: ~5M instructions of the first
    frame (callgrind). The timer's first pass and `ui.main.settle`'s full collection come once
    the window has painted."""
    gc.disable()


def keep_collection_on_gui_thread(app) -> None:
    """From now on only the GUI thread collects cycles (idempotent; `app` is the
    QApplication, which owns the timer and so lives exactly as long)."""
    global _timer
    if _timer is not None:
        return
    from PySide6.QtCore import QTimer

    gc.disable()
    _timer = QTimer(app)
    _timer.setInterval(_INTERVAL_MS)
    _timer.timeout.connect(collect_due)
    _timer.start()


def collection_on_gui_thread() -> bool:
    return _timer is not None and not gc.isenabled()

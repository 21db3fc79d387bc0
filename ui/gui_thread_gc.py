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
thread that owns the Qt objects.

In the app (settle_large_loads), a large load (a 10,000-shot project opened, a long job
history read) is settled at once: one
complete pass, then everything alive is kept out of later passes (gc.freeze), as ui.main does
after start-up. Otherwise the load was walked by a young pass, again by a middle one, then by
every full pass, ~100 ms each with such a project open (six frames of a scroll, every ten
seconds). Whatever frozen later turns to garbage (the project closed for another) is found by
the next settle, which unfreezes everything first."""

from __future__ import annotations

import gc
import time

_INTERVAL_MS = 100
# The interpreter holds full passes back until the long-lived objects have grown by a quarter
# (a rule Python does not expose); a full pass at most this often stands in for it, so a large
# project's heap is not walked every second.
_FULL_PASS_EVERY_S = 10.0
# Objects the youngest generation gained since the last pass (net of those freed) beyond which
# it is a large load to settle: ~30 times the interpreter's threshold; a 10,000-shot project's
# open leaves ~100,000, a small project's or a test's a few thousand.
LARGE_LOAD = 20_000
_timer = None
_last_full = 0.0
_settling = False  # large loads are settled (the app's choice: ui.main; the suite's not)
_settle_due = False  # something long-lived may have become garbage: settle at the next tick


def collect_due() -> int:
    """Collect the oldest generation whose threshold is exceeded, as the interpreter would
    (or settle a large load); the number of objects collected (0 when nothing was due)."""
    global _last_full
    counts = gc.get_count()
    if _settling and (_settle_due or counts[0] > LARGE_LOAD):
        return settle()
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


def settle() -> int:
    """One complete pass over everything (frozen or not), then all that survived it kept out
    of the passes to come; the number of objects collected."""
    global _last_full, _settle_due
    gc.unfreeze()
    collected = gc.collect()
    gc.freeze()
    _last_full = time.monotonic()
    _settle_due = False
    return collected


def settle_soon() -> None:
    """What was long-lived may be garbage now (a project closed for another, however small):
    the next tick settles, so nothing frozen outlives it as garbage."""
    global _settle_due
    _settle_due = _settling


def settle_large_loads(on: bool = True) -> None:
    """Settle large loads from now on (the app does; the test suite's collector does not,
    so its tests' windows are collected exactly as before)."""
    global _settling, _settle_due
    _settling, _settle_due = on, False


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

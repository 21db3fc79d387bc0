"""Cycles are collected on the GUI thread only (ui/gui_thread_gc.py): garbage that a worker
thread's allocations would have collected there waits for the GUI thread's timer."""

from __future__ import annotations

import gc
import threading

from ui.gui_thread_gc import collect_due, collection_on_gui_thread


class _Cycle:
    """Garbage in a reference cycle that records the thread that finally frees it."""

    freed_on: list[str] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        _Cycle.freed_on.append(threading.current_thread().name)


def _allocate_cycles(n: int) -> None:
    for _ in range(n):
        _Cycle()


def test_the_qapp_collects_on_its_own_thread_only(qapp):
    assert collection_on_gui_thread()
    assert not gc.isenabled()


def test_a_worker_thread_that_allocates_frees_no_cycle_the_gui_thread_frees_it(qapp, qtbot):
    gc.collect()
    _Cycle.freed_on = []
    # far past the youngest generation's threshold: on its own the interpreter would collect
    # inside this thread, many times over
    worker = threading.Thread(target=_allocate_cycles, args=(20 * gc.get_threshold()[0],),
                              name="worker")
    worker.start()
    worker.join()
    assert _Cycle.freed_on == []
    qtbot.waitUntil(lambda: len(_Cycle.freed_on) > 0, timeout=2000)  # the timer's pass
    collect_due()
    gc.collect()
    assert set(_Cycle.freed_on) == {threading.main_thread().name}


def test_collect_due_collects_nothing_below_the_thresholds(qapp):
    gc.collect()
    assert collect_due() == 0

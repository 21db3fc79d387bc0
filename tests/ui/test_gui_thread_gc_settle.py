"""A large load is settled by the GUI thread's collector (ui/gui_thread_gc.py): one complete
pass, then the survivors are kept out of the passes to come; nothing frozen stays garbage past
the next settle, and a small load is collected as before."""

from __future__ import annotations

import gc

import pytest

from ui.gui_thread_gc import LARGE_LOAD, collect_due, settle, settle_large_loads, settle_soon


@pytest.fixture(autouse=True)
def settling(qapp):
    """As the app runs (ui.main); the suite's collector otherwise does not settle."""
    settle_large_loads(True)
    yield
    settle_large_loads(False)


class _Cycle:
    """Garbage in a reference cycle that says when it is freed."""

    freed = 0

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        _Cycle.freed += 1


class _Row:
    def __init__(self, i: int) -> None:
        self.i = i


def _load(n: int) -> list[_Row]:
    return [_Row(i) for i in range(n)]  # an instance is tracked by the collector: one each


def _frozen(obj) -> bool:
    # gc.get_objects(generation) lists generations 0-2 only: a frozen object is in none
    return all(not any(o is obj for o in gc.get_objects(g)) for g in range(3))


def test_a_large_load_is_frozen_and_later_passes_leave_it_alone(qapp):
    gc.collect()
    before = gc.get_freeze_count()
    rows = _load(LARGE_LOAD + 5_000)
    collect_due()
    assert gc.get_freeze_count() >= before + len(rows)
    assert _frozen(rows) and _frozen(rows[-1])
    # a full pass now walks only what came after the load
    young = _load(10)
    gc.collect()
    assert _frozen(rows[0]) and not _frozen(young[0])
    assert gc.get_count()[0] <= gc.get_threshold()[0]


def test_garbage_frozen_by_a_settle_is_freed_by_the_next(qapp):
    gc.collect()
    _Cycle.freed = 0
    cycle = _Cycle()
    first = _load(LARGE_LOAD + 5_000)
    collect_due()
    assert _frozen(cycle)
    del cycle, first  # a project closed for another: its cycles are garbage, frozen
    gc.collect()
    assert _Cycle.freed == 0  # a frozen cycle is out of the collector's sight...
    second = _load(LARGE_LOAD + 5_000)
    collect_due()
    assert _Cycle.freed == 1  # ...until the next large load's complete pass
    assert _frozen(second[0])


def test_a_small_load_is_collected_by_the_thresholds_and_not_frozen(qapp):
    gc.collect()
    before = gc.get_freeze_count()
    _Cycle.freed = 0
    rows = _load(gc.get_threshold()[0] * 3)
    _Cycle()
    assert collect_due() >= 1  # the youngest generation's pass found the cycle
    assert _Cycle.freed == 1
    assert gc.get_freeze_count() == before and not _frozen(rows[0])


def test_a_project_switch_settles_at_the_next_tick_whatever_its_size(qapp):
    gc.collect()
    _Cycle.freed = 0
    cycle = _Cycle()
    settle()  # a large load settled earlier froze it
    assert _frozen(cycle)
    del cycle
    collect_due()
    assert _Cycle.freed == 0  # frozen: no pass by the thresholds reaches it
    settle_soon()  # the window opened another project
    collect_due()
    assert _Cycle.freed == 1


def test_the_suite_collector_does_not_settle(qapp):
    settle_large_loads(False)
    gc.collect()
    before = gc.get_freeze_count()
    rows = _load(LARGE_LOAD + 5_000)
    settle_soon()
    collect_due()
    assert gc.get_freeze_count() == before and not _frozen(rows[0])

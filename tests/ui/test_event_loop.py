"""The app's loop (ui/event_loop.py) keeps asyncio's semantics while batching ready callbacks:
the same order as asyncio's own loop, cancelled handles skipped, exceptions reaching the
handler, and Qt's events still getting their turn between batches."""

from __future__ import annotations

import asyncio
import threading

import pytest

from ui import event_loop
from ui.event_loop import AppEventLoop


def _scenario(loop: asyncio.AbstractEventLoop, trace: list[str]) -> None:
    """Callbacks that schedule more callbacks, cancel one, and raise, plus tasks stepping
    through sleeps and a future: everything whose order asyncio defines."""

    def cb(name: str, *then: str) -> None:
        trace.append(name)
        for more in then:
            loop.call_soon(cb, more)

    def boom() -> None:
        trace.append("boom")
        raise ValueError("from a callback")

    loop.call_soon(cb, "a", "a1", "a2")
    doomed = loop.call_soon(cb, "cancelled")
    loop.call_soon(cb, "b", "b1")
    loop.call_soon(boom)
    loop.call_soon(cb, "c")
    doomed.cancel()

    async def worker(name: str, fut: asyncio.Future) -> None:
        for step in range(3):
            trace.append(f"{name}{step}")
            await asyncio.sleep(0)
        if name == "x":
            fut.set_result("done")
        else:
            trace.append(f"{name} got {await fut}")

    fut = loop.create_future()
    fut.add_done_callback(lambda f: trace.append(f"callback {f.result()}"))
    tasks = [loop.create_task(worker(n, fut)) for n in ("x", "y")]

    async def all_done() -> None:
        await asyncio.gather(*tasks)
        trace.append("end")

    errors: list[str] = []
    loop.set_exception_handler(lambda _loop, ctx: errors.append(str(ctx.get("exception"))))
    loop.run_until_complete(all_done())
    trace.append(f"errors {errors}")


def test_the_order_of_callbacks_and_tasks_is_asyncios_own(qasync_loop):
    expected: list[str] = []
    plain = asyncio.new_event_loop()
    try:
        _scenario(plain, expected)
    finally:
        plain.close()
    asyncio.set_event_loop(qasync_loop)

    got: list[str] = []
    _scenario(qasync_loop, got)

    assert got == expected
    assert "cancelled" not in got
    assert got[-1] == "errors ['from a callback']"


def test_a_burst_of_ready_callbacks_runs_in_one_qt_timer_event(qasync_loop):
    batches = []
    run_batch = qasync_loop._run_batch
    qasync_loop._waker._run = lambda: (batches.append(len(qasync_loop._soon)), run_batch())
    ran = []

    async def burst() -> None:
        for i in range(200):
            qasync_loop.call_soon(ran.append, i)
        await asyncio.sleep(0)

    qasync_loop.run_until_complete(burst())

    assert ran == list(range(200))
    # the task's first step, then the 200 and its next step together (qasync: 202 Qt timers)
    assert max(batches) >= 200 and len(batches) <= 4


def test_a_batch_over_budget_hands_back_to_qt_and_keeps_the_order(qasync_loop, monkeypatch):
    from PySide6.QtCore import QTimer

    monkeypatch.setattr(event_loop, "BATCH_BUDGET_S", 0.0)  # every batch runs one callback
    trace: list[str] = []

    async def main() -> None:
        for i in range(4):
            qasync_loop.call_soon(trace.append, f"cb{i}")
        QTimer.singleShot(0, lambda: trace.append("qt"))
        while len(trace) < 5:
            await asyncio.sleep(0.001)

    qasync_loop.run_until_complete(main())

    assert [t for t in trace if t != "qt"] == ["cb0", "cb1", "cb2", "cb3"]
    assert trace.index("qt") < trace.index("cb3")  # Qt ran between two batches


def test_a_callback_that_keeps_rescheduling_itself_does_not_starve_qt(qasync_loop):
    from PySide6.QtCore import QTimer

    spins = []
    stop = threading.Event()

    def spin() -> None:
        spins.append(1)
        if not stop.is_set():
            qasync_loop.call_soon(spin)

    async def main() -> None:
        qasync_loop.call_soon(spin)
        QTimer.singleShot(0, stop.set)  # only runs if Qt gets a turn
        while not stop.is_set():
            await asyncio.sleep(0)

    qasync_loop.run_until_complete(asyncio.wait_for(main(), 10))
    assert stop.is_set() and spins


def test_callbacks_from_other_threads_and_executors_arrive(qasync_loop):
    seen = []

    async def main() -> str:
        fut = qasync_loop.create_future()
        threading.Thread(target=qasync_loop.call_soon_threadsafe,
                         args=(fut.set_result, "from a thread")).start()
        seen.append(await fut)
        return await asyncio.to_thread(lambda: "from the executor")

    assert qasync_loop.run_until_complete(main()) == "from the executor"
    assert seen == ["from a thread"]


def test_a_closed_loop_runs_nothing_more(qapp):
    loop = AppEventLoop(qapp, already_running=False)
    ran = []
    loop.call_soon(ran.append, "queued before close")
    loop.close()
    loop.call_soon(ran.append, "after close")
    from PySide6.QtCore import QCoreApplication

    QCoreApplication.processEvents()
    assert ran == [] and not loop._soon


def test_run_runs_the_main_coroutine_on_the_apps_loop(qapp):
    async def main() -> str:
        loop = asyncio.get_running_loop()
        await asyncio.sleep(0.01)
        return type(loop).__name__

    assert event_loop.run(main()) == "AppEventLoop"
    assert not isinstance(asyncio.get_event_loop_policy(), event_loop._Policy)


@pytest.mark.parametrize("debug", [False, True])
def test_debug_mode_names_the_current_handle(qasync_loop, debug):
    qasync_loop.set_debug(debug)
    seen = []
    qasync_loop.call_soon(lambda: seen.append(qasync_loop._current_handle is not None))
    qasync_loop.run_until_complete(asyncio.sleep(0.01))
    qasync_loop.set_debug(False)
    assert seen == [debug]


def test_call_soon_refuses_what_qasync_refuses_and_asks_inspect_only_of_python_callables(
        qasync_loop, monkeypatch):
    """A callable built into the interpreter (a task's step, a future's wake-up) is never a
    coroutine function, so call_soon does not ask inspect of it (most of a ready callback's
    cost); every other callable is asked, and what qasync refuses is still refused."""
    import functools
    import inspect

    asked: list[object] = []
    real = inspect.iscoroutinefunction

    def counting(obj):
        asked.append(obj)
        return real(obj)

    monkeypatch.setattr(inspect, "iscoroutinefunction", counting)

    async def coro_fn() -> None:
        pass

    class Caller:
        def __call__(self) -> None:
            ran.append("object")

    for refused in (coro_fn, functools.partial(coro_fn)):
        with pytest.raises(TypeError):
            qasync_loop.call_soon(refused)
    with pytest.raises(TypeError):
        qasync_loop.call_soon(42)
    ran: list[str] = []
    fut = qasync_loop.create_future()
    asked.clear()
    qasync_loop.call_soon(fut.set_result, "c")  # a C method: not asked
    assert asked == []
    qasync_loop.call_soon(ran.append, "builtin")
    assert asked == []
    qasync_loop.call_soon(lambda: ran.append("function"))
    qasync_loop.call_soon(functools.partial(ran.append, "partial"))
    qasync_loop.call_soon(Caller())
    assert len(asked) == 3  # each Python callable asked, as qasync asks

    async def wait() -> str:
        return await fut

    assert qasync_loop.run_until_complete(wait()) == "c"
    qasync_loop.run_until_complete(asyncio.sleep(0.01))
    assert ran == ["builtin", "function", "partial", "object"]

"""Child processes are started off the event loop's thread (a start held the GUI until the
child had exec'd), read like asyncio's own, and never left running by a cancel."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading

import pytest

from app.media import spawn as spawn_module
from app.media.spawn import spawn

PRINT_BOTH = "import sys; print('out'); print('err', file=sys.stderr); sys.exit(3)"


@pytest.fixture
def started(monkeypatch) -> list[tuple[subprocess.Popen, threading.Thread]]:
    """Every child started, with the thread that started it."""
    seen: list[tuple[subprocess.Popen, threading.Thread]] = []
    real = subprocess.Popen

    def popen(*args, **kwargs):
        child = real(*args, **kwargs)
        seen.append((child, threading.current_thread()))
        return child

    monkeypatch.setattr(spawn_module.subprocess, "Popen", popen)
    return seen


async def test_a_child_is_started_off_the_loops_thread_and_read_on_it(started):
    proc = await spawn([sys.executable, "-c", PRINT_BOTH], stdout=True, stderr=True)
    out, err = await proc.communicate()
    assert (out.strip(), err.strip(), proc.returncode) == (b"out", b"err", 3)
    assert await proc.wait() == 3  # asked again: the same answer
    [(_, thread)] = started
    assert thread is not threading.current_thread()


async def test_lines_arrive_as_the_child_writes_them():
    code = "import sys, time\nfor i in range(3): print(i, flush=True); time.sleep(0.05)"
    proc = await spawn([sys.executable, "-c", code], stdout=True)
    assert proc.stderr is None
    lines = [line.strip() async for line in proc.stdout]
    assert lines == [b"0", b"1", b"2"]
    assert await proc.wait() == 0


async def test_a_killed_child_is_reaped():
    proc = await spawn([sys.executable, "-c", "import time; time.sleep(60)"])
    assert proc.returncode is None
    proc.kill()
    assert await proc.wait() != 0
    assert proc.returncode is not None


async def test_a_start_cancelled_midway_leaves_no_child_running(started):
    task = asyncio.ensure_future(spawn([sys.executable, "-c", "import time; time.sleep(60)"],
                                       stdout=True))
    await asyncio.sleep(0)  # the start is on its thread now
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    for _ in range(200):
        if started and started[0][0].poll() is not None:
            break
        await asyncio.sleep(0.05)
    [(child, _)] = started
    assert child.poll() is not None  # ended by the cancel, not after its 60 s


async def test_a_program_that_does_not_exist_says_so():
    with pytest.raises(OSError):
        await spawn(["/nonexistent/reelroom-no-such-program"])


async def test_children_being_waited_for_never_hold_up_a_new_start():
    # more long children awaited than the start pool has threads (an export, a mix, previews)
    sleep = [sys.executable, "-c", "import time; time.sleep(30)"]
    long = [await spawn(sleep) for _ in range(spawn_module._THREADS._max_workers + 1)]
    waits = [asyncio.ensure_future(p.wait()) for p in long]
    try:
        await asyncio.sleep(0.2)  # every wait is under way
        quick = await asyncio.wait_for(spawn([sys.executable, "-c", "print('hi')"],
                                             stdout=True), 20)
        out, _ = await asyncio.wait_for(quick.communicate(), 20)
        assert out.strip() == b"hi"
        assert all(p.returncode is None for p in long)  # done while they all still run
    finally:
        for p in long:
            p.kill()
        assert all(code != 0 for code in await asyncio.gather(*waits))

"""Child processes started off the event loop. asyncio's create_subprocess_exec starts the child
on the loop's thread and holds it there until the child has exec'd (and, on Python 3.11, until
the child watcher's new thread is running): a few ms on a quiet machine, hundreds of ms on a
busy one, with the GUI frozen meanwhile — twice for each finished generation (its probe and its
poster frame; benchmarks/queue.py --diagnose). Here the child is started and waited for on a
worker thread; its pipes are read on the loop, as asyncio's own are."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from app import worker_threads

# its own few threads: a start never queues behind a long hash in the default executor
_THREADS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="child-process")


class Process:
    """The part of asyncio.subprocess.Process the media layer uses: `stdout` and `stderr`
    stream readers (None when not piped), `returncode`, `wait`, `kill` and `communicate`."""

    def __init__(self, popen: subprocess.Popen, stdout: asyncio.StreamReader | None,
                 stderr: asyncio.StreamReader | None) -> None:
        self._popen = popen
        self.stdout = stdout
        self.stderr = stderr
        self._exit: asyncio.Future[int] | None = None

    @property
    def pid(self) -> int:
        return self._popen.pid

    @property
    def returncode(self) -> int | None:
        return self._popen.poll()

    def kill(self) -> None:
        self._popen.kill()  # a child already reaped is left alone (Popen polls first)

    async def wait(self) -> int:
        if self._exit is None:
            self._exit = _reaped(self._popen)
        # shared by every waiter: one cancelled await must not cancel the others' answer
        return await asyncio.shield(self._exit)

    async def communicate(self) -> tuple[bytes, bytes]:
        """Everything the child writes to its pipes, once it has exited."""

        async def read(stream: asyncio.StreamReader | None) -> bytes:
            return b"" if stream is None else await stream.read()

        out, err = await asyncio.gather(read(self.stdout), read(self.stderr))
        await self.wait()
        return out, err


async def spawn(cmd: Sequence[str], *, stdout: bool = False, stderr: bool = False,
                cwd: Path | None = None) -> Process:
    """Start `cmd` with no input; `stdout`/`stderr`: read them through pipes (else discarded).
    Raises OSError as subprocess does when the program cannot be started."""
    loop = asyncio.get_running_loop()
    pipe, null = subprocess.PIPE, subprocess.DEVNULL
    started = loop.run_in_executor(_THREADS, lambda: subprocess.Popen(
        list(cmd), stdin=null, stdout=pipe if stdout else null, stderr=pipe if stderr else null,
        cwd=str(cwd) if cwd else None))
    try:
        popen = await asyncio.shield(started)
    except asyncio.CancelledError:
        # the start is under way on its thread: the child it makes is ended, not left running
        started.add_done_callback(lambda f: f.cancelled() or f.exception() or _end(f.result()))
        raise
    try:
        readers = [await _reader(loop, f) if f is not None else None
                   for f in (popen.stdout, popen.stderr)]
    except BaseException:
        _end(popen)
        raise
    return Process(popen, readers[0], readers[1])


def _reaped(popen: subprocess.Popen) -> asyncio.Future[int]:
    """The child's exit code, once it has exited. Waited for on a thread of the child's own,
    not the start pool's: an export runs for minutes, and four of them waited on the pool
    would hold every later start (a probe, a poster frame) until one ended."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[int] = loop.create_future()

    def settle(code: int) -> None:
        if not done.done():
            done.set_result(code)

    def reap() -> None:
        code = popen.wait()
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
            loop.call_soon_threadsafe(settle, code)

    worker_threads.start(reap, "child-wait")
    return done


def _end(popen: subprocess.Popen) -> None:
    """Kill a child nobody will read, close its pipes, and reap it (on a thread of its own)."""
    popen.kill()
    for f in (popen.stdout, popen.stderr):
        if f is not None:
            f.close()
    worker_threads.start(popen.wait, "child-wait")


async def _reader(loop: asyncio.AbstractEventLoop, pipe) -> asyncio.StreamReader:
    reader = asyncio.StreamReader(limit=2**16, loop=loop)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader, loop=loop), pipe)
    return reader

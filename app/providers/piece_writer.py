"""Write a download's pieces to its file off the event loop, when httpx reads the body.

An https or compressed download is read by httpx on the loop (the GUI thread in the studio);
a write there waits on the disk whenever the kernel throttles dirty pages, and the window with
it. Here the loop only hands pieces over: one write runs on a worker thread at a time, the
pieces that arrive meanwhile are held and written together next, and the loop waits only when
`limit` bytes are held (the disk slower than the network), which keeps memory flat.
"""

from __future__ import annotations

import asyncio
import os

_LIMIT = 8 * 1024 * 1024


class PieceWriter:
    """Writes pieces to `fd` from byte `pos` on, in order. `close()` (always call it) waits
    for every write; a write's failure is raised by the next `write` or by `close`. The writes
    go to a duplicate of `fd`, so a caller that closes its file early can never have a late
    write land in whatever file reuses the number."""

    def __init__(self, fd: int, pos: int, *, limit: int = _LIMIT) -> None:
        self._fd, self._pos, self._limit = os.dup(fd), pos, limit
        self._held: list[bytes] = []
        self._held_bytes = 0
        self._flight: asyncio.Future[None] | None = None

    async def write(self, data: bytes) -> None:
        self._held.append(data)
        self._held_bytes += len(data)
        if self._flight is not None and not self._flight.done():
            if self._held_bytes < self._limit:
                return
            await asyncio.shield(self._flight)
        self._start()

    async def close(self) -> None:
        """Wait for what is in flight and write what is held. Safe to call while the task is
        being cancelled: the thread's write is awaited, never abandoned on a closing file."""
        try:
            if self._flight is not None:
                await asyncio.wait([self._flight])
                self._flight.result()  # a failed write is raised, not hidden by the next one
            if self._held:
                self._start()
                assert self._flight is not None
                await asyncio.wait([self._flight])
                self._flight.result()
        finally:
            if self._flight is None or self._flight.done():
                os.close(self._fd)
            else:  # interrupted while a write runs: its thread must not lose the file
                self._flight.add_done_callback(lambda _f, fd=self._fd: os.close(fd))

    def _start(self) -> None:
        if self._flight is not None:
            self._flight.result()  # done by now: raise its failure before writing more
        pieces, pos = self._held, self._pos
        self._held, self._held_bytes = [], 0
        self._pos += sum(len(p) for p in pieces)
        self._flight = asyncio.ensure_future(asyncio.to_thread(_write_all, self._fd, pieces, pos))


def _write_all(fd: int, pieces: list[bytes], pos: int) -> None:
    for piece in pieces:
        write_at(fd, piece, pos)
        pos += len(piece)


def write_at(fd: int, data: bytes | memoryview, pos: int) -> None:
    """All of `data` into `fd` at `pos`. Windows has no pwrite: there one writer per file
    (as here) may seek and write."""
    view = memoryview(data)
    while view:  # a write may be partial
        if hasattr(os, "pwrite"):
            n = os.pwrite(fd, view, pos)
        else:
            os.lseek(fd, pos, os.SEEK_SET)
            n = os.write(fd, view)
        view, pos = view[n:], pos + n

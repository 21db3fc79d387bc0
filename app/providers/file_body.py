"""A request body that is a slice of a file on disk: what uploads send.

HttpClient sends it one of two ways: streamed through httpx (`FileBody.stream`, chunks read
off the event loop), or, where the kernel can copy the file straight to the socket, by
`app.providers.sendfile_put`. Either way it can be sent again on a retry: it names bytes on
disk, not an iterator that is used up.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from app.providers.base import ProgressCallback
from app.providers.errors import TransportError

MiB = 1024 * 1024


def shrank(path: Path) -> TransportError:
    return TransportError(f"{path.name} shrank while being uploaded")


@dataclass(frozen=True)
class FileBody:
    """`length` bytes of `path` from `offset`. `on_progress(done, length)` is called on the
    event loop as the bytes go out, at most once per `chunk` bytes and always at the end (the
    sendfile path reports about every 50 ms instead where the link is faster than that)."""

    path: Path
    offset: int
    length: int
    chunk: int = MiB
    on_progress: ProgressCallback | None = None

    def stream(self) -> AsyncIterator[bytes]:
        return file_stream(
            self.path, self.chunk, self.on_progress, offset=self.offset, length=self.length
        )


async def file_stream(
    path: Path,
    chunk: int = MiB,
    on_progress: ProgressCallback | None = None,
    *,
    offset: int = 0,
    length: int | None = None,
) -> AsyncIterator[bytes]:
    """Yield `length` bytes of `path` from `offset` in `chunk`-sized pieces, read off the event
    loop thread. The next piece is read while this one is sent (without that, every chunk
    waited for its read and the upload fell behind curl's: benchmarks/transfer.py), so at
    most two chunks are held, whatever the file size."""
    size = path.stat().st_size
    end = size if length is None else min(size, offset + length)
    total = end - offset
    fh = await asyncio.to_thread(open, path, "rb")
    ahead: asyncio.Future[bytes] | None = None
    try:
        await asyncio.to_thread(fh.seek, offset)
        done = 0
        if total > 0:
            ahead = asyncio.ensure_future(asyncio.to_thread(fh.read, min(chunk, total)))
        while done < total:
            assert ahead is not None
            data = await ahead
            ahead = None
            if not data:
                raise shrank(path)
            done += len(data)
            if done < total:
                ahead = asyncio.ensure_future(
                    asyncio.to_thread(fh.read, min(chunk, total - done)))
            yield data
            if on_progress is not None:
                on_progress(done, total)
    finally:
        if ahead is not None:  # a read still running: let it end before the file closes
            await asyncio.gather(ahead, return_exceptions=True)
        await asyncio.to_thread(fh.close)

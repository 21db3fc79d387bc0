"""Moving big files: resumable downloads and streaming uploads, memory flat in file size.

Downloads land in `<dest>.part` and are renamed into place only once their length is verified
and the bytes are fsynced, so a crash or a dropped connection never leaves a torn file under the
real name — and the `.part` is what the next attempt resumes from with `Range`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

import httpx

from app.fsutil import safe_child
from app.providers.base import ProgressCallback
from app.providers.errors import ServiceError, TransportError
from app.providers.file_body import FileBody
from app.providers.http import HttpClient, loggable_url
from app.providers.piece_writer import PieceWriter
from app.providers.socket_download import body_of

log = logging.getLogger(__name__)

MiB = 1024 * 1024
_CONTENT_RANGE = re.compile(r"bytes\s+(\d+)-(\d+)/(\d+|\*)", re.I)
_UNSATISFIED_RANGE = re.compile(r"bytes\s+\*/(\d+)", re.I)


def part_path(dest: Path) -> Path:
    return dest.with_name(dest.name + ".part")


class _Progress:
    """Calls the callback at most once per `step` bytes (and at the end): per network read
    would be thousands of calls a second into the UI."""

    def __init__(self, cb: ProgressCallback | None, step: int) -> None:
        self._cb, self._step, self._next = cb, max(1, step), 0

    def __call__(self, done: int, total: int | None, *, final: bool = False) -> None:
        if self._cb is not None and (final or done >= self._next):
            self._next = done + self._step
            self._cb(done, total)


def _part_length(dest: Path, part: Path) -> int:
    """The folder made, and how much of the file an earlier try left in its .part. On a
    worker thread, as every file-system call of a download: while another download's fsync
    commits a gigabyte, a stat or mkdir in the same folder waits behind it (30 ms held the
    GUI thread in benchmarks/queue.py)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        return part.stat().st_size
    except FileNotFoundError:
        return 0


def _into_place(part: Path, dest: Path, total: int) -> int:
    """The .part renamed to its real name if it holds `total` bytes; its length either way
    (on a worker thread, see _part_length)."""
    size = part.stat().st_size
    if size == total:
        os.replace(part, dest)
    return size


def _fsync_and_close(fh: object) -> None:
    fh.flush()  # type: ignore[attr-defined]
    os.fsync(fh.fileno())  # type: ignore[attr-defined]
    fh.close()  # type: ignore[attr-defined]


async def download(
    client: HttpClient,
    url: str,
    dest: Path,
    *,
    same_origin: bool,
    on_progress: ProgressCallback | None = None,
    chunk: int = MiB,
    max_resumes: int = 5,
) -> Path:
    """Stream `url` to `dest` (resuming a `.part` left by an earlier try) and return `dest`.

    `same_origin=False` marks a presigned/CDN URL: the key is withheld whatever the URL says.
    """
    part = part_path(dest)
    progress = _Progress(on_progress, chunk)
    resumes = 0
    total: int | None = None
    while True:
        have = await asyncio.to_thread(_part_length, dest, part)
        headers = {"Accept-Encoding": "identity"}
        if have:
            headers["Range"] = f"bytes={have}-"
        try:
            async with client.stream(
                "GET", url, headers=headers, auth=same_origin, accept=(416,), to_file=True
            ) as resp:
                if resp.status_code == 416:
                    m = _UNSATISFIED_RANGE.search(resp.headers.get("content-range", ""))
                    if m and int(m.group(1)) == have:
                        total = have  # the .part was already complete
                        break
                    part.unlink(missing_ok=True)  # the remote file changed: start over
                    continue
                start, total = _body_span(resp, have)
                if start == 0 and have:
                    log.info("%s: server ignored Range; starting over", loggable_url(url))
                written = await _write_body(resp, part, start, total, chunk, progress)
        except (httpx.TransportError, TransportError) as exc:
            resumes += 1
            if resumes > max_resumes:
                raise TransportError(
                    f"download of {loggable_url(url)} kept failing ({exc}); "
                    f"{part.name} is kept to resume later",
                    provider=client.provider,
                ) from exc
            log.info("download dropped (%s); resuming (%d/%d)", exc, resumes, max_resumes)
            await client.sleep(client.retry.backoff(resumes))
            continue
        if total is None or written == total:
            total = written
            break
        # a close-delimited body that ended early: the length proves it incomplete
        resumes += 1
        if resumes > max_resumes:
            raise TransportError(
                f"download of {loggable_url(url)} ended at {written} of {total} bytes; "
                f"{part.name} is kept to resume later",
                provider=client.provider,
            )

    size = await asyncio.to_thread(_into_place, part, dest, total)
    if size != total:
        raise TransportError(
            f"downloaded {size} bytes but the server announced {total}", provider=client.provider
        )
    progress(total, total, final=True)
    return dest


def _body_span(resp: httpx.Response, have: int) -> tuple[int, int | None]:
    """(offset the body starts at, full file length if known) for a 200 or 206 answer."""
    if resp.status_code == 206:
        m = _CONTENT_RANGE.search(resp.headers.get("content-range", ""))
        if not m:
            raise ServiceError("206 without a usable Content-Range", status=206)
        start = int(m.group(1))
        total = None if m.group(3) == "*" else int(m.group(3))
        if start != have:  # not what we asked for: do not splice mismatched bytes
            raise ServiceError(f"server resumed at byte {start}, not {have}", status=206)
        return start, total
    length = resp.headers.get("content-length")
    encoded = resp.headers.get("content-encoding", "identity").lower() != "identity"
    return 0, (int(length) if length and not encoded else None)


async def _write_body(
    resp: httpx.Response,
    part: Path,
    start: int,
    total: int | None,
    chunk: int,
    progress: _Progress,
) -> int:
    """Write the body into `part` from `start`; return the file's length afterwards. `chunk`
    only paces progress reports. The loop never writes: a plain-HTTP body goes socket -> file
    on a worker thread, and what httpx reads (https, a compressed answer) is handed to one."""
    encoded = resp.headers.get("content-encoding", "identity").lower() != "identity"
    fh = await asyncio.to_thread(_open_part, part, start)
    try:
        direct = body_of(resp)
        if direct is not None and not encoded:
            return start + await direct.into_file(
                fh.fileno(), start, lambda n: progress(start + n, total), step=chunk
            )
        done = start
        writer = PieceWriter(fh.fileno(), start)
        try:
            async for data in resp.aiter_bytes() if encoded else resp.aiter_raw():
                await writer.write(data)
                done += len(data)
                progress(done, total)
        finally:
            await writer.close()
        return done
    finally:
        # fsync on every exit: what is in the .part must be on disk before we resume from it
        await asyncio.to_thread(_fsync_and_close, fh)


def _open_part(part: Path, start: int) -> BinaryIO:
    """The .part opened for writing from `start` (cut back to it: bytes past it are not known
    to be good). Unbuffered: every write is made at its own offset, on a worker thread."""
    fh = open(part, "r+b" if part.exists() else "wb", buffering=0)  # noqa: SIM115
    try:
        fh.truncate(start)
    except BaseException:
        fh.close()
        raise
    return fh


async def download_into(
    client: HttpClient,
    url: str,
    folder: Path,
    name: str,
    *,
    same_origin: bool,
    on_progress: ProgressCallback | None = None,
    chunk: int = MiB,
) -> Path:
    """Download to a file named by the server (or a URL): the name is reduced to its last
    component so `../../evil` lands inside `folder` (which download makes, off the loop)."""
    dest = safe_child(folder, name)
    return await download(
        client, url, dest, same_origin=same_origin, on_progress=on_progress, chunk=chunk
    )


# -- uploads ------------------------------------------------------------------------------


async def put_presigned(
    client: HttpClient,
    url: str,
    path: Path,
    content_type: str,
    on_progress: ProgressCallback | None = None,
    *,
    chunk: int = MiB,
) -> httpx.Response:
    """PUT a whole file to a presigned URL: streamed, with Content-Length (storage services
    refuse chunked uploads) and never the API key."""
    size = path.stat().st_size
    return await client.request(
        "PUT",
        url,
        content=FileBody(path, 0, size, chunk, on_progress),
        headers={"Content-Type": content_type, "Content-Length": str(size)},
        auth=False,
    )


async def put_part(
    client: HttpClient,
    url: str,
    path: Path,
    offset: int,
    length: int,
    *,
    on_progress: ProgressCallback | None = None,
    chunk: int = MiB,
) -> str:
    """PUT one part of a multipart upload; return the ETag the storage answered (as sent,
    quotes included), which the completion call needs."""
    size = max(0, min(length, path.stat().st_size - offset))
    resp = await client.request(
        "PUT",
        url,
        content=FileBody(path, offset, size, chunk, on_progress),
        headers={"Content-Length": str(size)},
        auth=False,
    )
    etag = resp.headers.get("etag")
    if not etag:
        raise ServiceError(
            "the storage service accepted a part but returned no ETag",
            provider=client.provider,
            status=resp.status_code,
        )
    return etag


# Parts in flight at once. One stream is held to one connection's pace (and, at a storage
# server, often to one core's); S3-style storage takes parts in any order, so several go
# together. HttpClient's per-host limit still applies on top.
PART_CONCURRENCY = 4


async def put_parts(
    client: HttpClient,
    urls: Sequence[str],
    path: Path,
    part_size: int,
    *,
    on_progress: ProgressCallback | None = None,
    concurrency: int = PART_CONCURRENCY,
) -> list[tuple[int, str]]:
    """PUT `path` as parts of `part_size` (part n, 1-based, to `urls[n-1]`), `concurrency` at
    a time; return (part number, ETag) in part order. URLs beyond the file's end are left
    unused. On the first failure the parts still in flight are cancelled and it is raised.
    `on_progress(done, size)` counts the bytes of all parts together."""
    size = path.stat().st_size
    todo = iter([(n, (n - 1) * part_size) for n in range(1, len(urls) + 1)
                 if (n - 1) * part_size < size])
    sent: dict[int, int] = {}
    etags: dict[int, str] = {}

    def part_progress(n: int) -> ProgressCallback | None:
        if on_progress is None:
            return None

        def report(done: int, _total: int | None) -> None:
            sent[n] = done  # a retried part starts again from 0, and so does its share
            on_progress(sum(sent.values()), size)

        return report

    async def worker() -> None:
        for n, offset in todo:  # one shared iterator: each part is taken once
            etags[n] = await put_part(
                client, urls[n - 1], path, offset, part_size, on_progress=part_progress(n)
            )

    workers = [asyncio.ensure_future(worker()) for _ in range(max(1, concurrency))]
    try:
        await asyncio.gather(*workers)
    except BaseException:
        for w in workers:
            w.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        raise
    return sorted(etags.items())

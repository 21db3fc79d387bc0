"""Receive a plain-HTTP download's body on a thread of its own, straight into the file.

Through httpx every piece of a body is read on the event loop — the GUI thread in the studio —
in Python, then written to the file there too: on a fast link that per-piece work capped a
download well below curl's speed (benchmarks/transfer.py) and stalled the window meanwhile
(benchmarks/queue.py). For an `http://` URL with no proxy in the way, HttpClient opens the GET
here instead: h11 frames the request and parses the answer's head on the loop, the answer comes
back as an `httpx.Response` (so retries, redirects and error mapping are HttpClient's, as for
any request), and its body is a `SocketBody`. A caller that wants the bytes in a file hands it
the file (`into_file`): a worker thread moves them socket → pipe → file with `os.splice` (no
copy through Python on Linux) or, elsewhere, `recv_into` one reused buffer and a positioned write. A
caller that iterates the response (an error text, a compressed answer to decode) gets the
bytes on the loop as from httpx. Failures are the httpx exceptions the same failures raise
there (ReadTimeout, ReadError, RemoteProtocolError), so callers need not know which path ran.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import socket
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import h11
import httpx

from app import worker_threads
from app.providers.piece_writer import write_at
from app.providers.raw_connect import connect, timeval
from app.providers.socket_worker import hand_off

__all__ = ["SocketBody", "body_of", "open_get", "receiving"]

_HEAD_RECV = 64 * 1024
_BUFFER = 1024 * 1024  # one pipe's worth per splice, or one recv_into
_REPORT_EVERY = 0.05  # seconds: progress reaches the loop at most ~20 times a second
_SPLICE_FLAGS = getattr(os, "SPLICE_F_MOVE", 0) | getattr(os, "SPLICE_F_MORE", 0)



def receiving() -> int:
    """How many bodies are being received by a worker right now."""
    return worker_threads.running("download")


async def open_get(request: httpx.Request, timeout: httpx.Timeout) -> httpx.Response:
    """Send `request` (a GET without a body) and return its answer with the body unread.
    `timeout.read` bounds every wait for the server, the body's included."""
    loop = asyncio.get_running_loop()
    sock = await connect(request, timeout.connect)
    try:
        conn = h11.Connection(h11.CLIENT)
        # one request per connection: nothing pools these, so say so and let the server close
        headers = [(k, v) for k, v in request.headers.raw if k.lower() != b"connection"]
        try:
            head = conn.send(h11.Request(
                method=request.method,
                target=request.url.raw_path,
                headers=[*headers, (b"Connection", b"close")],
            ))
            head += conn.send(h11.EndOfMessage())
        except h11.LocalProtocolError as exc:
            raise httpx.LocalProtocolError(str(exc), request=request) from exc
        try:
            async with asyncio.timeout(timeout.write):
                await loop.sock_sendall(sock, head)
        except TimeoutError as exc:
            raise httpx.WriteTimeout("the request could not be sent", request=request) from exc
        except OSError as exc:
            raise httpx.WriteError(str(exc), request=request) from exc
        answer = await _read_head(loop, sock, conn, request, timeout.read)
    except BaseException:
        sock.close()
        raise
    body = SocketBody(sock, conn, request, answer, timeout.read)
    return httpx.Response(
        answer.status_code,
        headers=answer.headers.raw_items(),
        stream=body,
        request=request,
        extensions={"http_version": b"HTTP/1.1", "reason_phrase": answer.reason},
    )


def body_of(response: httpx.Response) -> SocketBody | None:
    """The response's body as a SocketBody when `open_get` made it, else None."""
    stream = response.stream
    return stream if isinstance(stream, SocketBody) else None


async def _recv(
    loop: asyncio.AbstractEventLoop,
    sock: socket.socket,
    request: httpx.Request,
    read_timeout: float | None,
) -> bytes:
    try:
        async with asyncio.timeout(read_timeout):
            return await loop.sock_recv(sock, _HEAD_RECV)
    except TimeoutError as exc:
        raise httpx.ReadTimeout("the server sent nothing in time", request=request) from exc
    except OSError as exc:
        raise httpx.ReadError(str(exc), request=request) from exc


async def _read_head(
    loop: asyncio.AbstractEventLoop,
    sock: socket.socket,
    conn: h11.Connection,
    request: httpx.Request,
    read_timeout: float | None,
) -> h11.Response:
    try:
        while True:
            event = conn.next_event()
            if event is h11.NEED_DATA:
                conn.receive_data(await _recv(loop, sock, request, read_timeout))
            elif isinstance(event, h11.Response):
                return event
            elif isinstance(event, h11.ConnectionClosed):
                raise httpx.RemoteProtocolError(
                    "Server disconnected without sending a response.", request=request
                )
            # an InformationalResponse (100 Continue) is passed over
    except h11.RemoteProtocolError as exc:
        raise httpx.RemoteProtocolError(str(exc), request=request) from exc


class SocketBody(httpx.AsyncByteStream):
    """The unread body of an answer `open_get` returned. Read it once: iterated on the loop,
    or `into_file` on a worker thread."""

    def __init__(
        self,
        sock: socket.socket,
        conn: h11.Connection,
        request: httpx.Request,
        answer: h11.Response,
        read_timeout: float | None,
    ) -> None:
        self._sock, self._conn, self._request = sock, conn, request
        self._read_timeout = read_timeout
        self._length = _content_length(answer, request)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        loop = asyncio.get_running_loop()
        try:
            while True:
                event = self._conn.next_event()
                if event is h11.NEED_DATA:
                    data = await _recv(loop, self._sock, self._request, self._read_timeout)
                    self._conn.receive_data(data)
                elif isinstance(event, h11.Data):
                    yield bytes(event.data)
                elif isinstance(event, (h11.EndOfMessage, h11.ConnectionClosed)):
                    return
        except h11.RemoteProtocolError as exc:
            raise httpx.RemoteProtocolError(str(exc), request=self._request) from exc

    async def aclose(self) -> None:
        self._sock.close()

    async def into_file(
        self,
        fd: int,
        offset: int,
        on_progress: Callable[[int], None] | None = None,
        *,
        step: int = _BUFFER,
    ) -> int:
        """Write the body into `fd` from `offset` on a worker thread; return the bytes written.
        `on_progress(written)` runs on the loop, after at least `step` more bytes and at most
        ~20 times a second. Cancelling shuts the socket, which ends the thread's wait, and
        returns only once the thread has stopped writing."""
        # the thread writes to its own duplicate, closed when it ends: however the caller
        # leaves, a late write cannot land in a file that took over the number
        own_fd = os.dup(fd)

        def work(report: Callable[[int], None]) -> int:
            try:
                return self._receive(own_fd, offset, _Reporter(report, step) if on_progress else None)
            finally:
                os.close(own_fd)

        return await hand_off(self._sock, "download", work, on_progress,
                              not_started=lambda: os.close(own_fd))

    # -- the worker thread's part --------------------------------------------------------
    def _receive(self, fd: int, offset: int, reporter: _Reporter | None) -> int:
        sock = self._sock
        sock.setblocking(True)
        if self._read_timeout:  # the kernel's own receive timeout bounds recv and splice
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, timeval(self._read_timeout))
        written = 0
        event = self._next_event()
        while isinstance(event, h11.Data):  # what arrived with the head, held by h11
            write_at(fd, event.data, offset + written)
            written += len(event.data)
            if reporter:
                reporter(written)
            event = self._next_event()
        if isinstance(event, (h11.EndOfMessage, h11.ConnectionClosed)):
            return written
        if self._length is None:  # chunked or close-delimited: h11 keeps the framing
            return self._receive_framed(fd, offset, written, event, reporter)
        remaining = self._length - written
        if remaining > 0:
            written += _receive_exactly(sock, fd, offset + written, remaining, self._request,
                                        reporter, written)
        return written

    def _next_event(self) -> Any:
        try:
            event = self._conn.next_event()
        except h11.RemoteProtocolError as exc:
            raise httpx.RemoteProtocolError(str(exc), request=self._request) from exc
        return event

    def _receive_framed(
        self,
        fd: int,
        offset: int,
        written: int,
        event: Any,
        reporter: _Reporter | None,
    ) -> int:
        buf = bytearray(_BUFFER)
        view = memoryview(buf)
        while True:
            if event is h11.NEED_DATA:
                n = _recv_into(self._sock, view, self._request)
                try:
                    self._conn.receive_data(bytes(view[:n]))
                except RuntimeError as exc:  # data after the connection closed
                    raise httpx.RemoteProtocolError(str(exc), request=self._request) from exc
            elif isinstance(event, h11.Data):
                write_at(fd, event.data, offset + written)
                written += len(event.data)
                if reporter:
                    reporter(written)
            elif isinstance(event, (h11.EndOfMessage, h11.ConnectionClosed)):
                return written
            event = self._next_event()


def _content_length(answer: h11.Response, request: httpx.Request) -> int | None:
    """The body's length when the answer gives one (and is not chunked): then the bytes are
    moved without h11 looking at each piece."""
    if request.method == "HEAD" or answer.status_code in (204, 304):
        return 0
    headers = {k.lower(): v for k, v in answer.headers}
    if b"chunked" in headers.get(b"transfer-encoding", b"").lower():
        return None
    length = headers.get(b"content-length")
    return int(length) if length is not None else None  # h11 has checked it is a number


class _Reporter:
    """Counts on the thread; passes a count on after `step` more bytes and `_REPORT_EVERY`."""

    def __init__(self, send: Callable[[int], None], step: int) -> None:
        self._send, self._step = send, max(1, step)
        self._next_bytes, self._next_time = self._step, 0.0

    def __call__(self, written: int) -> None:
        if written < self._next_bytes:
            return
        now = time.monotonic()
        if now < self._next_time:
            return
        self._next_bytes, self._next_time = written + self._step, now + _REPORT_EVERY
        self._send(written)


def _receive_exactly(
    sock: socket.socket,
    fd: int,
    pos: int,
    remaining: int,
    request: httpx.Request,
    reporter: _Reporter | None,
    written: int,
) -> int:
    """Move `remaining` body bytes from `sock` to `fd` at `pos`; return how many (all of them,
    or an httpx error says why not)."""
    start = written
    pipe = _pipe() if hasattr(os, "splice") else None
    try:
        if pipe is not None:
            moved = _splice(sock, fd, pos, remaining, request, reporter, written, pipe)
            if moved is not None:
                return moved
        buf = bytearray(min(_BUFFER, remaining))
        view = memoryview(buf)
        while remaining:
            n = _recv_into(sock, view[: min(len(view), remaining)], request)
            if n == 0:
                raise _ended_early(request)
            write_at(fd, view[:n], pos)
            pos += n
            remaining -= n
            written += n
            if reporter:
                reporter(written)
        return written - start
    finally:
        if pipe is not None:
            for end in pipe[0]:
                os.close(end)


def _pipe() -> tuple[tuple[int, int], int] | None:
    """A pipe to splice through, as large as the system allows (up to _BUFFER)."""
    try:
        r, w = os.pipe()
    except OSError:
        return None
    size = 64 * 1024
    with contextlib.suppress(OSError, AttributeError):
        import fcntl

        size = fcntl.fcntl(w, fcntl.F_SETPIPE_SZ, _BUFFER)
    return (r, w), size


def _splice(
    sock: socket.socket,
    fd: int,
    pos: int,
    remaining: int,
    request: httpx.Request,
    reporter: _Reporter | None,
    written: int,
    pipe: tuple[tuple[int, int], int],
) -> int | None:
    """Socket → pipe → file, in the kernel. None when this socket cannot be spliced at all
    (then nothing was read, and the caller copies instead)."""
    (r, w), size = pipe
    src = sock.fileno()
    moved = 0
    while remaining:
        try:
            n = os.splice(src, w, min(size, remaining), flags=_SPLICE_FLAGS)
        except OSError as exc:
            if moved == 0 and exc.errno in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
                return None
            raise _read_error(exc, request) from exc
        if n == 0:
            raise _ended_early(request)
        remaining -= n
        while n:  # the file side: its errors (a full disk) are the caller's, unchanged
            m = os.splice(r, fd, n, offset_dst=pos)
            pos += m
            n -= m
            moved += m
        if reporter:
            reporter(written + moved)
    return moved


def _recv_into(sock: socket.socket, view: memoryview, request: httpx.Request) -> int:
    try:
        return sock.recv_into(view)
    except OSError as exc:
        raise _read_error(exc, request) from exc


def _read_error(exc: OSError, request: httpx.Request) -> httpx.TransportError:
    if isinstance(exc, (BlockingIOError, TimeoutError)):  # SO_RCVTIMEO ran out
        return httpx.ReadTimeout("the download stalled: the server sent nothing in time",
                                 request=request)
    return httpx.ReadError(str(exc), request=request)


def _ended_early(request: httpx.Request) -> httpx.RemoteProtocolError:
    # httpx's words for the same event, so logs read the same whichever path ran
    return httpx.RemoteProtocolError(
        "peer closed connection without sending complete message body", request=request
    )



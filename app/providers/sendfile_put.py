"""Send a file upload over plain HTTP/1.1 with the kernel copying the body (os.sendfile).

httpx sends a body as Python bytes: each chunk read from the file into memory, handed through
h11 and written to the socket, a copy and several Python calls per chunk. On a fast link that
CPU is what kept our uploads behind curl's (benchmarks/transfer.py). For an `http://` URL with
no proxy in the way, the body goes from the file to the socket with sendfile instead, on a
thread of its own so the event loop never waits on the disk or the network.

Only the body takes the short cut. h11 frames the request (and refuses a body that does not
match its Content-Length) and parses the answer; the answer comes back as an `httpx.Response`
and every failure as the httpx exception the same failure raises there, so HttpClient retries,
follows redirects and maps errors exactly as it does for any request. `https://` cannot be
sendfiled from here (the bytes must be encrypted in user space), so TLS keeps the httpx path.
"""

from __future__ import annotations

import asyncio
import os
import socket
from collections.abc import Callable
from time import monotonic

import h11
import httpx

from app.providers.file_body import FileBody, shrank
from app.providers.raw_connect import connect, timeval
from app.providers.socket_worker import hand_off

# A PUT's answer is an ETag or an error text; anything this big is not one.
MAX_ANSWER = 1024 * 1024
_RECV = 64 * 1024
_WHOLE = 1 << 30  # the most one sendfile call is asked for (Linux sends < 2 GiB per call)
REPORT_EVERY = 0.05  # seconds: a bar moved 20 times a second already looks continuous


async def send(request: httpx.Request, body: FileBody, timeout: httpx.Timeout) -> httpx.Response:
    """One attempt: connect, send `request`'s head and `body`, return the whole answer."""
    loop = asyncio.get_running_loop()
    sock = await connect(request, timeout.connect)
    try:
        conn = h11.Connection(h11.CLIENT)
        # one request per connection: nothing pools these, so say so and let the server close
        headers = [(k, v) for k, v in request.headers.raw if k.lower() != b"connection"]
        head = conn.send(
            h11.Request(
                method=request.method,
                target=request.url.raw_path,
                headers=[*headers, (b"Connection", b"close")],
            )
        )
        try:
            if body.length:
                # h11 only needs the length; it checks it against the Content-Length header
                conn.send_with_data_passthrough(h11.Data(data=_Length(body.length)))
            conn.send(h11.EndOfMessage())
        except h11.LocalProtocolError as exc:
            raise httpx.LocalProtocolError(str(exc), request=request) from exc
        failure = await _send_in_thread(sock, head, body, timeout.write)
        if failure is not None:
            error = _write_error(failure, request)
            if isinstance(error, httpx.WriteTimeout):
                raise error from failure.cause
            # the server may have answered early (a refusal) and closed: that answer is the
            # result, as httpx would report it; without one the write failure is
            try:
                return await _read_answer(loop, sock, conn, request, timeout.read)
            except httpx.TransportError:
                raise error from failure.cause
        return await _read_answer(loop, sock, conn, request, timeout.read)
    finally:
        sock.close()


class _Length:
    """Stands in for the body in h11's bookkeeping (h11's documented sendfile support)."""

    def __init__(self, n: int) -> None:
        self._n = n

    def __len__(self) -> int:
        return self._n


class _SocketFailure(Exception):
    """A send on the socket failed (as opposed to the file, whose errors pass unchanged)."""

    def __init__(self, cause: OSError) -> None:
        super().__init__(str(cause))
        self.cause = cause


def _write_error(failure: _SocketFailure, request: httpx.Request) -> httpx.TransportError:
    if isinstance(failure.cause, (BlockingIOError, TimeoutError)):  # SO_SNDTIMEO ran out
        return httpx.WriteTimeout("the upload stalled: nothing could be sent", request=request)
    return httpx.WriteError(str(failure.cause), request=request)


async def _send_in_thread(
    sock: socket.socket,
    head: bytes,
    body: FileBody,
    write_timeout: float | None,
) -> _SocketFailure | None:
    """Send head and body on a thread of its own (app.providers.socket_worker); None when
    all went out, else how the socket failed."""
    on_progress = body.on_progress
    progress = None if on_progress is None else (lambda sent: on_progress(sent, body.length))
    failure = await hand_off(
        sock, "upload", lambda report: _blocking_send(sock, head, body, write_timeout, report),
        progress,
    )
    sock.setblocking(False)  # the answer is read on the loop
    return failure


class Slices:
    """How much each sendfile call is asked for when someone watches the progress: `chunk`
    at first and on a slow link (a report per chunk, as asked), doubled while a slice goes
    out in under half of REPORT_EVERY and halved back when one takes over twice it. On a
    fast link the reports then come about every REPORT_EVERY rather than per chunk: 1 MiB
    slices at ~1 GiB/s were ~1000 calls, thread-to-loop hops and callbacks a second, which
    cost more CPU than the send itself."""

    def __init__(self, chunk: int) -> None:
        self.floor = self.size = max(1, chunk)

    def took(self, seconds: float) -> None:
        if seconds < REPORT_EVERY / 2:
            self.size = min(self.size * 2, _WHOLE)
        elif seconds > REPORT_EVERY * 2:
            self.size = max(self.size // 2, self.floor)


def _blocking_send(
    sock: socket.socket,
    head: bytes,
    body: FileBody,
    write_timeout: float | None,
    report: Callable[[int], None],
) -> _SocketFailure | None:
    """The thread's part. A blocking socket with a kernel send timeout: each sendfile call
    sends its whole slice unless the peer stops reading for `write_timeout`."""
    with open(body.path, "rb") as fh:  # file errors are the caller's, unchanged
        try:
            sock.setblocking(True)
            if write_timeout:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, timeval(write_timeout))
            sock.sendall(head)
            out, src = sock.fileno(), fh.fileno()
            pos, end = body.offset, body.offset + body.length
            # with nobody to tell, the body goes in one call: no return to Python (and its
            # GIL, which a loaded machine can keep from us) between slices
            pace = Slices(body.chunk) if body.on_progress is not None else None
            while pos < end:
                started = monotonic()
                want = min(pace.size if pace is not None else _WHOLE, end - pos)
                sent = os.sendfile(out, src, pos, want)
                if sent == 0:
                    raise shrank(body.path)
                pos += sent
                if pace is not None:
                    report(pos - body.offset)
                    pace.took(monotonic() - started)
        except OSError as exc:
            return _SocketFailure(exc)
    return None


async def _read_answer(
    loop: asyncio.AbstractEventLoop,
    sock: socket.socket,
    conn: h11.Connection,
    request: httpx.Request,
    read_timeout: float | None,
) -> httpx.Response:
    sock.setblocking(False)
    answer: h11.Response | None = None
    content = bytearray()
    try:
        while True:
            event = conn.next_event()
            if event is h11.NEED_DATA:
                try:
                    async with asyncio.timeout(read_timeout):
                        data = await loop.sock_recv(sock, _RECV)
                except TimeoutError as exc:
                    raise httpx.ReadTimeout("no answer in time", request=request) from exc
                except OSError as exc:
                    raise httpx.ReadError(str(exc), request=request) from exc
                conn.receive_data(data)
            elif isinstance(event, h11.Response):
                answer = event
            elif isinstance(event, h11.Data):
                content += event.data
                if len(content) > MAX_ANSWER:
                    raise httpx.RemoteProtocolError(
                        f"the answer to an upload is over {MAX_ANSWER} bytes", request=request
                    )
            elif isinstance(event, h11.EndOfMessage):
                break
            elif isinstance(event, h11.ConnectionClosed):
                raise httpx.RemoteProtocolError(
                    "Server disconnected without sending a response.", request=request
                )
            # an InformationalResponse (100 Continue) is passed over
    except h11.RemoteProtocolError as exc:
        raise httpx.RemoteProtocolError(str(exc), request=request) from exc
    assert answer is not None  # h11 gives the Response before any Data or EndOfMessage
    return httpx.Response(
        answer.status_code,
        headers=answer.headers.raw_items(),
        content=bytes(content),
        request=request,
        extensions={"http_version": b"HTTP/1.1", "reason_phrase": answer.reason},
    )

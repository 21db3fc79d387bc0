"""The harness every fake service is built on: a real HTTP/1.1 server on 127.0.0.1.

A fake is a `FakeService` subclass that registers routes in `setup()`. Handlers take a
`Request` and return a `Reply` (or a dict/list, sent as JSON 200). Everything received is
recorded (`requests`), and fault switches that work for every fake change what goes out:

    svc.rate_limit(retry_after_ms=100)           # next request answered 429 + hint
    svc.fail(503, times=2)                         # next two answered 503
    svc.drop_body(after=1000, path="/blob/{n}")    # real response, RST after 1000 body bytes
    svc.truncate_body(after=1000)                  # real response, clean close, short body
    svc.drop_before_response(method="POST")        # read the request, hang up, answer nothing
    svc.delay(0.2)                                 # answer late
    svc.redirect(other.url("/x"))                  # 302 elsewhere (e.g. another origin)
    svc.lose_answer(500, method="POST")            # the route runs (a create is recorded),
                                                   # the answer is replaced by a 500 (or None:
                                                   # the connection dropped, nothing answered)
    svc.echo_key(401)                              # an error whose text echoes the key sent
    svc.result_media = clip_bytes                  # every fake serves these as its video result

Each switch takes `method=`, `path=` (a route pattern) and `times=` and is consumed in order.
`CdnOrigin` is a second, independent server (another port, so another origin) standing in for
presigned storage and CDNs; it records whether it ever saw an auth header.
"""

from __future__ import annotations

import dataclasses
import email.utils
import hashlib
import http.server
import json
import re
import socket
import struct
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

AUTH_HEADERS = ("authorization", "x-api-key")
RECV_BUFFER = 1024 * 1024  # what a request body is received into, at most


# -- what came in -------------------------------------------------------------------------


@dataclass
class Request:
    """One request as received. Header names are lower-case. Bodies above the service's
    `record_body_limit` are not kept, only their length and sha256 (which is "" when the
    service does not digest bodies: `digest_bodies=False`)."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes | None
    body_length: int
    body_sha256: str
    params: dict[str, str] = field(default_factory=dict)  # from the route pattern
    at: float = field(default_factory=time.monotonic)

    def json(self) -> Any:
        return json.loads(self.body or b"null")

    def arg(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[0] if values else default

    @property
    def has_auth(self) -> bool:
        return any(h in self.headers for h in AUTH_HEADERS)


# -- what goes out ------------------------------------------------------------------------


@dataclass
class FileBody:
    """Bytes of a file on disk, sent with sendfile (fast enough to benchmark against)."""

    path: Path
    offset: int = 0
    length: int | None = None

    def size(self) -> int:
        full = self.path.stat().st_size
        return (full - self.offset) if self.length is None else self.length


@dataclass
class Reply:
    status: int = 200
    body: bytes | str | dict | list | FileBody | Iterable[bytes] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = None
    # faults, usually set through FakeService switches rather than by hand
    delay: float = 0.0  # before anything is sent
    drop_after: int | None = None  # body bytes sent before an abortive close (RST)
    truncate_after: int | None = None  # body bytes sent before a clean close, length unchanged
    no_response: bool = False  # close without answering at all
    frame_delay: float = 0.0  # between items of an iterable body (SSE pacing)
    drop_after_items: int | None = None  # abort an iterable body after N items

    @classmethod
    def json(cls, data: Any, status: int = 200, **headers: str) -> Reply:
        return cls(status, json.dumps(data).encode(), dict(headers), "application/json")

    @classmethod
    def text(cls, text: str, status: int = 200, **headers: str) -> Reply:
        return cls(status, text.encode(), dict(headers), "text/plain; charset=utf-8")

    @classmethod
    def error(cls, status: int, message: str, *, delay: float = 0.0, **headers: str) -> Reply:
        """The most common error shape: {"error": {"message": ...}}."""
        reply = cls.json({"error": {"message": message}}, status, **headers)
        reply.delay = delay
        return reply

    @classmethod
    def redirect(cls, location: str, status: int = 302) -> Reply:
        return cls(status, b"", {"Location": location})

    @classmethod
    def sse(
        cls,
        frames: Iterable[bytes],
        *,
        frame_delay: float = 0.0,
        drop_after_frames: int | None = None,
    ) -> Reply:
        """A text/event-stream, close-delimited; build frames with `sse_frame`."""
        return cls(
            200,
            frames,
            {"Cache-Control": "no-cache"},
            "text/event-stream",
            frame_delay=frame_delay,
            drop_after_items=drop_after_frames,
        )


def sse_frame(
    data: str | dict | list,
    event: str | None = None,
    *,
    id: str | None = None,
    crlf: bool = False,
) -> bytes:
    """One SSE event. Multi-line data becomes several `data:` lines, as the spec says."""
    nl = "\r\n" if crlf else "\n"
    text = data if isinstance(data, str) else json.dumps(data)
    lines = []
    if event:
        lines.append(f"event: {event}")
    if id is not None:
        lines.append(f"id: {id}")
    lines += [f"data: {line}" for line in text.split("\n")]
    return (nl.join(lines) + nl + nl).encode()


def serve_file(
    req: Request, data: bytes | Path, content_type: str = "application/octet-stream"
) -> Reply:
    """Serve bytes or a file honouring a single `Range: bytes=a-b` (206), like a CDN."""
    size = data.stat().st_size if isinstance(data, Path) else len(data)
    headers = {"Accept-Ranges": "bytes"}
    rng = req.headers.get("range")
    start, end = 0, size - 1
    status = 200
    if rng:
        m = re.fullmatch(r"bytes=(\d*)-(\d*)", rng.strip())
        if m and (m.group(1) or m.group(2)):
            if m.group(1):
                start = int(m.group(1))
                end = min(int(m.group(2)), size - 1) if m.group(2) else size - 1
            else:  # suffix range: the last N bytes
                start = max(0, size - int(m.group(2)))
            if start >= size or start > end:
                return Reply(416, b"", {"Content-Range": f"bytes */{size}"})
            status = 206
            headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    length = end - start + 1 if size else 0
    if isinstance(data, Path):
        body: bytes | FileBody = FileBody(data, start, length)
    else:
        body = data[start : start + length]
    return Reply(status, body, headers, content_type)


# -- routing and faults -------------------------------------------------------------------

Handler = Callable[[Request], "Reply | dict | list | None"]


def _compile(pattern: str) -> re.Pattern[str]:
    """ "/videos/{id}/content" → a regex with named groups; `{name:path}` may span slashes."""
    out, pos = "", 0
    for m in re.finditer(r"\{(\w+)(:path)?\}", pattern):
        out += re.escape(pattern[pos : m.start()])
        out += f"(?P<{m.group(1)}>.+)" if m.group(2) else f"(?P<{m.group(1)}>[^/]+)"
        pos = m.end()
    return re.compile("^" + out + re.escape(pattern[pos:]) + "$")


@dataclass
class _Fault:
    method: str | None
    path: re.Pattern[str] | None
    times: int
    reply: Reply | None = None  # replaces the real answer
    tweak: dict[str, Any] = field(default_factory=dict)  # applied to the real answer
    after_route: Reply | None = None  # the route runs (acts), then this is answered instead
    echo: int | None = None  # answer this status with an error that quotes the key sent

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method == method) and (
            self.path is None or bool(self.path.match(path))
        )


# -- the server ---------------------------------------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as real services
    server: _Server
    timeout = 30  # an idle keep-alive connection's thread ends after this

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # tests read `requests`, not stderr

    def _read_body(self) -> tuple[bytes | None, int, str]:
        svc = self.server.service
        limit = svc.record_body_limit
        digest = hashlib.sha256() if svc.digest_bodies else None
        kept: list[bytes] = []
        count = 0
        chunked = "chunked" in self.headers.get("Transfer-Encoding", "").lower()
        length = int(self.headers.get("Content-Length") or 0)
        # Received into one reused buffer and hashed in place (hashlib lets the GIL go for
        # it): no bytes object per piece, so the server does no more per byte than a real
        # origin must, and a fast client is not held to the harness's own overhead.
        buf = memoryview(bytearray(RECV_BUFFER if chunked else min(RECV_BUFFER, length)))

        def take(remaining: int, what: str) -> None:
            nonlocal count
            while remaining:
                n = self.rfile.readinto(buf[: min(len(buf), remaining)])
                if not n:
                    raise ConnectionError(f"client closed mid-{what}")
                if digest is not None:
                    digest.update(buf[:n])
                count += n
                if count <= limit:
                    kept.append(bytes(buf[:n]))
                remaining -= n

        if chunked:
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    break
                take(size, "chunk")
                self.rfile.readline()
        else:
            take(length, "body")
        body = b"".join(kept) if count <= limit else None
        return body, count, digest.hexdigest() if digest is not None else ""

    def _dispatch(self) -> None:
        svc = self.server.service
        split = urlsplit(self.path)
        try:
            body, length, sha = self._read_body()
        except (ConnectionError, ValueError):
            self.close_connection = True
            return
        req = Request(
            method=self.command,
            path=split.path,
            query=parse_qs(split.query, keep_blank_values=True),
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
            body_length=length,
            body_sha256=sha,
        )
        svc._record(req)
        reply = svc._answer(req)
        self._send(reply)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _dispatch

    def _abort(self, graceful: bool) -> None:
        self.close_connection = True
        try:
            if graceful:
                self.connection.shutdown(socket.SHUT_RDWR)
            else:  # SO_LINGER 0: the peer sees a reset, as with a real dropped link
                # a moment first, so what was sent is read rather than discarded by the reset
                time.sleep(0.02)
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
            self.connection.close()
        except OSError:
            pass

    def _send(self, reply: Reply) -> None:
        if reply.delay:
            time.sleep(reply.delay)
        if reply.no_response:
            self._abort(graceful=False)
            return
        body = reply.body
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            reply.content_type = reply.content_type or "application/json"
        elif isinstance(body, str):
            body = body.encode()
        self.send_response(reply.status)
        headers = {k.lower(): v for k, v in reply.headers.items()}
        if reply.content_type and "content-type" not in headers:
            self.send_header("Content-Type", reply.content_type)
        for k, v in reply.headers.items():
            self.send_header(k, v)
        streamed = not isinstance(body, (bytes, FileBody)) and body is not None
        if streamed:
            # close-delimited, as SSE endpoints commonly are
            self.send_header("Connection", "close")
            self.close_connection = True
            self.end_headers()
            self._send_items(body, reply)  # type: ignore[arg-type]
            return
        size = body.size() if isinstance(body, FileBody) else len(body or b"")
        if "content-length" not in headers:
            self.send_header("Content-Length", str(size))
        self.end_headers()
        if self.command == "HEAD":
            return
        cut = reply.drop_after if reply.drop_after is not None else reply.truncate_after
        send = size if cut is None else min(cut, size)
        try:
            if isinstance(body, FileBody):
                with open(body.path, "rb") as fh:
                    if send:
                        self.connection.sendfile(fh, body.offset, send)
            elif body:
                self.wfile.write(body[:send])
        except OSError:
            self.close_connection = True
            return
        if cut is not None:
            self._abort(graceful=reply.drop_after is None)

    def _send_items(self, items: Iterable[bytes], reply: Reply) -> None:
        try:
            for n, item in enumerate(items):
                if reply.drop_after_items is not None and n >= reply.drop_after_items:
                    self._abort(graceful=False)
                    return
                if n and reply.frame_delay:
                    time.sleep(reply.frame_delay)
                self.wfile.write(item)
        except OSError:
            pass
        self._abort(graceful=True)

    def finish(self) -> None:
        try:
            super().finish()
        except OSError:
            pass  # we closed the socket on purpose


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    service: FakeService

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # connections we dropped on purpose end in errors; tests look at `errors`


def sent_key(req: Request) -> str:
    """The API key a request carried, whichever header its service uses."""
    auth = req.headers.get("authorization", "")
    return auth.split(" ", 1)[-1] if auth else req.headers.get("x-api-key", "")


class FakeService:
    """Base of every fake. Subclasses set `name` and register routes in `setup()`."""

    name = "fake"
    # a real video (e.g. a tiny mp4) each fake serves as its results instead of its own
    # deterministic bytes, so results can go through the queue and become takes
    result_media: bytes | None = None
    result_image: bytes | None = None  # the same for image results

    def __init__(
        self,
        *,
        port: int = 0,
        base_path: str = "",
        record_body_limit: int = 8 * 1024 * 1024,
        digest_bodies: bool = True,
    ) -> None:
        self.base_path = "/" + base_path.strip("/") if base_path.strip("/") else ""
        self.record_body_limit = record_body_limit
        # False: count request bodies without hashing them (benchmarks/transfer.py's sink,
        # where a hash on the client's own cores would cap both the client and curl)
        self.digest_bodies = digest_bodies
        self.requests: list[Request] = []
        self.errors: list[str] = []  # tracebacks of handlers that crashed (a fake's bug)
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self._faults: list[_Fault] = []
        self._lock = threading.Lock()
        self._port = port
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.setup()

    def setup(self) -> None:
        """Register routes here."""

    # -- lifecycle --------------------------------------------------------------------
    def start(self) -> Self:
        if self._server is None:
            self._server = _Server(("127.0.0.1", self._port), _Handler)
            self._server.service = self
            self._port = self._server.server_address[1]
            self._thread = threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"fake-{self.name}-{self._port}",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def serve_forever(self) -> None:
        self.start()
        assert self._thread is not None
        while self._thread.is_alive():
            self._thread.join(0.5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        return self._port

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    @property
    def base_url(self) -> str:
        return self.origin + self.base_path

    def url(self, path: str) -> str:
        """Absolute URL of a path under base_path."""
        return self.base_url + "/" + path.lstrip("/")

    # -- routes -----------------------------------------------------------------------
    def route(self, method: str, pattern: str, handler: Handler | None = None) -> Any:
        """Register `handler` for `method` on `pattern` (relative to base_path, `{name}`
        params). Usable as a decorator when `handler` is omitted."""

        def add(fn: Handler) -> Handler:
            self._routes.append((method.upper(), _compile(self.base_path + pattern), fn))
            return fn

        return add(handler) if handler is not None else add

    def _answer(self, req: Request) -> Reply:
        fault = self._take_fault(req.method, req.path)
        if fault is not None and fault.reply is not None:
            return fault.reply
        if fault is not None and fault.echo is not None:
            return Reply.error(fault.echo, f"Incorrect API key provided: {sent_key(req)}")
        reply = self._route(req)
        if fault is not None and fault.after_route is not None:
            return fault.after_route
        if fault is not None:
            reply = dataclasses.replace(reply, **fault.tweak)  # a copy: routes may share replies
        return reply

    def _route(self, req: Request) -> Reply:
        allowed = False
        for method, regex, fn in self._routes:
            m = regex.match(req.path)
            if not m:
                continue
            if method != req.method:
                allowed = True
                continue
            req.params = m.groupdict()
            try:
                out = fn(req)
            except Exception:
                tb = traceback.format_exc()
                self.errors.append(tb)
                return Reply.text(tb, 500)
            if isinstance(out, Reply):
                return out
            return Reply.json(out if out is not None else {})
        if allowed:
            return Reply.error(405, f"{req.method} not allowed on {req.path}")
        return Reply.error(404, f"no route for {req.method} {req.path}")

    # -- recording --------------------------------------------------------------------
    def _record(self, req: Request) -> None:
        with self._lock:
            self.requests.append(req)

    def requests_to(self, method: str | None = None, path: str | None = None) -> list[Request]:
        """Recorded requests, filtered by method and a route pattern (relative to base_path)."""
        regex = _compile(self.base_path + path) if path else None
        with self._lock:
            return [
                r
                for r in self.requests
                if (method is None or r.method == method.upper())
                and (regex is None or regex.match(r.path))
            ]

    def saw_auth(self) -> bool:
        """Did any request carry an Authorization or x-api-key header?"""
        with self._lock:
            return any(r.has_auth for r in self.requests)

    def clear(self) -> None:
        with self._lock:
            self.requests.clear()
            self._faults.clear()

    # -- fault switches ---------------------------------------------------------------
    def _add_fault(
        self,
        *,
        method: str | None,
        path: str | None,
        times: int,
        reply: Reply | None = None,
        **tweak: Any,
    ) -> None:
        with self._lock:
            self._faults.append(
                _Fault(
                    method.upper() if method else None,
                    _compile(self.base_path + path) if path else None,
                    times,
                    reply,
                    tweak,
                )
            )

    def _take_fault(self, method: str, path: str) -> _Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.times > 0 and fault.matches(method, path):
                    fault.times -= 1
                    if fault.times == 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def inject(
        self,
        reply: Reply,
        *,
        times: int = 1,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        """Answer the next `times` matching requests with `reply` instead of the route."""
        self._add_fault(method=method, path=path, times=times, reply=reply)

    def rate_limit(
        self,
        *,
        retry_after_ms: float | None = None,
        retry_after: float | None = None,
        retry_after_date: float | None = None,
        json_retry_after: float | None = None,
        status: int = 429,
        message: str = "Too many requests",
        times: int = 1,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        """A 429 (or `status`) with one of the retry hints: `retry-after-ms`, `Retry-After`
        seconds, `Retry-After` as an HTTP date `retry_after_date` seconds from now, or a JSON
        body `retry_after`."""
        headers: dict[str, str] = {}
        body: dict[str, Any] = {"error": {"message": message, "code": "rate_limit_exceeded"}}
        if retry_after_ms is not None:
            headers["retry-after-ms"] = str(retry_after_ms)
        if retry_after is not None:
            headers["Retry-After"] = str(retry_after)
        if retry_after_date is not None:
            headers["Retry-After"] = email.utils.formatdate(
                time.time() + retry_after_date, usegmt=True
            )
        if json_retry_after is not None:
            body["retry_after"] = json_retry_after
        self.inject(Reply.json(body, status, **headers), times=times, method=method, path=path)

    def fail(
        self,
        status: int = 500,
        *,
        message: str = "internal error",
        times: int = 1,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        self.inject(Reply.error(status, message), times=times, method=method, path=path)

    def redirect(
        self,
        location: str,
        *,
        status: int = 302,
        times: int = 1,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        self.inject(Reply.redirect(location, status), times=times, method=method, path=path)

    def drop_body(
        self, after: int, *, times: int = 1, method: str | None = None, path: str | None = None
    ) -> None:
        """The real answer, but the connection is reset after `after` body bytes."""
        self._add_fault(method=method, path=path, times=times, drop_after=after)

    def truncate_body(
        self, after: int, *, times: int = 1, method: str | None = None, path: str | None = None
    ) -> None:
        """The real answer with its full Content-Length, closed cleanly after `after` bytes."""
        self._add_fault(method=method, path=path, times=times, truncate_after=after)

    def drop_before_response(
        self, *, times: int = 1, method: str | None = None, path: str | None = None
    ) -> None:
        """Read the whole request (the server 'acts' on it: the route still runs), then hang
        up without answering — the case that makes a create ambiguous."""
        self._add_fault(method=method, path=path, times=times, no_response=True)

    def lose_answer(
        self,
        status: int | None = 500,
        *,
        times: int = 1,
        method: str | None = None,
        path: str | None = None,
        delay: float = 0.0,
    ) -> None:
        """The request is acted on (the route runs: a create is recorded and exists), but its
        answer is lost: replaced by an error `status`, or (None) by a dropped connection,
        `delay` seconds later."""
        if status is None:
            self._add_fault(method=method, path=path, times=times, no_response=True,
                            delay=delay)
            return
        with self._lock:
            self._faults.append(_Fault(
                method.upper() if method else None,
                _compile(self.base_path + path) if path else None, times,
                after_route=Reply.error(status, f"upstream error {status}", delay=delay)))

    def echo_key(
        self, status: int = 401, *, times: int = 1, method: str | None = None,
        path: str | None = None,
    ) -> None:
        """Answer `status` with an error message that quotes the API key the request sent,
        as services do for a rejected key."""
        with self._lock:
            self._faults.append(_Fault(
                method.upper() if method else None,
                _compile(self.base_path + path) if path else None, times, echo=status))

    def delay(
        self,
        seconds: float,
        *,
        times: int = 1,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        self._add_fault(method=method, path=path, times=times, delay=seconds)

    def drop_stream(
        self,
        after_items: int,
        *,
        times: int = 1,
        method: str | None = None,
        path: str | None = None,
    ) -> None:
        """Reset a streamed (SSE) answer after `after_items` frames."""
        self._add_fault(method=method, path=path, times=times, drop_after_items=after_items)


# -- a second origin for presigned storage and CDNs ---------------------------------------


@dataclass
class Upload:
    length: int
    sha256: str
    etag: str
    content_type: str | None
    body: bytes | None  # None when above record_body_limit


class CdnOrigin(FakeService):
    """Serves blobs at `/blobs/{name}` with Range, accepts PUTs there (a presigned upload;
    the query string — the 'signature' — is ignored) and answers them with an ETag."""

    name = "cdn"

    def setup(self) -> None:
        self.blobs: dict[str, bytes | Path] = {}
        self.uploads: dict[str, Upload] = {}
        self.route("GET", "/blobs/{name}", self._get)
        self.route("HEAD", "/blobs/{name}", self._get)
        self.route("PUT", "/blobs/{name}", self._put)

    def put_blob(self, name: str, data: bytes | Path) -> str:
        self.blobs[name] = data
        return self.url(f"/blobs/{name}")

    def presigned_url(self, name: str, expires: int = 900) -> str:
        return self.url(f"/blobs/{name}") + f"?X-Signature=fake&X-Expires={expires}"

    def _get(self, req: Request) -> Reply:
        data = self.blobs.get(req.params["name"])
        if data is None:
            return Reply.text("NoSuchKey", 404)
        return serve_file(req, data, "video/mp4")

    def _put(self, req: Request) -> Reply:
        # without a digest the ETag still names this upload, as a real one does
        etag = f'"{req.body_sha256[:32]}"' if req.body_sha256 else f'"put-{len(self.uploads)}"'
        self.uploads[req.params["name"]] = Upload(
            req.body_length, req.body_sha256, etag, req.headers.get("content-type"), req.body
        )
        if req.body is not None:
            self.blobs[req.params["name"]] = req.body
        return Reply(200, b"", {"ETag": etag})


def iter_frames(*frames: bytes) -> Iterator[bytes]:
    """A convenience for Reply.sse when frames are known up front."""
    yield from frames

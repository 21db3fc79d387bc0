"""Uploads over plain HTTP go file-to-socket with sendfile: the same bytes, headers, errors,
retries, timeouts and cancellation as through httpx, and https keeps the httpx path."""

from __future__ import annotations

import asyncio
import hashlib
import os
import socket
import threading
from collections.abc import Callable, Iterator

import httpx
import pytest

from app import worker_threads
from app.providers import raw_connect, sendfile_put
from app.providers.errors import AuthError, TooLargeError, TransportError
from app.providers.file_body import FileBody
from app.providers.http import HttpClient, RetryPolicy
from app.providers.transfer import put_part, put_presigned
from tests.fakes.server import CdnOrigin

MiB = 1024 * 1024
ONE_TRY = RetryPolicy(max_attempts=1)


@pytest.fixture
def sends(monkeypatch) -> list[str]:
    """Records every request that went the sendfile way."""
    seen: list[str] = []
    real = sendfile_put.send

    async def spy(request, body, timeout):
        seen.append(str(request.url))
        return await real(request, body, timeout)

    monkeypatch.setattr(sendfile_put, "send", spy)
    return seen


@pytest.fixture
def big(tmp_path):
    """A file larger than loopback's socket buffers, so a peer that stops reading stalls it."""
    path = tmp_path / "big.bin"
    block = os.urandom(MiB)
    with path.open("wb") as fh:
        for _ in range(48):
            fh.write(block)
    return path


class RawServer:
    """A TCP server on 127.0.0.1 whose every connection is handled by `behave(conn)`: for
    the misbehaviour a real HTTP server (the harness's) will not show."""

    def __init__(self, behave: Callable[[socket.socket], None]) -> None:
        self._behave = behave
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self.resume = threading.Event()  # lets a stalled reader go on
        self.closed_by_peer = threading.Event()
        self._threads: list[threading.Thread] = []
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/blobs/x"

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            t = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            t.start()
            self._threads.append(t)

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(30)
            try:
                self._behave(conn)
            except OSError:
                pass

    def stall(self, conn: socket.socket) -> None:
        """Read the head, stop reading until `resume`, then drain to the client's close."""
        read_head(conn)
        self.resume.wait(30)
        try:
            while conn.recv(MiB):
                pass
        except OSError:
            pass
        self.closed_by_peer.set()

    def close(self) -> None:
        self.resume.set()
        self._sock.close()
        for t in self._threads:
            t.join(30)


def read_head(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        piece = conn.recv(65536)
        if not piece:
            break
        data += piece
    return data


def stalling(raw_servers) -> RawServer:
    holder: list[RawServer] = []
    holder.append(raw_servers(lambda conn: holder[0].stall(conn)))
    return holder[0]


@pytest.fixture
def raw_servers() -> Iterator[Callable[[Callable[[socket.socket], None]], RawServer]]:
    made: list[RawServer] = []

    def make(behave: Callable[[socket.socket], None]) -> RawServer:
        made.append(RawServer(behave))
        return made[-1]

    yield make
    for server in made:
        server.close()


def _sha(path, offset=0, length=None) -> str:
    data = path.read_bytes()[offset : None if length is None else offset + length]
    return hashlib.sha256(data).hexdigest()


async def test_put_sends_the_exact_bytes_and_headers_with_progress_on_the_loop(
    make_client, big, sends
):
    loop_thread = threading.get_ident()
    progress: list[tuple[int, int | None, int]] = []
    with CdnOrigin(record_body_limit=0) as cdn:
        client = make_client("http://127.0.0.1:1")  # holds a key the storage must never see
        url = cdn.presigned_url("big.bin")
        resp = await put_presigned(
            client, url, big, "video/mp4",
            lambda done, total: progress.append((done, total, threading.get_ident())),
        )
        assert sends == [url]
        assert resp.status_code == 200 and resp.headers["etag"].startswith('"')
        put = cdn.requests_to("PUT")[0]
        assert put.headers["content-length"] == str(48 * MiB)
        assert put.headers["content-type"] == "video/mp4"
        assert "transfer-encoding" not in put.headers
        assert put.query["X-Signature"] == ["fake"]  # the signed query went as it was
        assert put.body_sha256 == _sha(big) and not cdn.saw_auth()
    done = [p[0] for p in progress]
    # the first report after one chunk, then rising to the whole file (how often in between
    # is paced by time: see the Slices tests)
    assert done[0] == MiB and done[-1] == 48 * MiB and done == sorted(set(done))
    assert {p[1] for p in progress} == {48 * MiB}
    assert {p[2] for p in progress} == {loop_thread}


def test_slices_grow_on_a_fast_link_and_stay_a_chunk_on_a_slow_one():
    fast = sendfile_put.Slices(MiB)
    sizes = []
    for _ in range(12):
        sizes.append(fast.size)
        fast.took(sendfile_put.REPORT_EVERY / 10)
    assert sizes[:4] == [MiB, 2 * MiB, 4 * MiB, 8 * MiB]
    assert fast.size == 1 << 30  # capped: one call never asks for more than Linux sends
    for _ in range(40):  # the link slows down: back to a report per chunk, never below
        fast.took(sendfile_put.REPORT_EVERY * 3)
    assert fast.size == MiB
    slow = sendfile_put.Slices(MiB)
    slow.took(sendfile_put.REPORT_EVERY * 3)
    assert slow.size == MiB


def test_slices_settle_where_one_takes_about_the_report_interval():
    pace = sendfile_put.Slices(MiB)
    rate = 400 * MiB  # bytes a second
    for _ in range(30):
        pace.took(pace.size / rate)
    seconds = pace.size / rate
    assert sendfile_put.REPORT_EVERY / 2 <= seconds <= sendfile_put.REPORT_EVERY * 2


async def test_a_fast_upload_reports_by_time_not_per_chunk(make_client, big, monkeypatch):
    """A clock that says each slice took no time at all: the slices double, so 48 MiB in 1 MiB
    chunks is reported 6 times (1, 3, 7, 15, 31 MiB, then the rest), not 48."""
    monkeypatch.setattr(sendfile_put, "monotonic", lambda: 0.0)
    progress: list[int] = []
    with CdnOrigin(record_body_limit=0) as cdn:
        client = make_client("http://127.0.0.1:1")
        await put_presigned(client, cdn.presigned_url("big.bin"), big, "video/mp4",
                            lambda done, total: progress.append(done))
        assert cdn.requests_to("PUT")[0].body_sha256 == _sha(big)
    assert progress == [n * MiB for n in (1, 3, 7, 15, 31, 48)]


async def test_put_part_sends_only_its_slice(client, cdn: CdnOrigin, tmp_path, sends):
    path = tmp_path / "src.bin"
    path.write_bytes(os.urandom(3 * MiB + 17))
    etag = await put_part(client, cdn.url("/blobs/p3"), path, 2 * MiB, 2 * MiB)
    up = cdn.uploads["p3"]
    assert len(sends) == 1
    assert up.length == MiB + 17 and up.sha256 == _sha(path, 2 * MiB)
    assert etag == up.etag


async def test_refusal_after_the_body_is_the_services_error(client, cdn, tmp_path, sends):
    path = tmp_path / "f.bin"
    path.write_bytes(b"x" * 5000)
    cdn.fail(403, method="PUT", times=1)
    with pytest.raises(AuthError) as caught:
        await put_presigned(client, cdn.presigned_url("f.bin"), path, "video/mp4")
    assert caught.value.status == 403 and len(sends) == 1


async def test_5xx_is_retried_with_the_whole_file_again(client, cdn, tmp_path, sends):
    path = tmp_path / "f.bin"
    path.write_bytes(os.urandom(2 * MiB + 1))
    cdn.fail(500, method="PUT", times=2)
    await put_presigned(client, cdn.presigned_url("f.bin"), path, "video/mp4")
    puts = cdn.requests_to("PUT")
    assert len(puts) == 3 and len(sends) == 3
    assert {p.body_sha256 for p in puts} == {_sha(path)}


async def test_a_redirect_is_followed_with_the_file_sent_again(make_client, tmp_path, sends):
    path = tmp_path / "f.bin"
    path.write_bytes(os.urandom(100_000))
    with CdnOrigin() as first, CdnOrigin() as second:
        first.redirect(second.url("/blobs/moved"), status=307)
        client = make_client("http://127.0.0.1:1")
        await put_presigned(client, first.url("/blobs/f"), path, "video/mp4")
        assert second.uploads["moved"].sha256 == _sha(path)
    assert len(sends) == 2


async def test_an_early_refusal_is_reported_not_the_broken_write(
    make_client, raw_servers, big, sends
):
    """A server that refuses on the headers alone and hangs up: its answer is what the user
    sees, as with httpx, not the broken pipe or reset the unsent body ran into."""

    def refuse(conn: socket.socket) -> None:
        read_head(conn)
        body = b'{"error": {"message": "file too large for this plan"}}'
        conn.sendall(
            b"HTTP/1.1 413 Payload Too Large\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body)
        )
        # and closes with the body unread: the client's send fails (the 48 MiB cannot all
        # fit in the buffers), while the answer waits in its receive queue

    server = raw_servers(refuse)
    client = make_client("http://127.0.0.1:1", retry=ONE_TRY)
    with pytest.raises(TooLargeError, match="too large for this plan"):
        await put_presigned(client, server.url, big, "video/mp4")
    assert sends == [server.url]


async def test_a_peer_that_stops_reading_times_the_write_out(make_client, raw_servers, big):
    server = stalling(raw_servers)
    client = make_client("http://127.0.0.1:1", retry=ONE_TRY, read_timeout=0.3)
    with pytest.raises(TransportError, match="WriteTimeout"):
        await put_presigned(client, server.url, big, "video/mp4")
    server.resume.set()
    assert server.closed_by_peer.wait(30)  # the connection was closed, not left behind


async def test_no_answer_after_the_body_times_the_read_out(make_client, raw_servers, tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(b"y" * 10_000)

    def swallow(conn: socket.socket) -> None:
        got = read_head(conn)
        while got.count(b"y") < 10_000:
            got += conn.recv(65536)
        conn.recv(1)  # never answers; returns when the client gives up

    server = raw_servers(swallow)
    client = make_client("http://127.0.0.1:1", retry=ONE_TRY, read_timeout=0.3)
    with pytest.raises(TransportError, match="ReadTimeout"):
        await put_presigned(client, server.url, path, "video/mp4")


async def test_closing_without_an_answer_is_a_protocol_error(make_client, raw_servers, tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(b"z" * 1000)

    def hang_up(conn: socket.socket) -> None:
        got = read_head(conn)
        while got.count(b"z") < 1000:
            got += conn.recv(65536)

    server = raw_servers(hang_up)
    client = make_client("http://127.0.0.1:1", retry=ONE_TRY)
    with pytest.raises(TransportError, match="RemoteProtocolError"):
        await put_presigned(client, server.url, path, "video/mp4")


async def test_cancelling_ends_the_send_and_its_thread(make_client, raw_servers, big):
    server = stalling(raw_servers)
    client = make_client("http://127.0.0.1:1", retry=ONE_TRY)
    started = asyncio.Event()
    task = asyncio.create_task(
        put_presigned(client, server.url, big, "video/mp4", lambda d, t: started.set())
    )
    await asyncio.wait_for(started.wait(), 30)  # bytes are flowing; the peer stops reading
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, 30)
    server.resume.set()
    assert server.closed_by_peer.wait(30)
    assert worker_threads.running("upload") == 0


async def test_a_progress_callback_that_raises_stops_the_upload(client, cdn, big):
    def boom(done: int, total: int | None) -> None:
        raise RuntimeError("stop here")

    with pytest.raises(RuntimeError, match="stop here"):
        await put_presigned(client, cdn.presigned_url("b"), big, "video/mp4", boom)
    assert "b" not in cdn.uploads  # the server never got a whole body


async def test_a_file_that_shrank_is_said_so(client, cdn, tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(b"q" * 1000)
    body = FileBody(path, 0, 5000)  # as if the file was cut after its size was taken
    with pytest.raises(TransportError, match="f.bin shrank"):
        await client.request("PUT", cdn.url("/blobs/f"), content=body, auth=False)


async def test_connection_refused_is_retried_then_reported(make_client, tmp_path, sleeps):
    path = tmp_path / "f.bin"
    path.write_bytes(b"a")
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = make_client("http://127.0.0.1:1")
    with pytest.raises(TransportError, match="could not reach"):
        await put_presigned(client, f"http://127.0.0.1:{port}/x", path, "video/mp4")
    assert len(sleeps.waits) == 3  # every attempt tried: nothing was sent


async def test_tls_keeps_the_httpx_path(make_client, raw_servers, tmp_path, sends):
    """https bodies must be encrypted in user space: the request goes through httpx, whose
    TLS handshake is what the server sees first."""
    first: list[bytes] = []
    server = raw_servers(lambda conn: first.append(conn.recv(1)))
    path = tmp_path / "f.bin"
    path.write_bytes(b"a" * 100)
    client = make_client("http://127.0.0.1:1", retry=ONE_TRY)
    with pytest.raises(TransportError):
        await put_presigned(client, f"https://127.0.0.1:{server.port}/x", path, "video/mp4")
    assert first == [b"\x16"]  # a TLS handshake record
    assert sends == []


def test_only_plain_http_without_a_proxy_is_sent_this_way(monkeypatch):
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    assert raw_connect.usable(httpx.URL("http://cdn.example/x"))
    assert not raw_connect.usable(httpx.URL("https://cdn.example/x"))
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.example:3128")
    assert not raw_connect.usable(httpx.URL("http://cdn.example/x"))
    monkeypatch.setenv("NO_PROXY", "cdn.example")
    assert raw_connect.usable(httpx.URL("http://cdn.example/x"))


async def test_a_client_with_its_own_transport_streams_through_it(tmp_path, sends):
    path = tmp_path / "f.bin"
    path.write_bytes(os.urandom(3 * MiB + 5))
    got: list[tuple[bytes, dict[str, str]]] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        got.append((await request.aread(), dict(request.headers)))
        return httpx.Response(200, headers={"ETag": '"e"'})

    async with HttpClient("t", "http://api.test", transport=httpx.MockTransport(handler)) as c:
        assert await put_part(c, "http://cdn.test/p", path, MiB, 2 * MiB) == '"e"'
    assert sends == []
    body, headers = got[0]
    assert body == path.read_bytes()[MiB : 3 * MiB]
    assert headers["content-length"] == str(2 * MiB)

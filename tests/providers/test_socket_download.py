"""Downloads whose body goes socket -> file on a worker thread (app.providers.socket_download),
against real local servers: the bytes, the framings, the faults, cancellation, and which
answers keep the httpx path."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import os
import socket
import threading

import httpx
import pytest

from app.providers import raw_connect, socket_download
from app.providers.errors import NotFoundError, TransportError
from app.providers.transfer import download, part_path
from tests.fakes.server import CdnOrigin, Reply, Request
from tests.providers.conftest import ExampleJobs

MiB = 1024 * 1024


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(scope="module")
def big() -> bytes:
    return os.urandom(9 * MiB + 321)


async def test_body_goes_to_the_file_on_a_worker_thread_with_progress(
    client, cdn: CdnOrigin, tmp_path, big
):
    url = cdn.put_blob("big.bin", big)
    seen: list[tuple[int, int | None]] = []
    on_loop: list[bool] = []
    loop_thread = threading.get_ident()

    def progress(done: int, total: int | None) -> None:
        seen.append((done, total))
        on_loop.append(threading.get_ident() == loop_thread)

    dest = await download(client, url, tmp_path / "big.bin", same_origin=False,
                          on_progress=progress)
    assert _sha(dest.read_bytes()) == _sha(big)
    assert not part_path(dest).exists()
    assert seen[-1] == (len(big), len(big))  # 100%
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert len(seen) <= 11  # at most about one report per MiB, never one per read
    assert all(on_loop)  # reported where the caller lives, not on the worker thread
    # it went the socket path: one request per connection, said so to the server
    assert cdn.requests_to("GET")[0].headers["connection"] == "close"
    assert not socket_download.receiving()


async def test_stream_to_file_is_a_socket_body_only_for_plain_http(client, cdn: CdnOrigin):
    url = cdn.put_blob("s", b"abc")
    async with client.stream("GET", url, auth=False, to_file=True) as resp:
        assert socket_download.body_of(resp) is not None
        assert await resp.aread() == b"abc"  # iterated on the loop, as any response
    async with client.stream("GET", url, auth=False) as resp:  # SSE and the like: httpx
        assert socket_download.body_of(resp) is None
        assert await resp.aread() == b"abc"


def test_usable_only_for_http_without_a_proxy(monkeypatch):
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    assert raw_connect.usable(httpx.URL("http://127.0.0.1:8/x"))
    assert not raw_connect.usable(httpx.URL("https://127.0.0.1:8/x"))
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.invalid:3128")
    assert not raw_connect.usable(httpx.URL("http://cdn.example/x"))
    monkeypatch.setenv("NO_PROXY", "cdn.example")
    assert raw_connect.usable(httpx.URL("http://cdn.example/x"))


async def test_https_download_keeps_the_httpx_path(make_client, tmp_path):
    """A listener that only records what arrives: an https download must open with a TLS
    handshake (httpx), never a plaintext GET from the socket path."""
    listener = socket.create_server(("127.0.0.1", 0))
    first: list[bytes] = []

    def accept_one() -> None:
        conn, _ = listener.accept()
        listener.close()  # retries are refused at once
        with conn:
            first.append(conn.recv(5))

    t = threading.Thread(target=accept_one, daemon=True)
    t.start()
    port = listener.getsockname()[1]
    client = make_client(f"https://127.0.0.1:{port}")
    try:
        with pytest.raises(TransportError):
            await download(client, f"https://127.0.0.1:{port}/v.mp4", tmp_path / "v.mp4",
                           same_origin=False, max_resumes=0)
    finally:
        t.join(5)
    assert first and first[0][:1] == b"\x16"  # a TLS record (handshake), not b"GET /"


async def test_gzip_answer_is_decoded_by_httpx(client, fake: ExampleJobs, tmp_path, big):
    packed = gzip.compress(big[: 2 * MiB], compresslevel=1)
    fake.route("GET", "/packed", lambda req: Reply(200, packed, {"Content-Encoding": "gzip"}))
    dest = await download(client, "/packed", tmp_path / "p.bin", same_origin=True)
    assert dest.read_bytes() == big[: 2 * MiB]
    assert fake.requests[0].headers["accept-encoding"] == "identity"


async def test_chunked_answer_is_unframed(client, fake: ExampleJobs, tmp_path, big):
    data = big[: 3 * MiB + 5]
    pieces = [data[i : i + 700_000] for i in range(0, len(data), 700_000)]
    frames = [b"%x\r\n%s\r\n" % (len(p), p) for p in pieces] + [b"0\r\n\r\n"]
    fake.route("GET", "/chunked",
               lambda req: Reply(200, iter(frames), {"Transfer-Encoding": "chunked"}))
    seen: list[int] = []
    dest = await download(client, "/chunked", tmp_path / "c.bin", same_origin=True,
                          on_progress=lambda d, t: seen.append(d))
    assert dest.read_bytes() == data
    assert seen[-1] == len(data)


async def test_chunked_answer_cut_short_is_resumed(client, fake: ExampleJobs, tmp_path, big):
    data = big[:200_000]
    calls: list[str | None] = []

    def answer(req: Request) -> Reply:
        calls.append(req.headers.get("range"))
        if len(calls) == 1:  # a chunk promised, half of it sent, then the server closes
            return Reply(200, iter([b"%x\r\n%s" % (len(data), data[:80_000])]),
                         {"Transfer-Encoding": "chunked"})
        start = int(req.headers["range"][6:-1])
        return Reply(206, data[start:], {"Content-Range": f"bytes {start}-{len(data) - 1}/"
                                                          f"{len(data)}"})

    fake.route("GET", "/cut", answer)
    dest = await download(client, "/cut", tmp_path / "cut.bin", same_origin=True)
    assert dest.read_bytes() == data
    assert calls == [None, "bytes=80000-"]


async def test_close_delimited_answer_is_taken_whole(client, fake: ExampleJobs, tmp_path, big):
    data = big[: MiB + 3]
    fake.route("GET", "/plain", lambda req: Reply(200, iter([data[:400_000], data[400_000:]])))
    dest = await download(client, "/plain", tmp_path / "plain.bin", same_origin=True)
    assert dest.read_bytes() == data


async def test_error_answers_keep_their_messages_and_retries(client, cdn: CdnOrigin, tmp_path,
                                                             big):
    with pytest.raises(NotFoundError, match="NoSuchKey"):
        await download(client, cdn.url("/blobs/missing"), tmp_path / "m.bin", same_origin=False)
    assert not (tmp_path / "m.bin").exists()
    url = cdn.put_blob("b", big[:100_000])
    cdn.fail(503, times=2)  # "not now", twice: retried by HttpClient as any request
    dest = await download(client, url, tmp_path / "b.bin", same_origin=False)
    assert dest.read_bytes() == big[:100_000]
    assert len(cdn.requests_to("GET")) == 4


async def test_reset_mid_body_resumes_from_what_is_on_disk(client, cdn: CdnOrigin, tmp_path,
                                                           big):
    url = cdn.put_blob("r", big)
    cdn.drop_body(after=4 * MiB)
    dest = await download(client, url, tmp_path / "r.bin", same_origin=False)
    assert _sha(dest.read_bytes()) == _sha(big)
    first, second = cdn.requests_to("GET")
    assert 0 < int(second.headers["range"][6:-1]) <= 4 * MiB


def _stalling(data: bytes, stall_after: int, stalls: int, calls: list[str | None]):
    """A route that answers with Content-Length, sends `stall_after` bytes and then goes quiet
    for a long while (its first `stalls` answers), and serves the rest with Range after."""

    def answer(req: Request) -> Reply:
        calls.append(req.headers.get("range"))
        start = int((req.headers.get("range") or "bytes=0-")[6:-1])
        rest = data[start:]
        headers = {"Content-Length": str(len(rest))}
        if start:
            headers["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
        if len(calls) <= stalls:
            return Reply(206 if start else 200, iter([rest[:stall_after], rest[stall_after:]]),
                         headers, frame_delay=30.0)
        return Reply(206 if start else 200, rest, headers)

    return answer


async def test_stalled_body_hits_the_read_timeout_and_resumes(make_client, fake: ExampleJobs,
                                                              tmp_path, big):
    data = big[:500_000]
    calls: list[str | None] = []
    fake.route("GET", "/stall", _stalling(data, 123_456, 1, calls))
    # well above a loaded machine's hiccups, far below the stall
    client = make_client(fake.base_url, read_timeout=1.0)
    dest = await download(client, "/stall", tmp_path / "s.bin", same_origin=True)
    assert dest.read_bytes() == data
    assert calls == [None, "bytes=123456-"]


async def test_a_server_that_keeps_stalling_leaves_the_part_and_says_so(
    make_client, fake: ExampleJobs, tmp_path, big
):
    data = big[:500_000]
    calls: list[str | None] = []
    fake.route("GET", "/stall", _stalling(data, 1000, 100, calls))
    client = make_client(fake.base_url, read_timeout=1.0)
    dest = tmp_path / "s.bin"
    with pytest.raises(TransportError, match="kept failing.*stalled.*kept to resume"):
        await download(client, "/stall", dest, same_origin=True, max_resumes=2)
    assert not dest.exists()
    assert part_path(dest).read_bytes() == data[:3000]  # 3 tries, 1000 bytes each
    assert not socket_download.receiving()


async def test_answer_head_that_never_comes_is_a_read_timeout_retried(
    make_client, fake: ExampleJobs, tmp_path
):
    fake.files["late.bin"] = b"late bytes"
    fake.delay(30.0, path="/files/late.bin")
    client = make_client(fake.base_url, read_timeout=1.0)
    dest = await download(client, "/files/late.bin", tmp_path / "late.bin", same_origin=True)
    assert dest.read_bytes() == b"late bytes"
    assert len(fake.requests_to("GET", "/files/{name}")) == 2


async def test_cancel_mid_body_stops_the_thread_and_keeps_only_a_part(
    client, fake: ExampleJobs, tmp_path, big
):
    data = big[: 4 * MiB]
    pieces = [data[i : i + 256 * 1024] for i in range(0, len(data), 256 * 1024)]
    fake.route("GET", "/trickle", lambda req: Reply(
        200, iter(pieces), {"Content-Length": str(len(data))}, frame_delay=0.2))
    got_some = asyncio.Event()
    dest = tmp_path / "trickle.bin"

    def progress(done: int, total: int | None) -> None:
        if done >= MiB:
            got_some.set()

    task = asyncio.ensure_future(
        download(client, "/trickle", dest, same_origin=True, on_progress=progress, chunk=256 * 1024)
    )
    await asyncio.wait_for(got_some.wait(), 30)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert not dest.exists()  # nothing claimed as complete
    kept = part_path(dest).read_bytes()
    assert MiB <= len(kept) < len(data) and kept == data[: len(kept)]
    assert not socket_download.receiving()  # the worker stopped with the download

    fake.files["trickle.bin"] = data  # the next attempt resumes from the part
    dest = await download(client, "/files/trickle.bin", dest, same_origin=True)
    assert dest.read_bytes() == data
    assert fake.requests_to("GET", "/files/{name}")[0].headers["range"] == f"bytes={len(kept)}-"


async def test_a_progress_callback_that_raises_stops_the_download(client, cdn, tmp_path, big):
    url = cdn.put_blob("p", big)

    def refuse(done: int, total: int | None) -> None:
        raise RuntimeError("the caller gave up")

    dest = tmp_path / "p.bin"
    with pytest.raises(RuntimeError, match="gave up"):
        await download(client, url, dest, same_origin=False, on_progress=refuse)
    assert not dest.exists()
    assert not socket_download.receiving()


# -- the httpx path writes off the loop too -------------------------------------------------


@pytest.fixture
def writes_by_thread(monkeypatch) -> list[int]:
    """Records the thread of every file write and splice a download makes."""
    seen: list[int] = []
    real_pwrite, real_splice = os.pwrite, os.splice

    def pwrite(*args, **kw):
        seen.append(threading.get_ident())
        return real_pwrite(*args, **kw)

    def splice(*args, **kw):
        seen.append(threading.get_ident())
        return real_splice(*args, **kw)

    monkeypatch.setattr(os, "pwrite", pwrite)
    monkeypatch.setattr(os, "splice", splice)
    return seen


@pytest.mark.parametrize("path", ["socket", "httpx"])
async def test_no_byte_is_written_on_the_loop_thread(
    path, make_client, cdn: CdnOrigin, tmp_path, big, writes_by_thread
):
    # a transport of the caller's choosing makes HttpClient use httpx for everything
    kw = {"transport": httpx.AsyncHTTPTransport()} if path == "httpx" else {}
    client = make_client(cdn.base_url, **kw)
    url = cdn.put_blob("w", big)
    cdn.drop_body(after=2 * MiB)  # and a resume on the way
    dest = await download(client, url, tmp_path / "w.bin", same_origin=False)
    assert _sha(dest.read_bytes()) == _sha(big)
    assert writes_by_thread and threading.get_ident() not in writes_by_thread
    connection = cdn.requests_to("GET")[0].headers.get("connection")
    assert (connection == "close") == (path == "socket")


async def test_piece_writer_keeps_order_holds_little_and_reports_failures(tmp_path):
    from app.providers.piece_writer import PieceWriter

    path = tmp_path / "f"
    pieces = [os.urandom(1000 + n) for n in range(300)]
    with path.open("wb") as fh:
        fh.write(b"head")
        fh.flush()
        writer = PieceWriter(fh.fileno(), 4, limit=10_000)
        for piece in pieces:
            await writer.write(piece)
            assert writer._held_bytes < 10_000 + 1300  # the loop waits rather than hoard
        await writer.close()
    assert path.read_bytes() == b"head" + b"".join(pieces)

    with path.open("rb") as ro:  # a file that refuses writes: the failure comes out
        writer = PieceWriter(ro.fileno(), 0)
        await writer.write(b"x")
        with pytest.raises(OSError):
            await writer.close()

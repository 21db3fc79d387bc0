"""Downloads that resume and verify, uploads that stream — against real local servers."""

from __future__ import annotations

import asyncio
import hashlib
import os
import threading
import tracemalloc

import pytest

from app.providers.errors import AuthError, TransportError
from app.providers.file_body import file_stream
from app.providers.transfer import (
    download,
    download_into,
    part_path,
    put_part,
    put_parts,
    put_presigned,
)
from tests.fakes.server import CdnOrigin, Reply, Request
from tests.providers.conftest import ExampleJobs


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture(scope="module")
def blob() -> bytes:
    return os.urandom(3 * 1024 * 1024 + 123)


async def test_download_same_origin_with_progress(client, fake: ExampleJobs, tmp_path, blob):
    fake.files["clip.mp4"] = blob
    seen: list[tuple[int, int | None]] = []
    dest = await download(
        client,
        "/files/clip.mp4",
        tmp_path / "clip.mp4",
        same_origin=True,
        on_progress=lambda done, total: seen.append((done, total)),
    )
    assert _sha(dest.read_bytes()) == _sha(blob)
    assert not part_path(dest).exists()
    assert seen[-1] == (len(blob), len(blob))
    assert 2 <= len(seen) <= 10  # throttled to about one call per MiB
    assert fake.requests[0].has_auth


async def test_dropped_download_resumes_with_range(client, cdn: CdnOrigin, tmp_path, blob):
    url = cdn.put_blob("v.mp4", blob)
    cdn.drop_body(after=1_000_000, times=2)
    dest = await download(client, url, tmp_path / "v.mp4", same_origin=False)
    assert _sha(dest.read_bytes()) == _sha(blob)
    gets = cdn.requests_to("GET")
    assert len(gets) == 3
    assert "range" not in gets[0].headers
    # a reset may discard bytes still in flight, so resumes start at or before the cut
    starts = [int(g.headers["range"][6:-1]) for g in gets[1:]]
    assert 0 < starts[0] <= 1_000_000
    assert starts[0] < starts[1] <= starts[0] + 1_000_000
    assert not cdn.saw_auth()  # the client holds a key; the CDN never saw it


async def test_existing_part_is_resumed(client, cdn: CdnOrigin, tmp_path, blob):
    url = cdn.put_blob("v.mp4", blob)
    dest = tmp_path / "v.mp4"
    part_path(dest).write_bytes(blob[:5000])
    await download(client, url, dest, same_origin=False)
    assert dest.read_bytes() == blob
    assert [r.headers.get("range") for r in cdn.requests] == ["bytes=5000-"]


async def test_complete_part_is_finished_on_416(client, cdn: CdnOrigin, tmp_path, blob):
    url = cdn.put_blob("v.mp4", blob)
    dest = tmp_path / "v.mp4"
    part_path(dest).write_bytes(blob)  # crashed after the last byte, before the rename
    await download(client, url, dest, same_origin=False)
    assert dest.read_bytes() == blob and cdn.requests[0].body_length == 0


async def test_server_ignoring_range_starts_over(client, fake: ExampleJobs, tmp_path, blob):
    fake.route("GET", "/norange", lambda req: Reply(200, blob))
    dest = tmp_path / "x.bin"
    part_path(dest).write_bytes(b"stale bytes from another file")
    await download(client, "/norange", dest, same_origin=True)
    assert dest.read_bytes() == blob
    assert fake.requests[0].headers["range"] == "bytes=29-"


async def test_truncated_download_is_resumed(client, cdn: CdnOrigin, tmp_path, blob):
    url = cdn.put_blob("t.mp4", blob)
    cdn.truncate_body(after=700_000)
    dest = await download(client, url, tmp_path / "t.mp4", same_origin=False)
    assert _sha(dest.read_bytes()) == _sha(blob)
    assert cdn.requests[1].headers["range"] == "bytes=700000-"


async def test_truncation_that_never_heals_keeps_part_and_no_file(
    client, cdn: CdnOrigin, tmp_path, blob
):
    url = cdn.put_blob("t.mp4", blob)
    cdn.truncate_body(after=500, times=100)
    dest = tmp_path / "t.mp4"
    with pytest.raises(TransportError, match="kept to resume"):
        await download(client, url, dest, same_origin=False)
    assert not dest.exists()
    # every attempt kept what it got: 1 try + 5 resumes
    assert part_path(dest).read_bytes() == blob[: 500 * 6]


async def test_short_close_delimited_body_with_known_total_is_not_accepted(
    client, fake: ExampleJobs, tmp_path
):
    # every answer is a close-delimited 206 promising up to byte 999 but sending 10 bytes
    def short(req):
        start = int((req.headers.get("range") or "bytes=0-")[6:-1])
        return Reply(206, iter([b"x" * 10]), {"Content-Range": f"bytes {start}-999/1000"})

    fake.route("GET", "/short", short)
    dest = tmp_path / "s.mp4"
    with pytest.raises(TransportError, match="60 of 1000"):
        await download(client, "/short", dest, same_origin=True)
    assert not dest.exists()


async def test_server_name_cannot_escape_folder(client, cdn: CdnOrigin, tmp_path):
    url = cdn.put_blob("e", b"payload")
    folder = tmp_path / "media"
    dest = await download_into(client, url, folder, "../../evil", same_origin=False)
    assert dest == (folder / "evil").resolve()
    assert dest.read_bytes() == b"payload"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["evil", "media"]
    with pytest.raises(ValueError):
        await download_into(client, url, folder, "..", same_origin=False)


# -- uploads ------------------------------------------------------------------------------


async def test_file_stream_reads_a_slice_in_chunks(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(bytes(range(256)) * 40)
    pieces = [p async for p in file_stream(path, 1000, offset=100, length=2500)]
    assert [len(p) for p in pieces] == [1000, 1000, 500]
    assert b"".join(pieces) == path.read_bytes()[100:2600]


async def test_file_stream_reading_ahead_gives_the_same_bytes_and_stops_cleanly(tmp_path):
    """The next chunk is read while one is sent: the bytes are the same for any chunk size,
    a consumer that stops early leaves no read running, and a file that shrinks mid-read
    still says so."""
    path = tmp_path / "f"
    data = bytes(range(251)) * 97
    path.write_bytes(data)
    for chunk in (1, 7, 1000, len(data), len(data) + 5):
        assert b"".join([p async for p in file_stream(path, chunk)]) == data
    stream = file_stream(path, 100)
    assert await anext(stream) == data[:100]
    await stream.aclose()  # the piece read ahead is awaited, then the file closed
    shrinking = file_stream(path, 100)
    assert await anext(shrinking) == data[:100]
    with path.open("r+b") as fh:
        fh.truncate(250)  # after the upload began: at most the piece read ahead is left
    with pytest.raises(TransportError, match="shrank"):
        [p async for p in shrinking]


async def test_presigned_put_streams_without_key_and_flat_memory(make_client, tmp_path):
    big = tmp_path / "big.mp4"
    block = os.urandom(1024 * 1024)
    with big.open("wb") as fh:
        for _ in range(64):
            fh.write(block)
    expected = hashlib.sha256(block * 64).hexdigest()
    with CdnOrigin(record_body_limit=0) as cdn:  # the server keeps only length and hash
        client = make_client("http://127.0.0.1:1")  # its key must not reach the storage
        progress: list[int] = []
        tracemalloc.start()
        try:
            resp = await put_presigned(
                client,
                cdn.presigned_url("big.mp4"),
                big,
                "video/mp4",
                lambda done, total: progress.append(done),
            )
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert resp.status_code == 200
        put = cdn.requests_to("PUT")[0]
        assert put.headers["content-length"] == str(64 * 1024 * 1024)
        assert put.headers["content-type"] == "video/mp4"
        assert "transfer-encoding" not in put.headers
        assert put.body_sha256 == expected and not cdn.saw_auth()
        assert progress[-1] == 64 * 1024 * 1024
        assert peak < 12 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB for a 64 MiB upload"


async def test_presigned_put_retried_after_5xx_resends_whole_file(client, cdn, tmp_path):
    path = tmp_path / "small.bin"
    path.write_bytes(b"abc" * 1000)
    cdn.fail(503, method="PUT")
    await put_presigned(client, cdn.presigned_url("small.bin"), path, "application/octet-stream")
    puts = cdn.requests_to("PUT")
    assert len(puts) == 2 and puts[1].body == path.read_bytes()


async def test_put_part_returns_etag_of_the_slice(client, cdn: CdnOrigin, tmp_path, blob):
    path = tmp_path / "src.bin"
    path.write_bytes(blob)
    etag = await put_part(client, cdn.url("/blobs/part2"), path, 1_000_000, 1_000_000)
    up = cdn.uploads["part2"]
    assert up.length == 1_000_000 and up.sha256 == _sha(blob[1_000_000:2_000_000])
    assert etag == up.etag and etag.startswith('"')
    assert not cdn.saw_auth()


class MeetingCdn(CdnOrigin):
    """Answers no PUT until `together` of them have their bodies in: only parts sent at the
    same time can all succeed (parts sent one after another would wait forever, here 20 s)."""

    together = 3

    def setup(self) -> None:
        super().setup()
        self.barrier = threading.Barrier(self.together, timeout=20)

    def _put(self, req: Request) -> Reply:
        self.barrier.wait()
        return super()._put(req)


async def test_put_parts_sends_the_parts_together_and_returns_etags_in_order(
    client, tmp_path
):
    path = tmp_path / "src.bin"
    path.write_bytes(os.urandom(5 * 1024 * 1024 + 77))
    part = 2 * 1024 * 1024
    progress: list[tuple[int, int | None]] = []
    with MeetingCdn() as cdn:
        urls = [cdn.url(f"/blobs/p{n}") for n in range(1, 6)]  # 2 more than the file needs
        done = await put_parts(client, urls, path, part,
                               on_progress=lambda d, t: progress.append((d, t)))
        data = path.read_bytes()
        assert [n for n, _ in done] == [1, 2, 3]
        for n, etag in done:
            up = cdn.uploads[f"p{n}"]
            assert etag == up.etag and up.sha256 == _sha(data[(n - 1) * part : n * part])
        assert len(cdn.requests_to("PUT")) == 3 and not cdn.saw_auth()
    size = len(data)
    assert progress[-1] == (size, size) and len(progress) > 3
    assert [d for d, _ in progress] == sorted(d for d, _ in progress)


async def test_put_parts_stops_the_others_at_the_first_failure(client, cdn, tmp_path):
    path = tmp_path / "src.bin"
    path.write_bytes(os.urandom(6 * 1024 * 1024))
    cdn.fail(403, message="SignatureDoesNotMatch", path="/blobs/p2")
    before = asyncio.all_tasks()
    with pytest.raises(AuthError, match="SignatureDoesNotMatch"):
        await put_parts(client, [cdn.url(f"/blobs/p{n}") for n in range(1, 7)], path,
                        1024 * 1024, concurrency=2)
    assert asyncio.all_tasks() == before  # no part left running behind the error
    assert "p6" not in cdn.uploads  # what was not started yet was not sent


# the file-system calls Python reports (sys.audit): a download's open, mkdir and rename, each
# noted with the thread it ran on while `_FS_WATCH` is armed
_FS_EVENTS = ("open", "os.mkdir", "os.rename", "os.replace", "os.truncate")
_FS_WATCH: dict[str, list] = {"seen": [], "armed": []}


def _fs_audit(event: str, args) -> None:
    if _FS_WATCH["armed"] and event in _FS_EVENTS:
        _FS_WATCH["seen"].append((event, threading.get_ident(), args))


async def test_a_download_makes_no_file_system_call_on_the_loop_thread(client, cdn: CdnOrigin,
                                                                      tmp_path, blob):
    """A stat, mkdir or rename in a folder where another download's fsync is committing a
    gigabyte waits behind it, on whatever thread made it: the GUI thread was held 30 ms by
    them (benchmarks/queue.py). The .part's folder, its length, its opening, fsync and the
    rename into place all run on worker threads."""
    if not _FS_WATCH.get("hooked"):
        import sys

        sys.addaudithook(_fs_audit)
        _FS_WATCH["hooked"] = True  # type: ignore[assignment]
    url = cdn.put_blob("v.mp4", blob)
    dest = tmp_path / "new" / "folder" / "v.mp4"
    part_path(dest).parent.mkdir(parents=True)
    part_path(dest).write_bytes(blob[:4096])  # an earlier try's: resumed, so its length read
    loop_thread = threading.get_ident()
    _FS_WATCH["seen"].clear()
    _FS_WATCH["armed"].append(1)
    try:
        await download(client, url, dest, same_origin=False)
        named = await download_into(client, url, tmp_path / "named", "server-name.mp4",
                                    same_origin=False)
    finally:
        _FS_WATCH["armed"].clear()
    assert dest.read_bytes() == blob == named.read_bytes()
    assert named == (tmp_path / "named" / "server-name.mp4").resolve()
    seen = _FS_WATCH["seen"]
    ours = [(event, thread) for event, thread, args in seen
            if args and str(args[0]).startswith(str(tmp_path))]  # not a module's import
    assert {"open", "os.rename"} <= {event for event, _ in ours} or \
        {"open", "os.replace"} <= {event for event, _ in ours}
    assert [event for event, thread in ours if thread == loop_thread] == []

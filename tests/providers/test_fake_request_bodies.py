"""The fake services' harness receives request bodies exactly, whether sent with a length or
chunked and whatever their size against its receive buffer; it hashes them, or only counts
them where a service is told not to digest (the transfer benchmark's sink)."""

from __future__ import annotations

import hashlib
import os

import httpx

from tests.fakes.server import RECV_BUFFER, CdnOrigin


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_a_body_larger_than_the_receive_buffer_arrives_whole():
    data = os.urandom(2 * RECV_BUFFER + 123)
    with CdnOrigin(record_body_limit=len(data)) as cdn:
        resp = httpx.put(cdn.url("/blobs/a"), content=data)
        up = cdn.uploads["a"]
    assert up.body == data and up.length == len(data) and up.sha256 == _sha(data)
    assert resp.headers["etag"] == f'"{_sha(data)[:32]}"'


def test_a_chunked_body_arrives_whole_and_is_kept_only_under_the_limit():
    pieces = [os.urandom(n) for n in (1, RECV_BUFFER + 5, 7000)]
    data = b"".join(pieces)
    with CdnOrigin(record_body_limit=len(data) - 1) as cdn:
        httpx.put(cdn.url("/blobs/c"), content=iter(pieces))
        put = cdn.requests_to("PUT")[0]
        up = cdn.uploads["c"]
    assert put.headers["transfer-encoding"] == "chunked"
    assert up.length == len(data) and up.sha256 == _sha(data)
    assert up.body is None  # one byte over the limit: only its length and hash are kept


def test_a_service_that_does_not_digest_counts_every_byte_and_still_names_each_upload():
    data = os.urandom(RECV_BUFFER + 1)
    with CdnOrigin(record_body_limit=0, digest_bodies=False) as cdn:
        first = httpx.put(cdn.url("/blobs/a"), content=data)
        second = httpx.put(cdn.url("/blobs/b"), content=data[:10])
        a, b = cdn.uploads["a"], cdn.uploads["b"]
    assert (a.length, b.length) == (len(data), 10)
    assert a.sha256 == b.sha256 == ""
    assert first.headers["etag"] != second.headers["etag"]
    assert first.headers["etag"] not in ("", '""')

"""The app's httpx clients run on app.providers.http_backend: each connection's socket is kept,
and what the stream says of itself equals what httpcore's own stream says, in every state a
pooled connection goes through (idle, an answer waiting, the server gone, closed)."""

from __future__ import annotations

import asyncio
import socket
import threading

import httpcore

from app.providers.http import HttpClient
from app.providers.http_backend import KeptSocketBackend, KeptSocketStream
from tests.providers.conftest import ExampleJobs

INFOS = ("socket", "is_readable", "server_addr", "client_addr", "ssl_object")


class _Peer:
    """A TCP server on 127.0.0.1 that accepts one connection and does what it is told."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.conn: socket.socket | None = None
        self._accepted = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        self.conn, _ = self.listener.accept()
        self._accepted.set()

    def accepted(self) -> socket.socket:
        assert self._accepted.wait(5)
        assert self.conn is not None
        return self.conn

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
        self.listener.close()


def _said(stream) -> dict:
    """Each answer, or the error asking raised (a closed socket has no addresses)."""
    said = {}
    for info in INFOS:
        try:
            said[info] = stream.get_extra_info(info)
        except OSError as exc:
            said[info] = type(exc)
    return said


async def test_a_kept_socket_stream_says_what_httpcores_stream_says_in_every_state():
    peer = _Peer()
    try:
        inner = await httpcore.AnyIOBackend().connect_tcp("127.0.0.1", peer.port)
        kept = KeptSocketStream(inner)
        server = peer.accepted()
        states = []
        states.append(("idle", _said(kept), _said(inner)))
        server.sendall(b"HTTP/1.1 200 OK\r\n")  # an answer waiting to be read
        await asyncio.sleep(0.05)
        states.append(("answer waiting", _said(kept), _said(inner)))
        assert await kept.read(100) == b"HTTP/1.1 200 OK\r\n"
        states.append(("read", _said(kept), _said(inner)))
        server.close()  # the server hung up on a kept-alive connection
        await asyncio.sleep(0.05)
        states.append(("server gone", _said(kept), _said(inner)))
        await kept.aclose()
        states.append(("closed", _said(kept), _said(inner)))
        for name, ours, theirs in states:
            assert ours == theirs, name
        readable = [ours["is_readable"] for _, ours, _ in states]
        assert readable == [False, True, False, True, True]  # the check can tell them apart
    finally:
        peer.close()


async def test_the_apps_clients_use_the_kept_socket_backend_and_a_server_hang_up_is_survived(
        client: HttpClient, fake: ExampleJobs):
    """If an httpx or httpcore upgrade moved what http_backend hooks into, this says so
    (the clients would still work, on httpcore's own backend)."""
    pool = client._client._transport._pool  # noqa: SLF001 - what http_backend.transport set
    assert isinstance(pool._network_backend, KeptSocketBackend)  # noqa: SLF001
    created = (await client.request("POST", "/jobs", json={"p": 1}, idempotent=False)).json()
    for _ in range(3):
        await client.request("GET", f"/jobs/{created['id']}")
    # every pooled connection closed under the pool (as a server hanging up shows): the next
    # request sees it readable, drops it and is answered on a new one
    for conn in pool.connections:
        stream = conn._connection._network_stream  # noqa: SLF001
        assert isinstance(stream, KeptSocketStream)
        stream.get_extra_info("socket").shutdown(socket.SHUT_RDWR)
    assert (await client.request("GET", f"/jobs/{created['id']}")).json()["id"] == created["id"]

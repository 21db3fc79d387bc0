"""The network under the app's httpx clients: httpcore's own backend, with each connection's
socket kept instead of asked for.

Before each request httpcore checks every pooled connection for a server that hung up
(`has_expired` → `get_extra_info("is_readable")`), and on asyncio each ask went through anyio's
typed attributes, which build a dict of every attribute of the stream to answer one: with
eight connections in the pool, a third of what the connection pool cost a request (a tenth of
all of it) on the GUI thread, where the queue's HTTP runs. A stream's socket never changes, so
it is read once, when the connection is made; every other question goes to httpcore's stream
as before (tests/providers/test_http_backend.py).
"""

from __future__ import annotations

import select
import socket
import sys
import typing

import httpcore
import httpx


def _readable(sock: socket.socket | None) -> bool:
    """Whether a read would not block: data, or the server closed the connection. A socket
    already closed reads as readable, so the pool drops it (as httpcore's own check does)."""
    if sock is None:
        return False
    fd = sock.fileno()
    if fd == -1:
        return True
    if sys.platform == "win32" or getattr(select, "poll", None) is None:
        ready, _, _ = select.select([fd], [], [], 0)
        return bool(ready)
    poll = select.poll()
    poll.register(fd, select.POLLIN)
    return bool(poll.poll(0))


class KeptSocketStream(httpcore.AsyncNetworkStream):
    """httpcore's stream, answering "socket" and "is_readable" from the socket it was made on."""

    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner
        self._socket = inner.get_extra_info("socket")

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(self, ssl_context, server_hostname: str | None = None,
                        timeout: float | None = None) -> httpcore.AsyncNetworkStream:
        return KeptSocketStream(await self._inner.start_tls(ssl_context, server_hostname,
                                                            timeout))

    def get_extra_info(self, info: str) -> typing.Any:
        if info == "socket":
            return self._socket
        if info == "is_readable":
            return _readable(self._socket)
        return self._inner.get_extra_info(info)


class KeptSocketBackend(httpcore.AsyncNetworkBackend):
    """httpcore's default backend, its streams wrapped in KeptSocketStream."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend) -> None:
        self._inner = inner

    async def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                          local_address: str | None = None,
                          socket_options: typing.Iterable | None = None
                          ) -> httpcore.AsyncNetworkStream:
        return KeptSocketStream(await self._inner.connect_tcp(
            host, port, timeout=timeout, local_address=local_address,
            socket_options=socket_options))

    async def connect_unix_socket(self, path: str, timeout: float | None = None,
                                  socket_options: typing.Iterable | None = None
                                  ) -> httpcore.AsyncNetworkStream:
        return KeptSocketStream(await self._inner.connect_unix_socket(
            path, timeout=timeout, socket_options=socket_options))

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def transport() -> httpx.AsyncHTTPTransport:
    """httpx's default transport (the settings AsyncClient gives its own) on KeptSocketBackend.
    An httpx whose transport no longer has an httpcore pool keeps its own backend."""
    made = httpx.AsyncHTTPTransport()
    pool = getattr(made, "_pool", None)
    inner = getattr(pool, "_network_backend", None)
    if isinstance(inner, httpcore.AsyncNetworkBackend):
        pool._network_backend = KeptSocketBackend(inner)  # type: ignore[union-attr]
    return made

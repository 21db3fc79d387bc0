"""app.providers.raw_connect.connect: a host written as an IP address is connected to without
the resolver's worker-thread round trip; a name still goes to the loop's resolver; both end
on the same kind of socket."""

from __future__ import annotations

import asyncio
import socket

import httpx
import pytest

from app.providers import raw_connect


@pytest.fixture
def listener():
    server = socket.create_server(("127.0.0.1", 0))
    yield server
    server.close()


async def test_an_ip_address_is_not_looked_up_and_a_name_is(listener, monkeypatch):
    loop = asyncio.get_running_loop()
    asked: list[str] = []
    resolve = loop.getaddrinfo

    async def counting(host, *args, **kwargs):
        asked.append(host)
        return await resolve(host, *args, **kwargs)

    monkeypatch.setattr(loop, "getaddrinfo", counting)
    port = listener.getsockname()[1]
    socks = []
    try:
        for host in ("127.0.0.1", "localhost"):
            request = httpx.Request("GET", f"http://{host}:{port}/x")
            sock = await raw_connect.connect(request, 5.0)
            socks.append(sock)
            assert sock.getpeername()[1] == port
            assert not sock.getblocking()
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        assert asked == ["localhost"]
    finally:
        for sock in socks:
            sock.close()


async def test_a_refused_ip_address_is_a_connect_error():
    free = socket.socket()
    free.bind(("127.0.0.1", 0))
    port = free.getsockname()[1]
    free.close()  # nothing listens there now
    with pytest.raises(httpx.ConnectError):
        await raw_connect.connect(httpx.Request("GET", f"http://127.0.0.1:{port}/"), 5.0)

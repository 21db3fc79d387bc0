"""Opening a plain HTTP/1.1 connection for the paths that move a body with the kernel
(app.providers.sendfile_put, app.providers.socket_download), and whether a URL can take them.

Failures are the httpx exceptions the same failures raise there (ConnectError,
ConnectTimeout), so HttpClient retries and maps them as for any request.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import struct
import sys
import urllib.request

import httpx


def usable(url: httpx.URL) -> bool:
    """Whether `url` can take the raw paths: plain HTTP, a platform with sendfile, and no
    proxy from the environment (httpx would honour one; these paths cannot)."""
    if url.scheme != "http" or not hasattr(os, "sendfile") or sys.platform == "win32":
        return False
    proxies = urllib.request.getproxies_environment()
    if "http" in proxies or "all" in proxies:
        return bool(urllib.request.proxy_bypass_environment(url.host, proxies))
    return True


async def connect(request: httpx.Request, connect_timeout: float | None) -> socket.socket:
    """A non-blocking TCP socket connected to `request`'s host, each address tried in turn,
    with Nagle off (a request's head goes out at once)."""
    loop = asyncio.get_running_loop()
    url = request.url
    try:
        async with asyncio.timeout(connect_timeout):
            port = url.port or 80
            infos = _written_out(url.host, port) or await loop.getaddrinfo(
                url.host, port, type=socket.SOCK_STREAM)
            last: OSError = OSError(f"no address for {url.host}")
            for family, kind, proto, _name, addr in infos:
                sock = socket.socket(family, kind, proto)
                try:
                    sock.setblocking(False)
                    await loop.sock_connect(sock, addr)
                except OSError as exc:
                    sock.close()
                    last = exc
                    continue
                except BaseException:
                    sock.close()
                    raise
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                return sock
            raise last
    except TimeoutError as exc:  # before OSError: a TimeoutError is one
        raise httpx.ConnectTimeout(f"connect timed out: {exc}", request=request) from exc
    except OSError as exc:
        raise httpx.ConnectError(str(exc), request=request) from exc


def _written_out(host: str, port: int) -> list | None:
    """The address of a host given as an IP address (a local ComfyUI at 127.0.0.1, a LAN
    host), read without a lookup and so without the worker-thread round trip the loop's
    resolver makes for a name (three for each generation's downloads); None for a name."""
    try:
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                  flags=socket.AI_NUMERICHOST)
    except (socket.gaierror, UnicodeError):
        return None


def shut(sock: socket.socket) -> None:
    """Shut both directions: a worker thread blocked on the socket returns at once."""
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def timeval(seconds: float) -> bytes:
    """`seconds` as the struct timeval SO_SNDTIMEO/SO_RCVTIMEO take: the kernel's own bound
    on a blocking send or receive."""
    whole = int(seconds)
    return struct.pack("ll", whole, int((seconds - whole) * 1_000_000))

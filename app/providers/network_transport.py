"""The httpx transport HttpClient sends through: the connection work on the network thread.

httpx's own transport (httpcore's connection pool over anyio) runs on the network loop
(app.providers.network_loop); what the caller's loop keeps is httpx's client (building the
request, redirects by hand, reading the answer's bytes). A small answer with a length (every
poll, status and create answer) is read whole there and arrives as bytes: one hand-over a
request. A longer or open-ended one (a download through httpx, an event stream) arrives as a
stream whose every chunk is read there, in order, and closing it closes it there.

Only a body whose bytes are all in hand (JSON, a form, a multipart of small files) goes over:
a streamed upload's chunks come with progress callbacks that must run on the caller's loop,
so such a request is sent by a second transport on the caller's own loop, as before.
The connections of each transport belong to the loop they were made on; the network one is
made there, at its first request.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import httpx
from httpx._multipart import MultipartStream  # no public name; a form's body as httpx builds it

from app.providers.network_loop import NETWORK, NetworkLoop

# an answer up to this size, its length given, comes over read (poll and create answers are
# a few hundred bytes; a download's length is far past it)
READ_WHOLE_MAX = 256 * 1024
# a multipart body reads its parts' files as it is sent: plain reads, no callbacks
_IN_HAND = (httpx.ByteStream, MultipartStream)


def _in_hand(request: httpx.Request) -> bool:
    return isinstance(request.stream, _IN_HAND)


class NetworkTransport(httpx.AsyncBaseTransport):
    def __init__(self, make: Callable[[], httpx.AsyncBaseTransport] = httpx.AsyncHTTPTransport,
                 network: NetworkLoop = NETWORK) -> None:
        self._make = make
        self._network = network
        self._remote: httpx.AsyncBaseTransport | None = None  # used on the network loop only
        self._local: httpx.AsyncBaseTransport | None = None  # used on the caller's loop

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if not _in_hand(request):
            if self._local is None:
                self._local = self._make()
            return await self._local.handle_async_request(request)
        return await self._network.call(lambda: self._send_there(request), orphan=self._drop)

    async def _send_there(self, request: httpx.Request) -> httpx.Response:
        """On the network loop: send, and read a short answer whole."""
        if self._remote is None:
            self._remote = self._make()
        answer = await self._remote.handle_async_request(request)
        stream = answer.stream
        assert isinstance(stream, httpx.AsyncByteStream)
        length = answer.headers.get("content-length", "")
        if length.isdigit() and int(length) <= READ_WHOLE_MAX:
            try:
                body = b"".join([part async for part in stream])
            finally:
                await stream.aclose()
            carried: httpx.AsyncByteStream = httpx.ByteStream(body)
        else:
            carried = _CarriedStream(stream, self._network)
        return httpx.Response(answer.status_code, headers=answer.headers, stream=carried,
                              extensions=_extensions(answer), request=request)

    def _drop(self, response: httpx.Response) -> None:
        """An answer that came for a caller cancelled meanwhile: closed where it was opened."""
        stream = response.stream
        if isinstance(stream, _CarriedStream):
            loop = self._network.loop()
            loop.call_soon_threadsafe(lambda: loop.create_task(stream.inner.aclose()))

    async def aclose(self) -> None:
        local, self._local = self._local, None
        if local is not None:
            await local.aclose()
        if self._remote is not None:
            remote = self._remote
            await self._network.call(remote.aclose)
            self._remote = None


def _extensions(answer: httpx.Response) -> dict:
    # the network stream is the network loop's: nothing on the caller's side may touch it
    return {k: v for k, v in answer.extensions.items() if k != "network_stream"}


class _CarriedStream(httpx.AsyncByteStream):
    """A response body read on the network loop, a chunk at each hand-over."""

    def __init__(self, inner: httpx.AsyncByteStream, network: NetworkLoop) -> None:
        self.inner = inner
        self._network = network

    async def __aiter__(self) -> AsyncIterator[bytes]:
        parts = self.inner.__aiter__()

        async def next_part() -> bytes | None:
            try:
                return await parts.__anext__()
            except StopAsyncIteration:
                return None

        while (part := await self._network.call(next_part)) is not None:
            yield part

    async def aclose(self) -> None:
        await self._network.call(self.inner.aclose)

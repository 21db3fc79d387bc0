"""A tolerant Server-Sent Events parser for the Tellers agent stream.

Written by hand rather than taken from a library because the stream has to survive what real
servers send: CRLF (or lone CR) line ends, a `data:` field split over several lines (joined
with "\\n" per the SSE spec), comment lines (keep-alives), fields we do not know, and chunks
that split a line — or even a CRLF pair — in two.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass


@dataclass(frozen=True)
class SseEvent:
    event: str  # "message" when the frame names none, as the spec says
    data: str
    id: str | None = None


class SseParser:
    """Feed text as it arrives; get back the events it completes."""

    def __init__(self) -> None:
        self._buf = ""
        self._event: str | None = None
        self._data: list[str] = []
        self._id: str | None = None
        self._last_cr = False  # the previous chunk ended in "\r": a "\n" next is the same end

    def feed(self, text: str) -> list[SseEvent]:
        if self._last_cr and text.startswith("\n"):
            text = text[1:]
        self._last_cr = text.endswith("\r")
        self._buf += text.replace("\r\n", "\n").replace("\r", "\n")
        out: list[SseEvent] = []
        while "\n" in self._buf:
            line, self._buf = self._buf.split("\n", 1)
            event = self._line(line)
            if event is not None:
                out.append(event)
        return out

    def finish(self) -> list[SseEvent]:
        """End of stream: a last frame without its blank line still counts (servers that
        close right after the final event)."""
        out = []
        if self._buf:
            event = self._line(self._buf)
            self._buf = ""
            if event is not None:
                out.append(event)
        event = self._dispatch()
        if event is not None:
            out.append(event)
        return out

    def _line(self, line: str) -> SseEvent | None:
        if line == "":
            return self._dispatch()
        if line.startswith(":"):
            return None  # a comment / keep-alive
        name, sep, value = line.partition(":")
        if sep and value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id":
            self._id = value
        # "retry" and unknown fields: nothing we act on
        return None

    def _dispatch(self) -> SseEvent | None:
        if not self._data and self._event is None:
            return None
        event = SseEvent(self._event or "message", "\n".join(self._data), self._id)
        self._event, self._data = None, []
        return event


async def iter_events(chunks: AsyncIterator[str]) -> AsyncIterator[SseEvent]:
    """Events from an async iterator of decoded text chunks (e.g. `response.aiter_text()`)."""
    parser = SseParser()
    async for chunk in chunks:
        for event in parser.feed(chunk):
            yield event
    for event in parser.finish():
        yield event

"""Errors the media engine raises. Each message names the file it is about, because the user
sees it as-is in the queue and the CLI."""

from __future__ import annotations


class MediaError(Exception):
    """An ffmpeg run or a probe failed; the message says which file and what ffmpeg said."""

    def __init__(self, message: str, *, path: str | None = None, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.detail = detail


class MediaCancelled(MediaError):
    """The operation was cancelled through its cancel event; no output was left behind."""

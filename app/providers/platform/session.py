"""The part of the Platform adapter that its edit and project calls run on: its HTTP client,
job polling and downloads. Typed as a protocol so those modules never import the adapter
(which creates them), keeping the package free of import cycles."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Protocol

from app.providers.base import Output, ProgressCallback, ProgressEvent, RemoteHandle
from app.providers.http import HttpClient


class PlatformSession(Protocol):
    http: HttpClient

    async def status(self, job_id: str) -> ProgressEvent: ...

    def progress(self, handle: RemoteHandle) -> AsyncIterator[ProgressEvent]: ...

    def output(self, filename: str, kind: str = "video") -> Output: ...

    async def download(
        self, output: Output, dest: Path, on_progress: ProgressCallback | None = None
    ) -> Path: ...

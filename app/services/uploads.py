"""Uploads that happen once per content: `ensure_uploaded(provider, path)` answers from the
uploads table when that service already holds those bytes (same sha256, whatever the file is
called), and otherwise checks the service's limits before sending anything, uploads with
streaming progress, and records the remote id for next time."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.providers.base import (
    Capability,
    GenerationRequest,
    ProgressCallback,
    Uploader,
    UploadResult,
)
from app.services.media_files import sha256_file
from app.services.upload_limits import UploadPlan, UploadRefused, accepts, plan_upload
from app.storage.database import Database
from app.storage.media_items import MediaItemRepository
from app.storage.uploads import UploadRepository


@dataclass(frozen=True)
class UploadOutcome:
    result: UploadResult
    sha256: str
    cached: bool  # True: the service already had it; nothing was sent
    plan: UploadPlan | None = None  # how it travelled (None when cached)

    @property
    def remote_id(self) -> str:
        return self.result.remote_id


class Uploads:
    def __init__(self, db: Database, providers: Callable[[str], object]) -> None:
        self.db = db
        self.providers = providers
        self.repo = UploadRepository(db)
        self._media = MediaItemRepository(db)
        self._locks: dict[tuple[str, str], asyncio.Lock] = {}

    async def content_hash(self, path: Path, size: int) -> str:
        """Library files know their hash already; anything else is hashed off the loop."""
        item = self._media.by_path(str(path))
        if item is not None and item.size == size:
            return item.sha256
        return await asyncio.to_thread(sha256_file, path)

    def cached(self, provider: str, sha256: str) -> UploadResult | None:
        return self.repo.get(provider, sha256)

    async def ensure_uploaded(self, provider_name: str, path: str | Path,
                              on_progress: ProgressCallback | None = None) -> UploadOutcome:
        path = Path(path).expanduser()
        try:
            size = (await asyncio.to_thread(path.stat)).st_size
        except FileNotFoundError:
            raise UploadRefused(f"{path.name} does not exist ({path})") from None
        if not path.is_file():
            raise UploadRefused(f"{path.name} is not a file")
        sha = await self.content_hash(path.resolve(), size)
        # two jobs sharing one reference image must not both upload it
        lock = self._locks.setdefault((provider_name, sha), asyncio.Lock())
        async with lock:
            known = self.repo.get(provider_name, sha)
            if known is not None:
                if on_progress is not None:
                    on_progress(size, size)
                return UploadOutcome(known, sha, cached=True)
            adapter = self.providers(provider_name)
            caps = getattr(adapter, "capabilities", frozenset())
            if Capability.UPLOAD not in caps or not isinstance(adapter, Uploader):
                raise UploadRefused(f"{provider_name} does not take uploads")
            plan = plan_upload(provider_name, path, size, adapter)  # before any request
            result = await adapter.upload(path, on_progress)
            self.repo.put(sha, path.name, result)
            return UploadOutcome(result, sha, cached=False, plan=plan)

    async def with_held_inputs(self, provider_name: str,
                               request: GenerationRequest) -> GenerationRequest:
        """`request` with each input the service cannot take as an upload but already holds
        (the platform's own video or audio results, recorded when they landed) named by its
        remote id. Nothing is sent; the rest is left for ensure_uploaded or the adapter."""
        inputs = list(request.inputs)
        changed = False
        for n, item in enumerate(inputs):
            if not item.path or item.remote_id or accepts(provider_name, Path(item.path)):
                continue
            path = Path(item.path)
            try:
                size = (await asyncio.to_thread(path.stat)).st_size
            except OSError:
                continue  # the adapter says the file is missing, in its words
            known = self.repo.get(provider_name, await self.content_hash(path, size))
            if known is not None:
                inputs[n] = item.model_copy(update={"remote_id": known.remote_id})
                changed = True
        return request.model_copy(update={"inputs": inputs}) if changed else request

    def forget(self, provider_name: str, sha256: str) -> None:
        self.repo.forget(provider_name, sha256)

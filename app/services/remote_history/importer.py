"""A remote result becomes a take (or, for an image, a reference of the shot as a finished
image job lands): downloaded into the media cache, probed, given a poster frame, and recorded
with the prompt, model and parameters the service gave. No job is made and nothing is sent
but the download, so it costs nothing and shows in no ledger."""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.domain import Take
from app.domain.service_errors import ValidationFailed
from app.media.errors import MediaError
from app.media.probe import probe
from app.media.thumbnails import make_thumbnail
from app.services.project_document import ProjectDocument
from app.services.queue.media_cache import MediaCache
from app.services.queue.outputs import ImageLanding, default_suffix
from app.services.remote_history.items import RemoteItem
from app.services.remote_history.sources import Source


@dataclass(frozen=True)
class Imported:
    item: RemoteItem
    take: Take | None = None  # a video's new take
    image_path: str | None = None  # an image's place in the media bin (and the shot's refs)

    def summary(self) -> str:
        if self.take is not None:
            return f"Take {self.take.number} imported from {self.item.remote_id}"
        return f"Image {self.item.remote_id} added to the shot's references"


class HistoryImporter:
    def __init__(self, cache: MediaCache, downloads: Path, thumbnails: Path,
                 images: ImageLanding) -> None:
        self.cache = cache
        self.downloads = downloads
        self.thumbnails = thumbnails
        self.images = images
        self._locks: dict[Path, asyncio.Lock] = {}

    async def local_copy(self, source: Source, item: RemoteItem) -> Path:
        """The result downloaded once (a preview's download is the import's too). Named by
        the remote id; a file there is complete, as downloads land via `.part`."""
        output = await source.output(item)
        suffix = Path(output.filename or "").suffix or default_suffix(output.kind)
        tag = hashlib.sha1(f"{item.provider}:{item.remote_id}".encode()).hexdigest()[:16]
        dest = self.downloads / f"history-{tag}{suffix}"
        # a preview and an import of the same item share one download, never two at once
        async with self._locks.setdefault(dest, asyncio.Lock()):
            if not dest.is_file():
                dest.parent.mkdir(parents=True, exist_ok=True)
                await source.adapter.download(output, dest)
        return dest

    async def poster(self, source: Source, item: RemoteItem) -> bytes | None:
        """A frame of the video itself, for services that publish no poster image."""
        try:
            frame = await make_thumbnail(await self.local_copy(source, item), self.thumbnails)
        except MediaError:
            return None
        return frame.read_bytes()

    async def run(self, source: Source, item: RemoteItem, doc: ProjectDocument,
                  shot_id: str) -> Imported:
        if shot_id not in doc.shots.ids():
            raise ValidationFailed("that shot is not in the open project", provider=item.provider)
        if not item.importable:
            raise ValidationFailed(f"{item.remote_id} is {item.status or 'not finished'}: "
                                   "nothing to import yet", provider=item.provider)
        dest = await self.local_copy(source, item)
        media = await self.cache.put(dest, refetchable=False)
        try:
            info = await probe(media)
        except MediaError as exc:
            raise ValidationFailed(f"{item.remote_id}: the file cannot be played ({exc})",
                                   provider=item.provider) from exc
        if info.kind == "image":
            path = await self.images.land(doc.project.id, shot_id, media)
            return Imported(item, image_path=path)
        try:
            thumb: Path | None = await make_thumbnail(media, self.thumbnails)
        except MediaError:
            thumb = None
        params: dict[str, Any] = dict(item.params)
        seed = params.get("seed")
        take = doc.add_take(Take(
            shot_id=shot_id, source="imported", provider=item.provider, model=item.model,
            prompt=item.prompt, params=params, seed=seed if isinstance(seed, int) else None,
            remote_ids={"remote_id": item.remote_id, "from_history": True,
                        **({"platform_filename": item.raw["filename"]}
                           if item.provider == "platform" and item.raw.get("filename") else {})},
            media_path=str(media), duration=info.duration,
            thumbnail_path=str(thumb) if thumb else None, cost=None,
        ))
        return Imported(item, take=take)

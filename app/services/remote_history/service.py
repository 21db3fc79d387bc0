"""The History browser's and `reelroom-cli history`'s one entry point: list (searchable,
paged), preview, import as a take, delete for good, and the platform's favourite / share /
public, for every service that has a history to read."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.domain.service_errors import ValidationFailed
from app.services.queue.media_cache import MediaCache
from app.services.queue.outputs import ImageLanding
from app.services.remote_history.importer import HistoryImporter, Imported
from app.services.remote_history.items import HistoryPage, RemoteItem
from app.services.remote_history.sources import SOURCES, PlatformSource, Source

PROVIDERS = tuple(SOURCES)
MAX_SEARCH_PAGES = 20
POSTER_FROM_VIDEO = ("video", "task", "file")  # a search reads at most this many pages looking for matches


class RemoteHistory:
    """`adapter_for(name)` is the queue's shared adapter; `made_here(name)` the remote ids of
    this studio's own jobs on that service (to mark them, and ViddyScribe's only list)."""

    def __init__(self, adapter_for: Callable[[str], Any], made_here: Callable[[str], list[str]],
                 *, cache: MediaCache, downloads: Path, thumbnails: Path,
                 images: ImageLanding) -> None:
        self._adapter_for = adapter_for
        self._made_here = made_here
        self.importer = HistoryImporter(cache, downloads, thumbnails, images)

    def source(self, provider: str) -> Source:
        if provider not in SOURCES:
            raise ValidationFailed(f"{provider!r} keeps no history Reelroom can read; "
                                   f"choose one of {', '.join(PROVIDERS)}", provider="")
        return SOURCES[provider](self._adapter_for(provider), self._made_here(provider))

    async def list(self, provider: str, *, search: str = "", limit: int = 50,
                   cursor: Any = None) -> HistoryPage:
        """One page; with `search`, pages are read until `limit` rows match (or the end)."""
        if not 1 <= limit <= 200:
            raise ValidationFailed("limit: 1 to 200", provider=provider)
        source = self.source(provider)
        found: list[RemoteItem] = []
        for _ in range(MAX_SEARCH_PAGES if search.strip() else 1):
            page = await source.page(cursor, limit)
            found += [i for i in page.items if not search.strip() or i.matches(search)]
            cursor = page.cursor
            if len(found) >= limit or cursor is None:
                break
        return HistoryPage(found[:limit], cursor)

    async def find(self, provider: str, remote_id: str) -> RemoteItem:
        return await self.source(provider).find(remote_id)

    async def thumbnail(self, item: RemoteItem) -> bytes | None:
        """The service's own preview; where it has none (platform and Tellers videos), a
        frame of the video, downloaded once (and reused if it is imported)."""
        source = self.source(item.provider)
        data = await source.thumbnail(item)
        if data is None and item.importable and item.kind in POSTER_FROM_VIDEO:
            data = await self.importer.poster(source, item)
        return data

    async def import_take(self, item: RemoteItem, doc, shot_id: str) -> Imported:
        return await self.importer.run(self.source(item.provider), item, doc, shot_id)

    async def delete(self, item: RemoteItem) -> None:
        """Gone for good on the service (the caller has asked the user); takes already
        imported keep their own copy."""
        source = self.source(item.provider)
        if not item.deletable:
            raise ValidationFailed(f"{item.provider} offers no way to delete {item.remote_id}",
                                   provider=item.provider)
        await source.delete(item)

    def _platform(self, item: RemoteItem) -> PlatformSource:
        source = self.source(item.provider)
        if not isinstance(source, PlatformSource) or item.kind != "video":
            raise ValidationFailed("favourite, share and public are the platform's, for its "
                                   "videos", provider=item.provider)
        return source

    async def favourite(self, item: RemoteItem) -> bool:
        return await self._platform(item).favourite(item)

    async def share(self, item: RemoteItem) -> str:
        return await self._platform(item).share(item)

    async def toggle_public(self, item: RemoteItem) -> bool:
        return await self._platform(item).toggle_public(item)


def for_queue(queue) -> RemoteHistory:
    """The history on a running queue's adapters, cache and folders."""
    studio = queue.studio

    def made_here(provider: str) -> list[str]:
        jobs = [j for j in queue.store.list() if j.provider == provider and j.handle]
        jobs.sort(key=lambda j: j.created, reverse=True)
        return [j.handle.remote_id for j in jobs]

    return RemoteHistory(
        queue.provider, made_here, cache=queue.cache,
        downloads=studio.paths.cache / "downloads", thumbnails=studio.paths.cache / "thumbnails",
        images=ImageLanding(studio.db, studio.paths.project_media, lambda: studio.document))

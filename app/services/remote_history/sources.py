"""How each service's history is read, previewed, downloaded and deleted, on the adapters'
own calls (so keys, retries and origins are the HTTP layer's business):

- OpenAI: GET /videos, newest first, paged with `after`/`has_more`; thumbnails are the
  `variant=thumbnail` content; DELETE /videos/{id}.
- the platform: /api/generations and /api/image-generations with limit/offset, merged by
  time; images are their own preview; delete, favourite, share and public per generation.
- Tellers: /users/tasks (with their result assets) and the files list; results download
  through /asset/download_urls. Tellers documents no delete.
- ViddyScribe: the results (get_results) of the jobs this studio sent; no listing or delete
  exists on the service.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from app.domain.service_errors import NotFoundError, ValidationFailed
from app.providers.base import Output
from app.services.remote_history.items import HistoryPage, RemoteItem, when

# fields of a platform generation that are bookkeeping, not how it was made
_PLATFORM_NOT_PARAMS = {"id", "job_id", "kind", "prompt", "model", "status", "filename",
                        "is_favorite", "favorite", "is_public", "public", "created_at",
                        "created", "share_token", "output_filename", "user_id", "error"}
IMAGE_PREFIX = "image:"  # platform image generations have their own id space


class Source:
    """The history of one service through its adapter."""

    provider = ""
    can_delete = False
    can_favourite = False

    def __init__(self, adapter: Any, made_here: Iterable[str] = ()) -> None:
        self.adapter = adapter
        self.made_here = set(made_here)

    async def page(self, cursor: Any, limit: int) -> HistoryPage:
        raise NotImplementedError

    async def find(self, remote_id: str) -> RemoteItem:
        """One item by id (for the CLI): looked for through the pages."""
        cursor: Any = None
        for _ in range(50):  # at most 50 pages: a bounded walk, not an endless one
            page = await self.page(cursor, 100)
            for item in page.items:
                if item.remote_id == remote_id:
                    return item
            if page.cursor is None:
                break
            cursor = page.cursor
        raise NotFoundError(f"no {remote_id!r} in this service's history",
                            provider=self.provider)

    async def output(self, item: RemoteItem) -> Output:
        raise ValidationFailed(f"{item.remote_id} has no file to import", provider=self.provider)

    async def thumbnail(self, item: RemoteItem) -> bytes | None:
        return None

    async def delete(self, item: RemoteItem) -> None:
        raise ValidationFailed("this service offers no way to delete from its history",
                               provider=self.provider)


class OpenAISource(Source):
    provider = "openai"
    can_delete = True

    def _item(self, video: dict[str, Any]) -> RemoteItem:
        params = {k: video[k] for k in ("seconds", "size") if video.get(k) is not None}
        if video.get("remixed_from_video_id"):
            params["remixed_from_video_id"] = video["remixed_from_video_id"]
        return RemoteItem(
            provider=self.provider, remote_id=str(video["id"]), kind="video",
            prompt=str(video.get("prompt") or ""), model=str(video.get("model") or ""),
            status=str(video.get("status") or ""), created=when(video.get("created_at")),
            params=params, importable=video.get("status") == "completed", deletable=True,
            made_here=str(video["id"]) in self.made_here, raw=video)

    async def page(self, cursor: Any, limit: int) -> HistoryPage:
        videos, after = await self.adapter.videos_page(after=cursor, limit=limit)
        return HistoryPage([self._item(v) for v in videos if v.get("id")], after)

    async def find(self, remote_id: str) -> RemoteItem:
        video, _ = await self.adapter.retrieve(remote_id)
        return self._item(video)

    async def output(self, item: RemoteItem) -> Output:
        return self.adapter.content_output(item.raw)

    async def thumbnail(self, item: RemoteItem) -> bytes | None:
        return await self.adapter.thumbnail(item.remote_id) if item.importable else None

    async def delete(self, item: RemoteItem) -> None:
        await self.adapter.delete_video(item.remote_id)


class PlatformSource(Source):
    provider = "platform"
    can_delete = True
    can_favourite = True

    def _item(self, gen: Any, *, image: bool) -> RemoteItem:
        raw = gen.raw
        remote_id = f"{IMAGE_PREFIX}{gen.id}" if image else gen.id
        done = gen.status in ("completed", "complete", "done", "success") and bool(gen.filename)
        params = {k: v for k, v in raw.items() if k not in _PLATFORM_NOT_PARAMS
                  and isinstance(v, (int, float, str, bool)) and v is not None}
        return RemoteItem(
            provider=self.provider, remote_id=remote_id, kind="image" if image else "video",
            prompt=gen.prompt, model=gen.model, status=gen.status, created=gen.created_at,
            params=params, importable=done, deletable=True,
            favourite=None if image else gen.is_favorite,
            public=None if image else bool(raw.get("is_public", raw.get("public", False))),
            made_here=bool(gen.job_id and gen.job_id in self.made_here), raw=raw)

    async def page(self, cursor: Any, limit: int) -> HistoryPage:
        videos_at, images_at = cursor or (0, 0)
        videos = [] if videos_at is None else [
            self._item(g, image=False)
            for g in await self.adapter.history(limit=limit, offset=videos_at)]
        images = [] if images_at is None else [
            self._item(g, image=True)
            for g in await self.adapter.history(limit=limit, offset=images_at, images=True)]
        merged = sorted(videos + images, key=lambda i: i.created.timestamp() if i.created
                        else 0.0, reverse=True)[:limit]
        used_v = sum(1 for i in merged if i.kind == "video")
        used_i = len(merged) - used_v
        next_v = None if videos_at is None or (used_v == len(videos) and len(videos) < limit) \
            else videos_at + used_v
        next_i = None if images_at is None or (used_i == len(images) and len(images) < limit) \
            else images_at + used_i
        return HistoryPage(merged, None if next_v is None and next_i is None
                           else (next_v, next_i))

    async def output(self, item: RemoteItem) -> Output:
        name = item.raw.get("filename") or item.raw.get("output_filename")
        if not name:
            raise ValidationFailed(f"{item.remote_id} has no file yet ({item.status})",
                                   provider=self.provider)
        return self.adapter.output(str(name), item.kind)

    async def thumbnail(self, item: RemoteItem) -> bytes | None:
        if item.kind != "image" or not item.importable:
            return None  # the platform publishes no poster frame for its videos
        out = await self.output(item)
        return (await self.adapter.http.request("GET", out.url or "")).content

    @staticmethod
    def _id(item: RemoteItem) -> str:
        return item.remote_id.removeprefix(IMAGE_PREFIX)

    async def delete(self, item: RemoteItem) -> None:
        await self.adapter.delete_generation(self._id(item), image=item.kind == "image")

    async def favourite(self, item: RemoteItem) -> bool:
        item.favourite = await self.adapter.toggle_favorite(self._id(item))
        return item.favourite

    async def share(self, item: RemoteItem) -> str:
        item.share_url = (await self.adapter.share(self._id(item))).url
        return item.share_url

    async def toggle_public(self, item: RemoteItem) -> bool:
        item.public = await self.adapter.toggle_public(self._id(item))
        return item.public


class TellersSource(Source):
    provider = "tellers"

    async def page(self, cursor: Any, limit: int) -> HistoryPage:
        files_page = cursor or 0
        items: list[RemoteItem] = []
        if files_page == 0:  # the task list is not paged: it comes with the first page
            for task in await self.adapter.tasks():
                items.append(RemoteItem(
                    provider=self.provider, remote_id=task.id, kind="task",
                    prompt=str(task.raw.get("prompt") or task.task_type or ""),
                    model=str(task.task_type or ""), status=task.status,
                    created=when(task.raw.get("created_at")),
                    params={"asset_ids": list(task.asset_ids)},
                    importable=task.status in ("COMPLETE", "COMPLETED", "DONE")
                    and bool(task.asset_ids),
                    made_here=task.id in self.made_here, raw=task.raw))
        files = await self.adapter.list_files(limit=limit, page=files_page)
        for f in files:
            if f.get("is_folder") or not f.get("file_id"):
                continue
            items.append(RemoteItem(
                provider=self.provider, remote_id=str(f["file_id"]), kind="file",
                prompt=str(f.get("file_name") or ""), model=str(f.get("file_type") or ""),
                status="ready", created=when(f.get("last_edit")),
                params={k: f[k] for k in ("duration_seconds", "file_type") if f.get(k)},
                importable=f.get("file_type") == "video", raw=f))
        return HistoryPage(items, files_page + 1 if len(files) >= limit else None)

    def _asset(self, item: RemoteItem) -> str:
        if item.kind == "task":
            return str(item.params["asset_ids"][0])
        return item.remote_id

    async def output(self, item: RemoteItem) -> Output:
        return await self.adapter.asset_output(self._asset(item))


class ViddyScribeSource(Source):
    """Only the jobs this studio sent can be looked up (`made_here`, newest first)."""

    provider = "viddyscribe"

    def __init__(self, adapter: Any, made_here: Iterable[str] = ()) -> None:
        super().__init__(adapter, made_here)
        self.order = list(dict.fromkeys(made_here))

    async def _item(self, job_id: str) -> RemoteItem:
        body = await self.adapter.get_results(job_id)
        has_video = bool(body.get("video_signed_url"))
        return RemoteItem(
            provider=self.provider, remote_id=job_id, kind="description",
            prompt=str(body.get("media_id") or ""), model="video" if has_video else "text",
            status=str(body.get("status") or ""),
            created=when(body.get("created_at")), params={"media_id": body.get("media_id")},
            importable=body.get("status") == "done" and has_video, made_here=True, raw=body)

    async def page(self, cursor: Any, limit: int) -> HistoryPage:
        start = cursor or 0
        ids = self.order[start:start + limit]
        items = []
        for job_id in ids:
            try:
                items.append(await self._item(job_id))
            except NotFoundError:
                continue  # the service no longer keeps it
        more = start + limit < len(self.order)
        return HistoryPage(items, start + limit if more else None)

    async def find(self, remote_id: str) -> RemoteItem:
        return await self._item(remote_id)

    async def output(self, item: RemoteItem) -> Output:
        url = item.raw.get("video_signed_url")
        if not url:
            raise ValidationFailed(f"{item.remote_id} has no described video to import "
                                   "(its result is text)", provider=self.provider)
        return Output(kind="video", url=str(url), filename=f"{item.remote_id}.mp4",
                      content_type="video/mp4", same_origin=False)


SOURCES: dict[str, type[Source]] = {
    "openai": OpenAISource, "platform": PlatformSource, "tellers": TellersSource,
    "viddyscribe": ViddyScribeSource,
}

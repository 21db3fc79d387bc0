"""Tellers assets, files, tasks and export: the parts of the service beyond the agent stream.

Kept apart from the adapter so each file stays about one thing. Everything goes through the
adapter's HttpClient; presigned storage URLs never receive the key (transfer.put_presigned and
put_part send with auth=False).
"""

from __future__ import annotations

import logging
import mimetypes
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from app.providers.base import ProgressCallback
from app.providers.errors import JobFailedError, ProviderError, ServiceError, ValidationFailed
from app.providers.http import HttpClient
from app.providers.transfer import MiB, put_parts, put_presigned

log = logging.getLogger(__name__)

MULTIPART_THRESHOLD = 10 * MiB  # what their CLI uses
PART_SIZE = 8 * MiB
RENDITIONS = ("480p", "720p", "1080p", "4k")
FILE_TYPES = ("video", "audio", "image", "document", "other")


class UploadedAsset(BaseModel):
    asset_id: str
    upload_id: str
    size: int
    multipart: bool
    preprocess_tasks: list[dict[str, Any]] = Field(default_factory=list)
    raw: dict[str, Any] = Field(default_factory=dict)  # the upload_urls answer, kept whole


class TaskInfo(BaseModel):
    id: str
    task_type: str | None = None
    status: str  # upper case as the service sends it: PENDING | COMPLETE | FAILED | …
    percent: float | None = None  # normalised to 0..100
    asset_ids: list[str] = Field(default_factory=list)
    error_message: str | None = None
    raw: dict[str, Any] = Field(default_factory=dict)

    @property
    def finished(self) -> bool:
        return self.status in ("COMPLETE", "COMPLETED", "DONE", "FAILED", "ERROR", "CANCELLED")

    @property
    def failed(self) -> bool:
        return self.status in ("FAILED", "ERROR", "CANCELLED")


def normalise_percent(progress: Any) -> float | None:
    """The service reports progress as 0–1 or 0–100; a value ≤ 1 is read as a fraction (so a
    task at exactly 1 % would read 100 % — accepted: it only ever shows briefly)."""
    if progress is None:
        return None
    try:
        value = float(progress)
    except (TypeError, ValueError):
        return None
    return max(0.0, min(100.0, value * 100.0 if value <= 1.0 else value))


def parse_task(item: dict[str, Any]) -> TaskInfo:
    return TaskInfo(
        id=str(item.get("id") or item.get("task_id") or ""),
        task_type=item.get("task_type"),
        status=str(item.get("status") or "").upper(),
        percent=normalise_percent(item.get("progress")),
        asset_ids=[str(a) for a in item.get("asset_ids") or []],
        error_message=item.get("error_message") or item.get("error"),
        raw=item,
    )


def _source_file(path: Path) -> dict[str, Any]:
    return {
        "sourceName": "local",
        "sourceUrl": None,
        "sourceIconUrl": None,
        "authors": [],
        "creationDatetime": None,
        "additionDatetime": int(time.time()),
        "inAppPath": [],
        "title": path.name,
        "description": None,
        "keywords": [],
    }


async def upload_asset(
    client: HttpClient,
    path: Path,
    file_type: str = "video",
    on_progress: ProgressCallback | None = None,
    *,
    multipart_threshold: int = MULTIPART_THRESHOLD,
    part_size: int = PART_SIZE,
    preprocess: bool = True,
) -> UploadedAsset:
    """Upload one file: ask for presigned URL(s), PUT the bytes (streamed, no key), complete a
    multipart upload (aborting it on failure so no half upload lingers), then ask the service
    to preprocess the asset so the agent can use it."""
    path = Path(path)
    if not path.is_file():
        raise ValidationFailed(f"{path} is not a file", provider=client.provider)
    if file_type not in FILE_TYPES:
        raise ValidationFailed(
            f"file_type {file_type!r} is not one of {', '.join(FILE_TYPES)}",
            provider=client.provider,
        )
    size = path.stat().st_size
    multipart = size >= multipart_threshold
    item: dict[str, Any] = {
        "upload_id": str(uuid.uuid4()),
        "content_length": size,
        "file_type": file_type,
        "source_file": _source_file(path),
        "multipart": multipart,
    }
    if multipart:
        item["multipart_part_size"] = part_size
    resp = await client.request("POST", "/users/assets/upload_urls", json=[item])
    answer = resp.json()
    upload = answer[0] if isinstance(answer, list) and answer else answer
    if not isinstance(upload, dict) or not upload.get("asset_id"):
        raise ServiceError(f"unexpected upload_urls answer: {answer!r}", provider=client.provider)
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    part_urls = upload.get("presigned_put_urls") or []
    if upload.get("presigned_put_url") and not (multipart and part_urls):
        await put_presigned(client, upload["presigned_put_url"], path, content_type, on_progress)
        used_multipart = False
    elif part_urls:
        await _multipart(client, upload, path, part_urls, part_size, on_progress)
        used_multipart = True
    else:
        raise ServiceError("the service gave no upload URL", provider=client.provider)
    tasks: list[dict[str, Any]] = []
    if preprocess:
        pre = await client.request(
            "POST", "/users/assets/preprocess", json={"assets": [upload], "version": None}
        )
        body = pre.json()
        tasks = body if isinstance(body, list) else [body]
    return UploadedAsset(
        asset_id=str(upload["asset_id"]),
        upload_id=str(upload.get("upload_id") or item["upload_id"]),
        size=size,
        multipart=used_multipart,
        preprocess_tasks=tasks,
        raw=upload,
    )


async def _multipart(
    client: HttpClient,
    upload: dict[str, Any],
    path: Path,
    urls: list[str],
    requested_part_size: int,
    on_progress: ProgressCallback | None,
) -> None:
    # the server's part size wins: its URLs were signed for those byte ranges
    part_size = int(upload.get("multipart_part_size") or requested_part_size)
    ids = {"asset_id": upload["asset_id"], "multipart_upload_id": upload.get("multipart_upload_id")}
    try:
        done = await put_parts(client, urls, path, part_size, on_progress=on_progress)
        parts = [{"part_number": number, "etag": etag} for number, etag in done]
        await client.request(
            "POST", "/users/assets/multipart/complete", json={**ids, "parts": parts}
        )
    except (ProviderError, OSError):
        try:
            await client.request("POST", "/users/assets/multipart/abort", json=ids)
        except ProviderError as exc:  # the original failure is what the user must see
            log.warning("%s: multipart abort failed: %s", client.provider, exc)
        raise


def prompt_with_assets(prompt: str, asset_ids: list[str]) -> str:
    """Reference uploaded assets by id, which the service says is more reliable than by
    filename (names need not be unique)."""
    if not asset_ids:
        return prompt
    refs = ", ".join(asset_ids)
    noun = "asset ID" if len(asset_ids) == 1 else "asset IDs"
    return f"Using {noun} {refs}: {prompt}"


async def list_files(
    client: HttpClient, path: str = "", limit: int = 50, page: int = 0
) -> list[dict[str, Any]]:
    resp = await client.request(
        "GET", "/users/sources/list_files", params={"path": path, "limit": limit, "page": page}
    )
    body = resp.json()
    if isinstance(body, dict):  # tolerate a wrapped page
        body = body.get("files") or body.get("items") or []
    return list(body)


async def tasks(client: HttpClient) -> list[TaskInfo]:
    body = (await client.request("GET", "/users/tasks")).json()
    if isinstance(body, dict):
        body = body.get("tasks") or body.get("items") or []
    return [parse_task(t) for t in body if isinstance(t, dict)]


async def wait_task(
    client: HttpClient,
    task_id: str,
    *,
    poll_interval: float,
    on_update: Callable[[TaskInfo], None] | None = None,
    timeout: float = 3600.0,
) -> TaskInfo:
    """Poll the task list until `task_id` finishes. A failed task raises ServiceError with the
    service's error_message."""
    deadline = time.monotonic() + timeout
    while True:
        found = next((t for t in await tasks(client) if t.id == task_id), None)
        if found is not None:
            if on_update is not None:
                on_update(found)
            if found.failed:
                raise ServiceError(
                    found.error_message or f"task {task_id} failed", provider=client.provider
                )
            if found.finished:
                return found
        if time.monotonic() > deadline:
            raise ServiceError(f"task {task_id} did not finish in time", provider=client.provider)
        await client.sleep(poll_interval)


async def start_export(
    client: HttpClient, project_id: str, renditions: list[str]
) -> dict[str, Any]:
    bad = [r for r in renditions if r not in RENDITIONS]
    if not renditions or bad:
        raise ValidationFailed(
            f"renditions must be some of {', '.join(RENDITIONS)} (got {renditions!r})",
            provider=client.provider,
        )
    # starts paid rendering work: never re-sent blindly
    resp = await client.request(
        "POST", f"/project/{project_id}/export", json=list(renditions), idempotent=False
    )
    return resp.json()


class AssetDownloadFailed(JobFailedError):
    """The service answered for an asset with `error: true`: that asset cannot be fetched."""


def parse_download_urls(body: Any, asset_ids: list[str],
                        failures: dict[str, str] | None = None) -> dict[str, str]:
    """asset id → URL from whichever shape the service answers: the documented
    `{items: [{error, error_message, download: {url}}]}` (one item per asset id, in order), a
    list of URLs or of objects, an object holding `urls` (list or mapping), or a single
    `download_url`/`url`. An item with `error: true` goes into `failures` (asset id → the
    service's own words) instead."""
    out: dict[str, str] = {}

    def take(item: Any, fallback_id: str | None) -> None:
        if isinstance(item, str) and fallback_id:
            out[fallback_id] = item
        elif isinstance(item, dict):
            aid = item.get("asset_id") or item.get("id") or fallback_id
            if item.get("error") is True:
                if aid and failures is not None:
                    failures[str(aid)] = str(item.get("error_message") or "the service could "
                                             "not prepare this asset for download")
                return
            download = item.get("download")
            if isinstance(download, dict):
                item = {**item, **download}
            url = item.get("download_url") or item.get("url") or item.get("presigned_url")
            if isinstance(url, str) and aid:
                out[str(aid)] = url

    if isinstance(body, list):
        for n, item in enumerate(body):
            take(item, asset_ids[n] if n < len(asset_ids) else None)
    elif isinstance(body, dict):
        urls = body.get("items", body.get("urls", body.get("download_urls")))
        if isinstance(urls, dict):
            out.update({str(k): v for k, v in urls.items() if isinstance(v, str)})
        elif isinstance(urls, list):
            return parse_download_urls(urls, asset_ids, failures)
        else:
            take(body, asset_ids[0] if asset_ids else None)
    return out


async def download_urls(
    client: HttpClient, asset_ids: list[str], quality: str = "original"
) -> dict[str, str]:
    resp = await client.request(
        "POST", "/asset/download_urls", json={"asset_ids": asset_ids, "quality": quality}
    )
    failures: dict[str, str] = {}
    urls = parse_download_urls(resp.json(), asset_ids, failures)
    failed = [a for a in asset_ids if a in failures and a not in urls]
    if failed:
        raise AssetDownloadFailed(
            "; ".join(f"asset {a}: {failures[a]}" for a in failed), provider=client.provider)
    missing = [a for a in asset_ids if a not in urls]
    if missing:
        raise ServiceError(
            f"no download URL for asset(s) {', '.join(missing)}", provider=client.provider
        )
    return urls

"""What a finished job brings besides its video: the service's own thumbnail and spritesheet
(OpenAI's `variant=thumbnail|spritesheet`), kept with the take; and, for a service whose later
jobs name its files (the platform's `video_filename`), the server's name for the result, so
using this take as another job's input sends that name instead of asking for an upload the
service does not offer."""

from __future__ import annotations

import logging
from pathlib import Path

from app.providers.base import Output, Provider, UploadResult
from app.services.queue.media_cache import MediaCache
from app.storage.uploads import UploadRepository

log = logging.getLogger(__name__)

COMPANIONS = ("thumbnail", "spritesheet")
# services whose results later jobs can name by the server's file name
NAMES_RESULTS = ("platform",)


async def fetch_companions(provider: Provider, outputs: list[Output], folder: Path,
                           cache: MediaCache, job_id: str) -> dict[str, str]:
    """Each companion output downloaded into the cache: kind → cached path. A companion is a
    nicety: one that fails is logged and left out, never failing the take."""
    found: dict[str, str] = {}
    for output in outputs:
        if output.kind not in COMPANIONS or not output.url or output.kind in found:
            continue
        suffix = Path(output.filename or "").suffix or ".img"
        dest = folder / f"{job_id}.{output.kind}{suffix}"
        try:
            # `folder` is the result's own, made before the result was fetched into it
            await provider.download(output, dest)
            found[output.kind] = str(await cache.put(dest))
        except Exception as exc:  # noqa: BLE001 - the video is what was paid for
            log.info("job %s: no %s (%s)", job_id[:8], output.kind, exc)
    return found


def remember_result(uploads: UploadRepository, provider: str, cached: Path,
                    output: Output) -> None:
    """Record that `provider` holds the cached file's content under `output.filename`."""
    if provider not in NAMES_RESULTS or not output.filename:
        return
    sha = cached.stem  # the cache names files by their sha256
    uploads.put(sha, output.filename, UploadResult(
        provider=provider, remote_id=output.filename, route="result",
        size=cached.stat().st_size if cached.exists() else 0))


def agent_ids(extra: dict) -> dict:
    """The conversation and project ids an agent run (Tellers) left in its handle: kept on the
    take so "Revise with Tellers…" continues that conversation and Export → Tellers offers the
    project."""
    final = extra.get("final") if isinstance(extra.get("final"), dict) else {}
    found: dict = {}
    if extra.get("chat_id") and not str(extra["chat_id"]).startswith("local-"):
        found["chat_id"] = str(extra["chat_id"])
    projects = []
    for p in final.get("projects") or []:
        pid = p.get("id") or p.get("project_id") if isinstance(p, dict) else p
        if pid is not None and str(pid) not in projects:
            projects.append(str(pid))
    if projects:
        found["project_ids"] = projects
    return found


def agent_message(extra: dict) -> str:
    final = extra.get("final") if isinstance(extra.get("final"), dict) else {}
    message = final.get("message")
    return str(message) if message else ""


def lineage(request) -> dict:
    """Where a take came from when a job started from another (a remix's source video)."""
    source = next((i.remote_id for i in request.inputs if i.role == "remix" and i.remote_id),
                  None)
    return {"remixed_from": source} if source else {}

"""Reading the studio platform's job answers, which have no published schema.

Only `job_id` (on create) and a `status` string with at least `completed`/`error` are known;
progress, queue position, file name and error text are looked for under the names such
services commonly use, and the whole payload is kept on the event (`ProgressEvent.data`).
"""

from __future__ import annotations

from typing import Any

from app.providers.base import JobStatus, ProgressEvent
from app.providers.errors import ServiceError

_STATUS: dict[str, JobStatus] = {
    "queued": JobStatus.QUEUED,
    "pending": JobStatus.QUEUED,
    "waiting": JobStatus.QUEUED,
    "submitted": JobStatus.QUEUED,
    "running": JobStatus.RUNNING,
    "processing": JobStatus.RUNNING,
    "generating": JobStatus.RUNNING,
    "in_progress": JobStatus.RUNNING,
    "started": JobStatus.RUNNING,
    "completed": JobStatus.SUCCEEDED,
    "complete": JobStatus.SUCCEEDED,
    "done": JobStatus.SUCCEEDED,
    "success": JobStatus.SUCCEEDED,
    "succeeded": JobStatus.SUCCEEDED,
    "error": JobStatus.FAILED,
    "failed": JobStatus.FAILED,
    "failure": JobStatus.FAILED,
    "cancelled": JobStatus.CANCELLED,
    "canceled": JobStatus.CANCELLED,
}


def _first(data: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if data.get(key) is not None:
            return data[key]
    return None


def _number(value: Any) -> float | None:
    try:
        return None if isinstance(value, bool) else float(value)
    except (TypeError, ValueError):
        return None


def parse_status(data: Any) -> ProgressEvent:
    """One /api/status answer → a ProgressEvent. A status we have never seen is UNKNOWN (the
    poll goes on) rather than an error."""
    if not isinstance(data, dict):
        raise ServiceError(f"unexpected status answer: {data!r:.200}", provider="platform")
    raw = str(data.get("status") or data.get("state") or "").strip()
    status = _STATUS.get(raw.lower(), JobStatus.UNKNOWN)
    percent = _number(_first(data, "progress", "percent", "percentage"))
    if percent is not None:
        percent = max(0.0, min(100.0, percent))
    position = _number(_first(data, "queue_position", "position", "queue_pos"))
    if status is JobStatus.SUCCEEDED:
        percent = 100.0
    message = None
    if status is JobStatus.FAILED:
        err = _first(data, "error", "message", "detail")
        message = (err.get("message") if isinstance(err, dict) else err) or "generation failed"
        message = str(message)
    return ProgressEvent(
        status=status,
        raw_status=raw,
        percent=percent,
        queue_position=int(position) if position is not None else None,
        eta_seconds=_number(_first(data, "eta", "eta_seconds")),
        text=str(data["message"])
        if status is not JobStatus.FAILED and data.get("message")
        else None,
        message=message,
        data=data,
    )


def result_filename(data: dict[str, Any]) -> str | None:
    """The finished file's server name, from a status answer or a history entry."""
    name = _first(data, "filename", "video_filename", "image_filename", "output", "file")
    return str(name) if name else None


def job_ids(data: Any) -> list[str]:
    """Job ids from a create answer: {"job_id"}, {"job_ids": [...]}, a bare list of ids, or a
    list of {"job_id"} objects (/api/generate-image answers with an array)."""
    if isinstance(data, dict):
        if data.get("job_id") is not None:
            return [str(data["job_id"])]
        data = _first(data, "job_ids", "jobs", "ids")
    if isinstance(data, list):
        out = []
        for item in data:
            if isinstance(item, dict):
                item = _first(item, "job_id", "id")
            if item is not None:
                out.append(str(item))
        return out
    return []

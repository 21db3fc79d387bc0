"""Small, UI-ready views of the studio platform's account, history and queue answers.

Each keeps the service's whole payload in `raw`: the shapes are unpublished, and a field we do
not read today may be what the next screen needs.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, Field

from app.providers.platform.cost import tier_limits
from app.providers.platform.jobs import result_filename


def _int(value: Any) -> int | None:
    try:
        return None if value is None or isinstance(value, bool) else int(float(value))
    except (TypeError, ValueError):
        return None


def _when(value: Any) -> datetime | None:
    """ISO-8601 text or a Unix timestamp; naive times are taken as UTC."""
    if value is None:
        return None
    try:
        if isinstance(value, (int, float)):
            return datetime.fromtimestamp(float(value), UTC)
        when = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except (TypeError, ValueError, OSError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


class Account(BaseModel):
    """What the UI shows for the platform: who, which plan, how many credits, what the plan
    allows. Limits the service sends win; the seed's tier table fills the gaps."""

    authenticated: bool = True
    username: str | None = None
    tier: str | None = None
    credits: float | None = None
    monthly_credits: int | None = None
    max_frames: int | None = None
    max_resolution: str | None = None
    watermark: bool | None = None
    raw: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def parse(cls, auth: dict[str, Any], credits: dict[str, Any] | None = None) -> Account:
        credits = credits or {}
        user = auth.get("user") if isinstance(auth.get("user"), dict) else {}
        limits = auth.get("limits") if isinstance(auth.get("limits"), dict) else {}
        tier = auth.get("tier") or user.get("tier") or credits.get("tier")
        known = tier_limits(tier)
        balance = next(
            (
                h[k]
                for h in (credits, auth, user)
                for k in ("balance", "credits", "credit_balance")
                if isinstance(h.get(k), (int, float)) and not isinstance(h.get(k), bool)
            ),
            None,
        )
        monthly = _int(credits.get("monthly_allowance") or limits.get("monthly_credits")) or (
            known.monthly_credits if known else None
        )
        watermark = limits.get("watermark")
        return cls(
            authenticated=bool(auth.get("authenticated", auth.get("logged_in", True))),
            username=auth.get("username") or user.get("username"),
            tier=str(tier) if tier else None,
            credits=balance,
            monthly_credits=monthly,
            max_frames=_int(limits.get("max_frames")) or (known.max_frames if known else None),
            max_resolution=limits.get("max_resolution")
            or (known.max_resolution if known else None),
            watermark=bool(watermark)
            if watermark is not None
            else (known.watermark if known else None),
            raw={"auth": auth, "credits": credits},
        )


class HistoryItem(BaseModel):
    """One past generation (/api/generations)."""

    id: str
    job_id: str | None = None
    prompt: str = ""
    model: str = ""
    status: str = ""
    filename: str | None = None
    created_at: datetime | None = None
    is_favorite: bool = False
    raw: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def parse(cls, data: dict[str, Any]) -> HistoryItem:
        return cls(
            id=str(data.get("id", data.get("generation_id", ""))),
            job_id=str(data["job_id"]) if data.get("job_id") is not None else None,
            prompt=str(data.get("prompt") or ""),
            model=str(data.get("model") or ""),
            status=str(data.get("status") or ""),
            filename=result_filename(data),
            created_at=_when(data.get("created_at") or data.get("created")),
            is_favorite=bool(data.get("is_favorite") or data.get("favorite")),
            raw=data,
        )


def history_items(payload: Any) -> list[HistoryItem]:
    if isinstance(payload, dict):
        payload = payload.get("generations") or payload.get("items") or payload.get("data")
    if not isinstance(payload, list):
        return []
    return [HistoryItem.parse(d) for d in payload if isinstance(d, dict)]


class QueueInfo(BaseModel):
    """/api/queue: how long the platform's queue is and where the user's jobs stand."""

    length: int | None = None
    position: int | None = None
    active_jobs: list[dict[str, Any]] = Field(default_factory=list)
    raw: dict[str, Any] = Field(default_factory=dict)

    @classmethod
    def parse(cls, data: dict[str, Any]) -> QueueInfo:
        active = data.get("active_jobs") or data.get("your_jobs") or data.get("jobs") or []
        if not isinstance(active, list):
            active = []
        return cls(
            length=_int(data.get("queue_length", data.get("length"))),
            position=_int(data.get("position", data.get("queue_position"))),
            active_jobs=[j if isinstance(j, dict) else {"job_id": j} for j in active],
            raw=data,
        )

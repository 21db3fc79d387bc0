from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.domain.ids import new_id, now


class Take(BaseModel):
    """A generated or imported clip of a shot, numbered within the shot."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(default_factory=new_id)
    shot_id: str
    number: int = 1
    source: str = "generated"  # generated | imported | edited
    provider: str = ""
    model: str = ""
    prompt: str = ""
    params: dict[str, Any] = Field(default_factory=dict)
    seed: int | None = None
    remote_ids: dict[str, Any] = Field(default_factory=dict)
    media_path: str | None = None
    duration: float | None = None
    thumbnail_path: str | None = None
    cost: float | None = None
    cost_currency: str = "USD"
    favourite: bool = False
    rejected: bool = False
    created: float = Field(default_factory=now)

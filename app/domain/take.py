from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

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
    # what the service made beside the video, kept with it: "thumbnail", "spritesheet" → file
    assets: dict[str, str] = Field(default_factory=dict)
    message: str = ""  # the service's own words about it (the Tellers agent's final answer)
    cost: float | None = None
    cost_currency: str = "USD"
    favourite: bool = False
    rejected: bool = False
    created: float = Field(default_factory=now)
    # Non-destructive in/out points, seconds into the media: the cut plays only this part
    # (app.domain.cut); the file itself is never touched.
    trim_in: float = Field(default=0.0, ge=0)
    trim_out: float | None = Field(default=None, gt=0)

    @model_validator(mode="before")
    @classmethod
    def _in_point_from_params(cls, data: Any) -> Any:
        """Takes imported from a timeline before trims were fields kept the in point in
        params["trim_in"]; read it so their cut stays where it was."""
        if isinstance(data, dict) and "trim_in" not in data:
            value = (data.get("params") or {}).get("trim_in")
            if isinstance(value, (int, float)) and value > 0:
                data = {**data, "trim_in": float(value)}
        return data

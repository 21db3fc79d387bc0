from __future__ import annotations

from pydantic import BaseModel, Field

from app.domain.ids import new_id, now


class Project(BaseModel):
    id: str = Field(default_factory=new_id)
    name: str
    aspect: str = "16:9"
    fps: float = 24.0
    created: float = Field(default_factory=now)
    updated: float = Field(default_factory=now)

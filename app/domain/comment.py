from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from app.domain.ids import new_id, now


class Comment(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str = Field(default_factory=new_id)
    shot_id: str
    author: str = ""
    text: str
    created: float = Field(default_factory=now)

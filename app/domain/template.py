from __future__ import annotations

import string
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from app.domain.ids import new_id


class Template(BaseModel):
    """A prompt with `{placeholders}`; built-in ones ship in resources/, user ones live in the
    library database."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(default_factory=new_id)
    name: str
    body: str
    negative_prompt: str = ""
    defaults: dict[str, Any] = Field(default_factory=dict)
    builtin: bool = False
    description: str = ""

    def placeholders(self) -> list[str]:
        seen: list[str] = []
        for _, field_name, _, _ in string.Formatter().parse(self.body):
            if field_name and field_name not in seen:
                seen.append(field_name)
        return seen

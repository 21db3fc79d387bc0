"""The parameters of an OpenAI Videos (Sora 2) generation, validated before anything is sent.

Allowed values are also published as a JSON-schema `enum`, so forms and `reelroom-cli models`
show the same choices the validators enforce.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

SECONDS = (4, 8, 12)
SIZES = ("720x1280", "1280x720", "1024x1792", "1792x1024")
PROMPT_MAX = 32000


class SoraParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seconds: int = Field(
        4, description="clip length in seconds", json_schema_extra={"enum": list(SECONDS)}
    )
    size: str = Field(
        "720x1280", description="width x height in pixels", json_schema_extra={"enum": list(SIZES)}
    )

    @field_validator("seconds")
    @classmethod
    def _seconds(cls, value: int) -> int:
        if value not in SECONDS:
            raise ValueError(f"must be one of {', '.join(map(str, SECONDS))} (got {value})")
        return value

    @field_validator("size")
    @classmethod
    def _size(cls, value: str) -> str:
        value = value.strip().lower()
        if value not in SIZES:
            raise ValueError(f"must be one of {', '.join(SIZES)} (got {value!r})")
        return value

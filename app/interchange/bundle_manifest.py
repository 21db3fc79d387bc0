"""The `manifest.json` of a `.reelroom` bundle as a pydantic model: a malformed manifest
(a size that is not a number, a list where a mapping belongs, a file pointing at media the
bundle does not hold) is refused with one line naming the field, before anything is unpacked."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, field_validator, model_validator

FORMAT = "reelroom-bundle"
VERSION = 1
MEDIA_ENTRY = re.compile(r"^media/[0-9a-f]{64}(\.[A-Za-z0-9]{1,12})?$")


class MediaFile(BaseModel):
    model_config = ConfigDict(extra="ignore")

    size: StrictInt = Field(ge=0)
    name: str = Field(default="media", max_length=255)


class Manifest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    format: Literal["reelroom-bundle"]
    version: StrictInt = Field(ge=1)
    app_version: str | None = None
    created: float | None = None
    project: str | None = None
    files: dict[str, str]  # path as the rows say it -> media entry
    media: dict[str, MediaFile]  # media entry -> its size and original name

    @field_validator("media")
    @classmethod
    def _entries_are_media_names(cls, media: dict[str, MediaFile]) -> dict[str, MediaFile]:
        for entry in media:
            if not MEDIA_ENTRY.match(entry):
                raise ValueError(f"names an unexpected file {entry[:60]!r}")
        return media

    @model_validator(mode="after")
    def _files_are_held(self) -> Manifest:
        for path, entry in self.files.items():
            if entry not in self.media:
                raise ValueError(f"{path[:60]} refers to {entry[:60]!r}, which the bundle "
                                 "does not hold")
        return self

    def digest(self, entry: str) -> str:
        return entry.split("/", 1)[1].split(".", 1)[0]

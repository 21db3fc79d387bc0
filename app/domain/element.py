from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.domain.ids import new_id


class ElementKind(StrEnum):
    CHARACTER = "character"
    PROP = "prop"
    LOCATION = "location"


class Element(BaseModel):
    """A reusable character, prop or location; `@Name` in a prompt expands to its description."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(default_factory=new_id)
    project_id: str
    kind: ElementKind = ElementKind.CHARACTER
    name: str
    description: str = ""
    reference_image: str | None = None

    @field_validator("name")
    @classmethod
    def _name_is_a_word(cls, v: str) -> str:
        v = v.strip()
        if not v or any(c.isspace() for c in v):
            raise ValueError("an element name is one word with no spaces (e.g. Mara or RedCar)")
        return v

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.domain.enums import CameraMove, ShotType, Transition
from app.domain.ids import new_id, now
from app.domain.shot_inputs import check_inputs

# Fields a user edits on a shot (what UpdateShot may change).
EDITABLE_FIELDS = (
    "title",
    "prompt",
    "negative_prompt",
    "duration",
    "shot_type",
    "camera_move",
    "transition",
    "notes",
    "provider",
    "model",
    "params",
    "selected_take_id",
    "reference_media",
    "inputs",
    "template_values",
    "take_audio_volume",
    "take_audio_muted",
)


class Shot(BaseModel):
    """One shot of the storyboard. Immutable value: edits produce a new Shot."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(default_factory=new_id)
    project_id: str
    position: float = 0.0
    title: str = ""
    prompt: str = ""
    negative_prompt: str = ""
    duration: float = Field(default=4.0, gt=0, le=600)
    shot_type: ShotType = ShotType.NONE
    camera_move: CameraMove = CameraMove.NONE
    transition: Transition = Transition.CUT
    notes: str = ""
    provider: str = "animatic"
    model: str = ""
    params: dict[str, Any] = Field(default_factory=dict)
    selected_take_id: str | None = None
    reference_media: list[str] = Field(default_factory=list)  # paths of reference images/clips
    # first/last frame, driving video, audio clip (app.domain.shot_inputs): role → library path
    inputs: dict[str, str] = Field(default_factory=dict)
    # values for the `{placeholders}` in this shot's prompt (a template applied to many shots
    # keeps one body and fills it per shot)
    template_values: dict[str, str] = Field(default_factory=dict)
    # the selected take's own sound in the mix (app.domain.soundtrack has the other tracks)
    take_audio_volume: float = Field(default=1.0, ge=0, le=4)
    take_audio_muted: bool = False
    created: float = Field(default_factory=now)
    updated: float = Field(default_factory=now)

    @field_validator("inputs")
    @classmethod
    def _known_inputs(cls, value: dict[str, str]) -> dict[str, str]:
        return check_inputs(value)

    def edited(self, **changes: Any) -> Shot:
        unknown = set(changes) - set(EDITABLE_FIELDS) - {"position", "updated"}
        if unknown:
            raise ValueError(f"not an editable shot field: {', '.join(sorted(unknown))}")
        data = self.model_dump()
        data.update(changes)
        return Shot.model_validate(data)

    def fields(self) -> dict[str, Any]:
        """The user-editable content, for copying (duplicate, undo)."""
        return {k: getattr(self, k) for k in EDITABLE_FIELDS}

"""Turning shots into generation requests, and a take back into the settings that made it."""

from __future__ import annotations

from typing import Any

from app.domain import Shot, Take
from app.providers.base import GenerationRequest, MediaInput

ANIMATIC = "animatic"
ANIMATIC_MODEL = "card"


def request_for_shot(shot: Shot, number: int, *, provider: str | None = None,
                     model: str | None = None) -> tuple[str, GenerationRequest]:
    """(provider name, request) for one take of `shot`, the `number`-th shot of its project.
    An explicit provider/model overrides the shot's own."""
    name = provider or shot.provider or ANIMATIC
    params: dict[str, Any] = dict(shot.params)
    if name == ANIMATIC:
        # the card draws the shot's own description; its length is the shot's
        params.update(duration=shot.duration, shot_number=number, title=shot.title,
                      shot_type=str(shot.shot_type.value), camera_move=str(shot.camera_move.value))
        chosen = model or (shot.model if shot.provider == ANIMATIC and shot.model else None)
        model = chosen or ANIMATIC_MODEL
    else:
        model = model or shot.model
    inputs = [MediaInput(role="reference", path=p) for p in shot.reference_media]
    return name, GenerationRequest(model=model or "", prompt=shot.prompt,
                                   negative_prompt=shot.negative_prompt, params=params,
                                   inputs=inputs)


def reuse_parameters(take: Take) -> dict[str, Any]:
    """The shot fields that make the next take exactly like `take` ("reuse parameters"): pass
    them to UpdateShot. The seed is part of params, so it is reused too."""
    params = dict(take.params)
    if take.seed is not None:
        params["seed"] = take.seed
    return {"provider": take.provider, "model": take.model, "params": params}

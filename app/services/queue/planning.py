"""Turning shots into generation requests, and a take back into the settings that made it.

The prompt a request carries is composed by app.services.prompting with the same arguments the
inspector's preview uses (`compose_for_shot`), so the preview is exactly what is sent."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import Any

from app.domain import Element, Shot, Take
from app.domain.shot_inputs import remote_reference
from app.providers.base import Capability, GenerationRequest, MediaInput, ModelInfo, Provider
from app.services.prompting import ComposedPrompt, compose_prompt
from app.services.shot_inputs import roles_taken
from app.services.shot_length import seconds_in, with_length

ANIMATIC = "animatic"
ANIMATIC_MODEL = "card"

# Card parameters the animatic takes from the shot itself (so a form must not offer them).
SHOT_PROVIDED_PARAMS: dict[str, frozenset[str]] = {
    ANIMATIC: frozenset({"duration", "shot_number", "title", "shot_type", "camera_move"}),
}


def target_for_shot(shot: Shot, *, provider: str | None = None,
                    model: str | None = None) -> tuple[str, str]:
    """(provider name, model id) a take of `shot` goes to; explicit ones override the shot's."""
    name = provider or shot.provider or ANIMATIC
    if name == ANIMATIC:
        chosen = model or (shot.model if shot.provider == ANIMATIC and shot.model else None)
        return name, chosen or ANIMATIC_MODEL
    return name, model or shot.model or ""


def compose_for_shot(shot: Shot, elements: Sequence[Element], provider: str,
                     model_info: ModelInfo | None) -> ComposedPrompt:
    """The final prompt of `shot` for `provider`'s model. The animatic card draws the shot type
    and camera itself (so they are not phrased in) and shows a reference image; another model
    takes an element's image only when it is known to accept image input."""
    label = model_info.name if model_info is not None else "this model"
    if provider == ANIMATIC:
        return compose_prompt(shot, elements, prompt_max=None, phrase_framing=False,
                              accepts_image=True, model_label="the animatic card")
    accepts = model_info is not None and Capability.IMAGE_TO_VIDEO in model_info.capabilities
    return compose_prompt(shot, elements,
                          prompt_max=model_info.prompt_max if model_info else None,
                          accepts_image=accepts, model_label=label)


def request_for_shot(shot: Shot, number: int, *, provider: str | None = None,
                     model: str | None = None, elements: Sequence[Element] = (),
                     model_info: ModelInfo | None = None) -> tuple[str, GenerationRequest]:
    """(provider name, request) for one take of `shot`, the `number`-th shot of its project.
    An explicit provider/model overrides the shot's own. `elements` are the project's (for
    `@Name`); `model_info` is the chosen model's, when known (its prompt limit and whether it
    takes an image)."""
    name, model_id = target_for_shot(shot, provider=provider, model=model)
    params: dict[str, Any] = dict(shot.params)
    if name == ANIMATIC:
        # the card draws the shot's own description; its length is the shot's
        params.update(duration=shot.duration, shot_number=number, title=shot.title,
                      shot_type=str(shot.shot_type.value), camera_move=str(shot.camera_move.value))
    elif model_info is not None:
        # one duration: the model's own length parameter is the shot's Duration, snapped to
        # what the model takes (app.services.shot_length)
        params, _ = with_length(model_info.params, shot.duration, params)
    composed = compose_for_shot(shot, elements, name, model_info)
    # the shot's own inputs first: the first frame is the image a model starts from
    taken = roles_taken(model_info) if model_info is not None else tuple(shot.inputs)
    inputs = [_shot_input(r, shot.inputs[r]) for r in taken if r in shot.inputs]
    inputs += [MediaInput(role="reference", path=p) for p in shot.reference_media]
    inputs += [MediaInput(role="reference", path=p) for p in composed.reference_images]
    return name, GenerationRequest(model=model_id, prompt=composed.text,
                                   negative_prompt=composed.negative_prompt, params=params,
                                   inputs=inputs)


def _shot_input(role: str, value: str) -> MediaInput:
    """A slot's value as sent: a local file, or an image the service fetches (URL, file id)."""
    how = remote_reference(value)
    if how == "url":
        return MediaInput(role=role, url=value)
    if how == "file_id":
        return MediaInput(role=role, remote_id=value)
    return MediaInput(role=role, path=value)


async def find_model(adapter: Provider, model_id: str) -> ModelInfo | None:
    """The adapter's description of `model_id`, or None when it cannot be listed now (the
    adapter's own validation then says what is wrong when the job is checked)."""
    with contextlib.suppress(Exception):
        return next((m for m in await adapter.models() if m.id == model_id), None)
    return None


async def default_model_id(adapter: Provider) -> str:
    """The model a request with none named goes to: the provider's first video model (else its
    first model); "" when it lists none."""
    models = await adapter.models()
    video = [m for m in models if m.kind == "video"]
    return (video or models)[0].id if models else ""


async def plan_shot(adapter_for: Callable[[str], Provider], shot: Shot, number: int, *,
                    provider: str | None = None, model: str | None = None,
                    elements: Sequence[Element] = ()) -> tuple[str, GenerationRequest]:
    """request_for_shot with the chosen model looked up on its adapter first, so the request
    carries what the inspector previewed (prompt limit, image input)."""
    name, model_id = target_for_shot(shot, provider=provider, model=model)
    if not model_id:  # none chosen: the provider's default model
        with contextlib.suppress(Exception):
            model_id = await default_model_id(adapter_for(name))
    info = await find_model(adapter_for(name), model_id)
    return request_for_shot(shot, number, provider=provider, model=model_id or model,
                            elements=elements, model_info=info)


def reuse_parameters(take: Take) -> dict[str, Any]:
    """The shot fields that make the next take exactly like `take` ("reuse parameters"): pass
    them to UpdateShot. The seed is part of params, so it is reused too; the take's length
    (its model's `seconds`, `frames`…) becomes the shot's Duration, the one value both are."""
    params = dict(take.params)
    if take.seed is not None:
        params["seed"] = take.seed
    fields: dict[str, Any] = {"provider": take.provider, "model": take.model, "params": params}
    seconds = seconds_in(params)
    if seconds is not None:
        fields["duration"] = seconds
    return fields

"""The media a shot can carry into a generation besides its reference images: a first and a
last frame, a driving video and an audio clip. Which of them a model takes is decided from the
model's capabilities (app.services.shot_inputs); here is only what each slot is and holds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

InputRole = Literal["first_frame", "last_frame", "video", "audio"]


@dataclass(frozen=True)
class InputSlot:
    role: InputRole
    label: str  # as the inspector and the CLI name it
    kind: Literal["image", "video", "audio"]  # the media kind the slot takes
    flag: str  # the CLI's option (`shot set-input … --first FILE`)


SLOTS: tuple[InputSlot, ...] = (
    InputSlot("first_frame", "First frame", "image", "--first"),
    InputSlot("last_frame", "Last frame", "image", "--last"),
    InputSlot("video", "Driving video", "video", "--video"),
    InputSlot("audio", "Audio clip", "audio", "--audio"),
)
ROLES: tuple[str, ...] = tuple(s.role for s in SLOTS)


def slot(role: str) -> InputSlot:
    for s in SLOTS:
        if s.role == role:
            return s
    raise KeyError(f"no shot input {role!r} (inputs: {', '.join(ROLES)})")


def check_inputs(value: dict[str, str]) -> dict[str, str]:
    """Only known roles, each a non-empty path (an empty slot is absent, not "")."""
    unknown = set(value) - set(ROLES)
    if unknown:
        raise ValueError(f"not a shot input: {', '.join(sorted(unknown))} "
                         f"(inputs: {', '.join(ROLES)})")
    return {r: value[r] for r in ROLES if value.get(r)}


_FILE_ID = re.compile(r"^file-[A-Za-z0-9_-]+$")  # an OpenAI file id, as the Files API names them


def remote_reference(value: str) -> str | None:
    """"url" or "file_id" when a slot holds an image the service fetches itself (OpenAI's
    `input_reference` takes `{image_url}` or `{file_id}`); None for a local file."""
    if value.startswith(("https://", "http://")):
        return "url"
    if _FILE_ID.match(value):
        return "file_id"
    return None

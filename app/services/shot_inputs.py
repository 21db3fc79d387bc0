"""Which shot inputs a model takes, and setting one from a file.

A model's capabilities say which of the shot's inputs (app.domain.shot_inputs) it is sent:
first–last-frame models both frames, sound-to-video models a portrait and an audio clip,
portrait animation a portrait and a driving video, video-to-video a source video, and an
image-to-video model (or OpenAI, whose `input_reference` is the opening frame) a first frame.
The inspector shows only those slots; the queue sends only those inputs.

A file set on a slot is imported into the project's media bin first (a file already in the bin
is found by content, so a drag from the bin is the same as a drop from the file manager), then
set by one undoable UpdateShot."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.domain import Shot
from app.domain.service_models import Capability, ModelInfo
from app.domain.shot_inputs import ROLES, SLOTS, InputSlot, remote_reference, slot
from app.services.commands.shots import UpdateShot
from app.services.media_library import MediaLibrary
from app.services.project_document import ProjectDocument

# capability → the input roles it needs, in the order the slots are shown
_TAKES: tuple[tuple[Capability, tuple[str, ...]], ...] = (
    (Capability.FIRST_LAST_FRAME, ("first_frame", "last_frame")),
    (Capability.SOUND_TO_VIDEO, ("first_frame", "audio")),
    (Capability.PORTRAIT_ANIMATION, ("first_frame", "video")),
    (Capability.VIDEO_TO_VIDEO, ("video",)),
    (Capability.IMAGE_TO_VIDEO, ("first_frame",)),
    (Capability.EXTEND, ("video",)),  # continue a video from its last frame
)
# the general kinds: a model may be several (image-to-video that also extends)
_GENERAL = {Capability.IMAGE_TO_VIDEO, Capability.EXTEND}
# what the slot means for a model of that kind, when "first frame" would mislead
_PORTRAIT = {Capability.SOUND_TO_VIDEO, Capability.PORTRAIT_ANIMATION}


class InputRefused(ValueError):
    """A file that cannot go into that slot; the message names the file and the slot."""


def roles_taken(info: ModelInfo | None) -> tuple[str, ...]:
    """The shot inputs `info`'s model is sent, in slot order; () when unknown or none."""
    if info is None:
        return ()
    found: list[str] = []
    for capability, roles in _TAKES:
        if capability in info.capabilities:
            found += roles
            if capability not in _GENERAL:
                break  # a model of a special kind takes that kind's inputs only
    return tuple(r for r in ROLES if r in found)


def slot_label(role: str, info: ModelInfo | None) -> str:
    """"Portrait" for the image a sound-to-video or portrait model animates."""
    if role == "first_frame" and info is not None and info.capabilities & _PORTRAIT:
        return "Portrait"
    if (role == "video" and info is not None and Capability.EXTEND in info.capabilities
            and not info.capabilities & (_PORTRAIT | {Capability.VIDEO_TO_VIDEO})):
        return "Continue from"
    return slot(role).label


def slots_for(info: ModelInfo | None) -> list[InputSlot]:
    taken = roles_taken(info)
    return [s for s in SLOTS if s.role in taken]


def unused_inputs(shot: Shot, info: ModelInfo | None) -> list[str]:
    """Inputs set on the shot that the chosen model is not sent (kept, but worth a word)."""
    taken = roles_taken(info)
    return [r for r in shot.inputs if r not in taken]


@dataclass(frozen=True)
class InputChange:
    command: UpdateShot
    path: str  # the library-owned file now in the slot
    duplicate: bool  # the media bin already held it


async def input_from_file(doc: ProjectDocument, library: MediaLibrary, shot_id: str,
                          role: str, source: str | Path) -> InputChange:
    """The command that puts `source` (imported into the bin first) into `role` of the shot.
    InputRefused names what was wrong: an unreadable file, or the wrong kind for the slot."""
    try:
        wanted = slot(role)
    except KeyError as exc:
        raise InputRefused(str(exc.args[0])) from None
    if isinstance(source, str) and remote_reference(source):
        if wanted.kind != "image":
            raise InputRefused(f"the {wanted.label.lower()} must be a file; a URL or file id "
                               "is taken for an image only")
        return InputChange(set_input(doc, shot_id, role, source), source, False)
    result = await library.import_file(source)
    if result.item is None:
        raise InputRefused(result.error or f"{Path(source).name} could not be imported")
    if result.item.kind != wanted.kind:
        raise InputRefused(f"{Path(source).name} is {_a(result.item.kind)}; the "
                           f"{wanted.label.lower()} takes {_a(wanted.kind)}")
    return InputChange(set_input(doc, shot_id, role, result.item.path), result.item.path,
                       result.duplicate)


def set_input(doc: ProjectDocument, shot_id: str, role: str, path: str | None) -> UpdateShot:
    """UpdateShot setting (or with None, clearing) one input of the shot."""
    slot(role)  # KeyError names the known roles
    inputs = dict(doc.shots.get(shot_id).inputs)
    if path:
        inputs[role] = path
    else:
        inputs.pop(role, None)
    command = UpdateShot(doc, shot_id, inputs=inputs)
    label = slot(role).label.lower()
    command.text = (f"Set the {label} of {_shot_name(doc, shot_id)}" if path
                    else f"Clear the {label} of {_shot_name(doc, shot_id)}")
    command.merge_key = None  # each input change is its own undo step
    return command


def _shot_name(doc: ProjectDocument, shot_id: str) -> str:
    shot = doc.shots.get(shot_id)
    return f"“{shot.title}”" if shot.title else f"shot {doc.shots.index_of(shot_id) + 1}"


def _a(kind: str) -> str:
    return {"image": "an image", "audio": "an audio file"}.get(kind, f"a {kind}")

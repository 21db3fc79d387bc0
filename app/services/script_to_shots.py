"""Script to shots: a pasted script or outline → proposed shots → (after review) one undoable
AddShots. The platform's AI breakdown is used when it is connected; the local splitter
(app.services.script_split) otherwise, and whenever the platform fails, with a notice saying
so — a script is never left without an answer."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.domain.enums import CameraMove, ShotType
from app.providers.errors import ProviderError
from app.providers.platform.prompts import RemoteShot
from app.services.commands import AddShots
from app.services.script_split import (
    EMPTY_SCRIPT,
    ProposedShot,
    estimate_duration,
    split_script,
)

if TYPE_CHECKING:
    from app.services.project_document import ProjectDocument
    from app.services.prompt_tools import PromptTools

log = logging.getLogger(__name__)

LOCAL = "local"
MAX_SHOT_SECONDS = 600.0  # Shot.duration's bound
PLATFORM = "platform"


@dataclass
class Proposal:
    shots: list[ProposedShot]
    source: str  # LOCAL | PLATFORM
    notice: str = ""  # said to the user (e.g. why the local splitter was used)


async def propose_shots(script: str, tools: PromptTools | None = None) -> Proposal:
    """Proposed shots for `script`: from the platform when `tools` is given, else (or when the
    platform fails) from the local splitter. Raises ValueError for an empty script."""
    if not script.strip():
        raise ValueError(EMPTY_SCRIPT)
    if tools is not None:
        try:
            remote = await tools.api.script_to_shots(script)
            return Proposal([from_remote(s, i) for i, s in enumerate(remote, 1)], PLATFORM,
                            f"{len(remote)} shots proposed by the studio platform.")
        except ProviderError as exc:
            log.warning("script-to-shots on the platform failed: %s", exc)
            shots = split_script(script)
            return Proposal(shots, LOCAL, f"The studio platform could not split the script "
                            f"({exc.message}); it was split locally instead.")
    shots = split_script(script)
    return Proposal(shots, LOCAL, f"{len(shots)} shots found by the local splitter.")


def _enum(value: str, enum: type[ShotType] | type[CameraMove]):
    """The platform's spelling of a shot type ("close_up", "Close-up", "CLOSE UP") → ours."""
    key = re.sub(r"[\s_\-]+", "", value).lower()
    for member in enum:
        if re.sub(r"[\s_\-]+", "", member.value).lower() == key:
            return member
    return enum.NONE


def from_remote(shot: RemoteShot, number: int) -> ProposedShot:
    duration = shot.duration if shot.duration is not None else estimate_duration(shot.prompt)
    title = shot.title.strip() or f"Shot {number}"
    return ProposedShot(
        title=title,
        prompt=shot.prompt,
        duration=round(min(MAX_SHOT_SECONDS, duration), 2),  # the platform's own choice, kept
        shot_type=_enum(shot.shot_type, ShotType),
        camera_move=_enum(shot.camera_move, CameraMove),
        notes=shot.notes,
        extra=shot.extra,
    )


def insert_command(doc: ProjectDocument, index: int, shots: Sequence[ProposedShot]) -> AddShots:
    """One AddShots for the shots the user kept (in their order) at `index`."""
    kept = [s for s in shots if s.include]
    if not kept:
        raise ValueError("no shots are checked: tick the shots to insert, or cancel")
    for n, s in enumerate(kept, 1):
        if not s.prompt.strip():
            raise ValueError(f"shot {n} (“{s.title}”) has an empty prompt: describe it or "
                             "untick it")
        if not 0 < s.duration <= MAX_SHOT_SECONDS:
            raise ValueError(f"shot {n} (“{s.title}”): duration must be more than 0 and at "
                             f"most 600 seconds (got {s.duration:g})")
    word = "shot" if len(kept) == 1 else "shots"
    return AddShots(doc, index, [s.fields() for s in kept],
                    text=f"Insert {len(kept)} {word} from script")

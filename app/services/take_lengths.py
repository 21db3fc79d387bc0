"""A take's stored length brought to its picture's, when its media is probed again.

A take records its media's length when it is made. Before a video's length was its picture's
(app.media.probe), the container's was stored: 3.06 s for a 3.00 s picture whose sound runs
on, so the timeline and the cut said 15.30 s for a film that plays 15.00 s. The export probes
every take it plays; a take whose stored length differs from what that probe found gets the
probe's, so the timeline, the sound and subtitle placement and the film agree from then on."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from pathlib import Path

from app.domain import Take
from app.media.errors import MediaError
from app.media.probe import MediaInfo, probe
from app.services.project_document import ProjectDocument

_PROBES_AT_ONCE = max(4, os.cpu_count() or 1)  # as app.media.export plans a film

# below this, the stored length is the probe's (rounding), not another rule's
_SAME = 1e-6


def stale(take: Take, info: MediaInfo) -> bool:
    """`take`'s stored length is not its video's picture length."""
    if info.kind != "video" or info.duration <= 0:
        return False
    return take.duration is None or abs(take.duration - info.duration) > _SAME


async def refreshed(doc: ProjectDocument, takes: Sequence[Take | None]) -> list[Take | None]:
    """Each take as stored once its length is its picture's (None: a shot played by its card),
    in order; a take already right, or whose media cannot be read (the export says what is
    wrong with it), is given back unchanged. A probe is remembered: the export's plan reads
    the same ones again for nothing."""
    probes = asyncio.Semaphore(_PROBES_AT_ONCE)

    async def one(take: Take | None) -> Take | None:
        if take is None or not take.media_path:
            return take
        async with probes:
            try:
                info = await probe(Path(take.media_path))
            except MediaError:
                return take
        if not stale(take, info):
            return take
        take = take.model_copy(update={"duration": info.duration})
        doc.update_take(take)
        return take

    return list(await asyncio.gather(*(one(t) for t in takes)))

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


def correct_lengths(doc: ProjectDocument, takes: Sequence[Take | None],
                    infos: Sequence[MediaInfo]) -> list[Take]:
    """Store each take's picture length where it differs (None: a shot played by its card);
    returns the takes as now stored, in order, those left alone unchanged."""
    out = []
    for take, info in zip(takes, infos, strict=True):
        if take is not None and stale(take, info):
            take = take.model_copy(update={"duration": info.duration})
            doc.update_take(take)
        out.append(take)
    return out


async def refreshed(doc: ProjectDocument, takes: Sequence[Take | None]) -> list[Take | None]:
    """`correct_lengths` for takes not probed yet (a probe is remembered: the export's plan
    reads the same ones again for nothing). A take whose media cannot be read is left as it
    is: the export says what is wrong with it."""
    probes = asyncio.Semaphore(_PROBES_AT_ONCE)

    async def probed(take: Take | None) -> MediaInfo | None:
        if take is None or not take.media_path:
            return None
        async with probes:
            try:
                return await probe(Path(take.media_path))
            except MediaError:
                return None

    infos = await asyncio.gather(*(probed(t) for t in takes))
    known = [(i, t, info) for i, (t, info) in enumerate(zip(takes, infos, strict=True))
             if t is not None and info is not None]
    out = list(takes)
    for (i, _, _), take in zip(known, correct_lengths(
            doc, [t for _, t, _ in known], [info for _, _, info in known]), strict=True):
        out[i] = take
    return out

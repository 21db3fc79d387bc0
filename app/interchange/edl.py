"""CMX 3600 EDLs through OpenTimelineIO's adapter (the `otio-cmx3600-adapter` package).

Export: the OTIO timeline with reel names taken from the media file names; every transition is
written as a D (dissolve) event, the only kind the adapter writes — fades and wipes therefore
come back as dissolves. An EDL dissolve starts at the cut (its record-in) and runs into the
incoming shot, so the centred transitions of the OTIO export are laid out that way: the
outgoing event ends where the incoming shot starts in the film, the dissolve plays the
outgoing shot's last frames over the incoming shot's first, and the record times add up to
the film's length. Neither side needs media outside its own in/out points. Import reads it
back the same way and gives the incoming clip its own file, which the adapter leaves in a
`TO CLIP:` comment."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import opentimelineio as otio

from app.interchange.errors import InterchangeError
from app.interchange.otio_export import ExportReport, build_timeline, gather_entries
from app.interchange.timing import TR
from app.services.project_document import ProjectDocument

ADAPTER = "cmx_3600"
REEL_LENGTH = 8  # CMX 3600 reel names are at most 8 characters


def reel_name(file_name: str) -> str:
    stem = Path(file_name).stem
    reel = re.sub(r"[^A-Za-z0-9]+", "", stem)[:REEL_LENGTH]
    return reel or "AX"  # AX: the EDL convention for an auxiliary/unknown source


def _for_edl(timeline: otio.schema.Timeline) -> otio.schema.Timeline:
    out = timeline.deepcopy()  # the adapter edits the track it writes
    for track in out.video_tracks():
        items = list(track)
        for k, item in enumerate(items):
            if not isinstance(item, otio.schema.Transition) or not 0 < k < len(items) - 1:
                continue
            into = item.in_offset  # the part before the cut moves after it
            before, after = items[k - 1], items[k + 1]
            if before.source_range is None or after.source_range is None:
                continue
            b, a = before.source_range, after.source_range
            before.source_range = TR(b.start_time, b.duration - into)
            start = a.start_time - into
            if isinstance(after, otio.schema.Gap):  # black has no frame before its first
                start = otio.opentime.RationalTime(max(0, start.value), start.rate)
            after.source_range = TR(start, a.duration + into)
            item.out_offset = item.in_offset + item.out_offset
            item.in_offset = otio.opentime.RationalTime(0, item.out_offset.rate)
    for clip in out.find_clips():
        ref = clip.media_reference
        url = getattr(ref, "target_url", "") or ""
        if url:
            clip.metadata.setdefault(ADAPTER, {})["reel"] = reel_name(url.rsplit("/", 1)[-1])
    return out


def edl_text(timeline: otio.schema.Timeline) -> str:
    try:
        return otio.adapters.write_to_string(_for_edl(timeline), ADAPTER)
    except otio.exceptions.OTIOError as exc:
        raise InterchangeError(f"This timeline cannot be written as an EDL: {exc}") from exc


def write_edl(timeline: otio.schema.Timeline, dest: Path) -> None:
    from app.fsutil import atomic_write_text

    text = edl_text(timeline)
    try:
        atomic_write_text(Path(dest), text)
    except OSError as exc:
        raise InterchangeError(f"Could not write {dest}: {exc.strerror or exc}") from exc


async def export_edl(doc: ProjectDocument, dest: Path) -> ExportReport:
    report = ExportReport(Path(dest))
    timeline = build_timeline(doc.project, await gather_entries(doc), report)
    if any(s.transition.value in ("fade", "wipe") for s in doc.shots):
        report.warnings.append("EDL has dissolves only: fades and wipes were written as "
                               "dissolves (the .otio export keeps them).")
    await asyncio.to_thread(write_edl, timeline, Path(dest))
    return report


def read_edl(path: Path, fps: float) -> otio.schema.Timeline:
    try:
        timeline = otio.adapters.read_from_file(str(path), adapter_name=ADAPTER, rate=fps)
    except OSError as exc:
        raise InterchangeError(f"Could not read {path}: {exc.strerror or exc}") from exc
    except Exception as exc:  # noqa: BLE001 - the adapter raises many kinds on a bad line
        raise InterchangeError(
            f"{Path(path).name} is not a CMX 3600 EDL Reelroom can read ({exc}). "
            "Export it again from your editor as CMX 3600, or use OTIO.") from exc
    normalise(timeline)
    return timeline


def _to_clip_url(clip: otio.schema.Clip) -> str | None:
    for comment in clip.metadata.get(ADAPTER, {}).get("comments", []):
        for tag in ("TO CLIP:", "TO FILE:"):
            if comment.startswith(tag):
                return comment[len(tag):].strip()
    return None


def normalise(timeline: otio.schema.Timeline) -> None:
    """Give each clip that follows a dissolve its own file (the adapter names the outgoing
    clip's file for both sides and keeps the incoming one in a `TO CLIP:` comment)."""
    for track in timeline.video_tracks():
        items = list(track)
        for i, item in enumerate(items[:-1]):
            nxt = items[i + 1]
            if not isinstance(item, otio.schema.Transition) or not isinstance(
                    nxt, otio.schema.Clip):
                continue
            url = _to_clip_url(nxt)
            if not url:
                continue
            if isinstance(nxt.media_reference, otio.schema.ExternalReference):
                nxt.media_reference.target_url = url
            else:  # after a dissolve from black the reader found no file at all
                nxt.media_reference = otio.schema.ExternalReference(target_url=url)

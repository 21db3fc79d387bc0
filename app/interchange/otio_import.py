"""A timeline from an editor (`.otio`, or a CMX 3600 `.edl`) becomes shots: one per clip or gap
of the first video track, in order, with its duration and the transition that follows it. A
clip whose media exists on disk brings that file in as the shot's take (copied into the
project's media folder); a clip whose media is missing still becomes a shot, with a note saying
which file was not found. Fields Reelroom wrote itself (`metadata["reelroom"]`) come back as
they were."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

import opentimelineio as otio

from app.domain import CameraMove, ShotType, Transition
from app.interchange.edl import read_edl
from app.interchange.errors import InterchangeError
from app.interchange.media_store import copy_in
from app.interchange.otio_export import META, TRIM_IN
from app.interchange.otio_sound import ImportedSound, plan_sound, prepare_sound
from app.interchange.timing import frames
from app.media.errors import MediaError
from app.media.probe import probe
from app.media.thumbnails import make_thumbnail

MAX_SHOT_SECONDS = 600.0  # Shot.duration's limit
SUFFIXES = (".otio", ".edl")


@dataclass
class PlannedShot:
    """A shot to create, before any file is touched."""

    fields: dict[str, Any]
    media: Path | None = None  # the clip's file, when it exists
    trim_in: float = 0.0  # seconds into the media where the clip starts
    problem: str | None = None  # why the clip has no take (missing file, URL, …)


@dataclass
class PreparedShot:
    fields: dict[str, Any]
    take: dict[str, Any] | None  # Take fields (media copied in, probed), or None


@dataclass
class TimelineImport:
    source: Path
    shots: list[PreparedShot]
    warnings: list[str] = field(default_factory=list)
    sound: ImportedSound = field(default_factory=ImportedSound)  # audio tracks and cues

    @property
    def takes(self) -> int:
        return sum(1 for s in self.shots if s.take)

    def summary(self) -> str:
        text = (f"Imported {len(self.shots)} shot(s) from {self.source.name}, "
                f"{self.takes} with media.")
        return text + ("\n" + "\n".join(self.warnings) if self.warnings else "")


# -- reading ------------------------------------------------------------------------------


def read_timeline(path: Path, fps: float = 24.0) -> otio.schema.Timeline:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InterchangeError(
            f"{path.name}: Reelroom imports .otio (OpenTimelineIO) and .edl (CMX 3600) "
            "timelines; export one of those from your editor.")
    if not path.is_file():
        raise InterchangeError(f"{path} does not exist.")
    if suffix == ".edl":
        return read_edl(path, fps)
    try:
        timeline = otio.adapters.read_from_file(str(path), adapter_name="otio_json")
    except Exception as exc:  # noqa: BLE001 - a bad file fails in many ways inside OTIO
        raise InterchangeError(
            f"{path.name} is not a readable OpenTimelineIO file ({exc}).") from exc
    if not isinstance(timeline, otio.schema.Timeline):
        raise InterchangeError(f"{path.name} holds a {type(timeline).__name__}, not a timeline.")
    return timeline


def _track(timeline: otio.schema.Timeline, name: str) -> otio.schema.Track:
    tracks = [t for t in timeline.video_tracks() if t.enabled]
    if not tracks:
        raise InterchangeError(f"{name} has no video track to import.")
    return tracks[0]


def _transition_kind(t: otio.schema.Transition) -> Transition:
    said = t.metadata.get(META, {}).get("transition") if hasattr(t.metadata, "get") else None
    if said in {x.value for x in Transition} and said != "cut":
        return Transition(said)
    if t.transition_type == otio.schema.TransitionTypes.SMPTE_Dissolve:
        return Transition.DISSOLVE
    low = (t.name or "").lower()
    for kind in (Transition.FADE, Transition.WIPE):
        if kind.value in low:
            return kind
    return Transition.DISSOLVE  # the nearest thing we render to an unknown blend


def media_path(ref: Any, base_dir: Path) -> tuple[Path | None, str | None]:
    """(local file the reference names, or None with the reason)."""
    if ref is None or isinstance(ref, otio.schema.MissingReference):
        return None, "the clip names no media file"
    url = getattr(ref, "target_url", None)
    if not url:
        return None, "the clip names no media file"
    parsed = urlparse(url)
    if parsed.scheme == "file":
        path = Path(url2pathname(unquote(parsed.path)))
    elif parsed.scheme in ("", ) or (len(parsed.scheme) == 1 and url[1:3] in (":\\", ":/")):
        path = Path(url)  # a plain path (or a Windows drive path)
        if not path.is_absolute():
            path = base_dir / path
    else:
        return None, f"its media is at {url}, which is not a file on this computer"
    if not path.is_file():
        return None, f"media file not found: {path}"
    return path, None


def _meta(item: Any) -> dict[str, Any]:
    data = item.metadata.get(META) if hasattr(item.metadata, "get") else None
    return dict(data) if data else {}


def _handles(items: list, i: int) -> tuple[float, float]:
    """Seconds of item i's media the transitions either side of it play beyond its clip: the
    one before shows it `in_offset` early, the one after runs it `out_offset` on. The shot
    lasts its clip plus those (app.interchange.otio_export writes them so; an EDL's dissolve
    reads back as in 0, out its length)."""
    before = items[i - 1] if i > 0 else None
    after = items[i + 1] if i + 1 < len(items) else None
    head = before.in_offset.to_seconds() if isinstance(before, otio.schema.Transition) else 0.0
    tail = after.out_offset.to_seconds() if isinstance(after, otio.schema.Transition) else 0.0
    return max(0.0, head), max(0.0, tail)


def _shot_fields(item: Any, meta: dict[str, Any], fps: float,
                 handles: tuple[float, float] = (0.0, 0.0)) -> tuple[dict[str, Any], str | None]:
    rng = item.source_range or item.trimmed_range()
    length = rng.duration.to_seconds() + sum(handles)
    note = None
    duration = length
    said = meta.get("duration")
    if isinstance(said, (int, float)) and said > 0 and frames(said, fps) == round(length * fps):
        duration = float(said)  # the exact value we exported (frames round it)
    if duration > MAX_SHOT_SECONDS:
        note = f"clip was {duration:g} s long; a shot holds at most {MAX_SHOT_SECONDS:g} s"
        duration = MAX_SHOT_SECONDS
    fields: dict[str, Any] = {"title": meta.get("title", item.name or ""), "duration": duration}
    for key in ("prompt", "negative_prompt", "notes", "provider", "model"):
        if isinstance(meta.get(key), str):
            fields[key] = meta[key]
    if meta.get("shot_type") in {x.value for x in ShotType}:
        fields["shot_type"] = ShotType(meta["shot_type"])
    if meta.get("camera_move") in {x.value for x in CameraMove}:
        fields["camera_move"] = CameraMove(meta["camera_move"])
    return fields, note


def plan_shots(timeline: otio.schema.Timeline, base_dir: Path, fps: float,
               name: str = "the timeline") -> tuple[list[PlannedShot], list[str]]:
    """Pure reading of the first video track; nothing is copied or written."""
    items = list(_track(timeline, name))
    planned: list[PlannedShot] = []
    warnings: list[str] = []
    for i, item in enumerate(items):
        if isinstance(item, otio.schema.Transition):
            if planned:
                planned[-1].fields["transition"] = _transition_kind(item)
            continue
        if not isinstance(item, (otio.schema.Clip, otio.schema.Gap, otio.core.Composition)):
            continue
        rng = item.source_range or item.trimmed_range()
        if rng.duration.value <= 0:
            continue  # zero-length filler some editors leave between events
        meta = _meta(item)
        head, tail = _handles(items, i)
        fields, note = _shot_fields(item, meta, fps, (head, tail))
        is_last = all(isinstance(x, otio.schema.Transition) for x in items[i + 1:])
        if is_last and meta.get("transition") in ("dissolve", "fade", "wipe"):
            fields["transition"] = Transition(meta["transition"])  # nothing follows to hold it
        generated = isinstance(getattr(item, "media_reference", None),
                               otio.schema.GeneratorReference)
        if generated and not meta:
            # black or bars (an EDL's BL reel): a gap, whatever name the reader lent it
            fields["title"] = ""
        shot = PlannedShot(fields)
        number = len(planned) + 1
        if isinstance(item, otio.schema.Clip) and not generated:
            shot.media, shot.problem = media_path(item.media_reference, base_dir)
            shot.trim_in = max(0.0, rng.start_time.to_seconds() - head)
            if shot.problem:
                warnings.append(f"Shot {number} (“{fields['title'] or item.name}”): "
                                f"{shot.problem}.")
        if note:
            warnings.append(f"Shot {number}: {note}.")
        planned.append(shot)
    if not planned:
        raise InterchangeError(f"{name} has no clips or gaps to import.")
    return planned, warnings


# -- preparing (files) --------------------------------------------------------------------


async def _prepare_take(shot: PlannedShot, media_root: Path, thumbs: Path
                        ) -> tuple[dict[str, Any] | None, str | None]:
    assert shot.media is not None
    try:
        info = await probe(shot.media)
    except MediaError as exc:
        return None, f"{exc}"
    if not info.has_video:
        return None, f"{shot.media.name} has no picture"
    stored = await asyncio.to_thread(copy_in, shot.media, media_root)
    try:
        thumb: Path | None = await make_thumbnail(stored, thumbs)
    except MediaError:
        thumb = None  # a take without a poster frame is still a take
    params = {TRIM_IN: round(shot.trim_in, 6)} if shot.trim_in > 0 else {}
    # the clip's range of the file is what the cut plays (app.domain.cut)
    end = shot.trim_in + float(shot.fields.get("duration") or 0)
    trim_out = round(end, 6) if info.duration and 0 < end < info.duration - 1e-3 else None
    return {
        "source": "imported", "provider": "imported",
        "prompt": shot.fields.get("prompt", ""), "params": params,
        "trim_in": round(shot.trim_in, 6), "trim_out": trim_out,
        "media_path": str(stored), "duration": info.duration or None,
        "thumbnail_path": str(thumb) if thumb else None,
    }, None


async def prepare_import(source: Path, media_root: Path, thumbs: Path,
                         fps: float) -> TimelineImport:
    """Read `source`, then bring each clip's existing media into `media_root` (copy, probe,
    poster frame: all off the event loop's thread). Nothing in the library changes here."""
    source = Path(source)
    timeline = await asyncio.to_thread(read_timeline, source, fps)
    planned, warnings = plan_shots(timeline, source.parent, fps, source.name)
    sound, sound_warnings = plan_sound(timeline, lambda ref: media_path(ref, source.parent))
    warnings += sound_warnings
    warnings += await prepare_sound(sound, media_root)
    prepared: list[PreparedShot] = []
    for number, shot in enumerate(planned, start=1):
        take = None
        if shot.media is not None:
            take, problem = await _prepare_take(shot, media_root, thumbs)
            if problem:
                shot.problem = problem
                warnings.append(f"Shot {number}: {problem}.")
        if shot.problem:
            notes = shot.fields.get("notes", "")
            line = f"Imported from {source.name} without media: {shot.problem}."
            shot.fields["notes"] = f"{notes}\n{line}".strip()
        prepared.append(PreparedShot(shot.fields, take))
    return TimelineImport(source, prepared, warnings, sound)

"""The film's sound and words in OpenTimelineIO: each audio track becomes one or more OTIO
audio tracks (clips laid out in film time with gaps between; clips that overlap on one track
go to a second OTIO track of the same name), and subtitle cues become markers on the
timeline's stack. Each clip's and cue's exact values ride under `metadata["reelroom"]`, so a
Reelroom round trip keeps times and volumes to the millisecond while other editors see an
ordinary audio track and markers."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import opentimelineio as otio

from app.interchange.media_store import copy_in
from app.media.errors import MediaError
from app.media.probe import probe

META = "reelroom"
_EPS = 1e-6


def _rt(seconds: float, fps: float) -> otio.opentime.RationalTime:
    return otio.opentime.RationalTime(seconds * fps, fps)


def _range(start: float, length: float, fps: float) -> otio.opentime.TimeRange:
    return otio.opentime.TimeRange(_rt(start, fps), _rt(length, fps))


# -- export -------------------------------------------------------------------------------


def _clip(clip, fps: float) -> otio.schema.Clip:
    path = Path(clip.media_path)
    available = _range(0, clip.media_duration, fps) if clip.media_duration else None
    ref = otio.schema.ExternalReference(target_url=path.resolve().as_uri(),
                                        available_range=available)
    ref.name = path.name
    item = otio.schema.Clip(name=clip.name or path.name, media_reference=ref,
                            source_range=_range(clip.src_in, clip.length, fps))
    item.metadata[META] = {"audio_clip": {
        "start": clip.start, "src_in": clip.src_in, "src_out": clip.src_out,
        "media_duration": clip.media_duration, "volume": clip.volume,
        "fade_in": clip.fade_in, "fade_out": clip.fade_out, "name": clip.name,
        "source": clip.source}}
    return item


def add_sound(timeline: otio.schema.Timeline, sound, fps: float) -> int:
    """Append the audio tracks and the cue markers; returns how many clips went out."""
    count = 0
    for track in sound.of_kind("audio"):
        clips = [c for c in sound.clips(track.id) if c.length > 0]
        lanes: list[tuple[otio.schema.Track, float]] = []  # OTIO track, where it ends
        for clip in sorted(clips, key=lambda c: c.start):
            k = next((i for i, (_, end) in enumerate(lanes) if end <= clip.start + _EPS), None)
            if k is None:
                lane = otio.schema.Track(name=track.name if not lanes else
                                         f"{track.name} {len(lanes) + 1}",
                                         kind=otio.schema.TrackKind.Audio)
                lane.metadata[META] = {"track": {"name": track.name, "muted": track.muted,
                                                 "solo": track.solo, "volume": track.volume}}
                lanes.append((lane, 0.0))
                k = len(lanes) - 1
            lane, end = lanes[k]
            if clip.start > end + _EPS:
                lane.append(otio.schema.Gap(source_range=_range(0, clip.start - end, fps)))
            lane.append(_clip(clip, fps))
            lanes[k] = (lane, clip.end)
            count += 1
        for lane, _ in lanes:
            timeline.tracks.append(lane)
    for track in sound.of_kind("subtitle"):
        for cue in sound.cues(track.id):
            marker = otio.schema.Marker(name=cue.text,
                                        marked_range=_range(cue.start, cue.end - cue.start, fps))
            marker.metadata[META] = {"cue": {"track": track.name, "start": cue.start,
                                             "end": cue.end, "text": cue.text}}
            timeline.tracks.markers.append(marker)
    return count


# -- import -------------------------------------------------------------------------------


@dataclass
class PlannedClip:
    track: str
    fields: dict[str, Any]  # AudioClip fields but track_id and media_path
    media: Path | None
    problem: str | None = None


@dataclass
class ImportedSound:
    clips: list[PlannedClip] = field(default_factory=list)  # media copied in when prepared
    cues: list[dict[str, Any]] = field(default_factory=list)  # track, start, end, text
    muted: dict[str, bool] = field(default_factory=dict)  # audio track name → muted

    def __bool__(self) -> bool:
        return bool(self.clips or self.cues)


def _meta(item) -> dict[str, Any]:
    data = item.metadata.get(META) if hasattr(item.metadata, "get") else None
    return dict(data) if data else {}


def plan_sound(timeline: otio.schema.Timeline, media_path) -> tuple[ImportedSound, list[str]]:
    """Audio tracks and cue markers, read (no file touched). `media_path(ref)` answers
    (path or None, problem) like otio_import.media_path."""
    sound, warnings = ImportedSound(), []
    for lane in timeline.audio_tracks():
        tmeta = _meta(lane).get("track") or {}
        name = str(tmeta.get("name") or lane.name or "Audio")
        if "muted" in tmeta:
            sound.muted[name] = bool(tmeta["muted"])
        at = 0.0
        for item in lane:
            if isinstance(item, otio.schema.Transition):
                continue
            rng = item.source_range or item.trimmed_range()
            length = rng.duration.to_seconds()
            if isinstance(item, otio.schema.Clip):
                said = _meta(item).get("audio_clip") or {}
                fields = {
                    "start": float(said.get("start", at)),
                    "src_in": float(said.get("src_in", rng.start_time.to_seconds())),
                    "src_out": said.get("src_out", rng.start_time.to_seconds() + length),
                    "media_duration": said.get("media_duration"),
                    "volume": float(said.get("volume", 1.0)),
                    "fade_in": float(said.get("fade_in", 0.0)),
                    "fade_out": float(said.get("fade_out", 0.0)),
                    "name": str(said.get("name", item.name or "")),
                }
                path, problem = media_path(item.media_reference)
                if problem:
                    warnings.append(f"Audio “{fields['name']}” on {name}: {problem}.")
                sound.clips.append(PlannedClip(name, fields, path, problem))
            at += length
    for marker in timeline.tracks.markers:
        cue = _meta(marker).get("cue")
        if not cue:
            continue  # an editor's own marker (a note), not a subtitle
        sound.cues.append({"track": str(cue.get("track") or "Subtitles"),
                           "start": float(cue["start"]), "end": float(cue["end"]),
                           "text": str(cue.get("text", marker.name))})
    return sound, warnings


async def prepare_sound(sound: ImportedSound, media_root: Path) -> list[str]:
    """Copy each clip's file into the project's media folder (and learn its length)."""
    warnings = []
    for clip in sound.clips:
        if clip.media is None:
            continue
        try:
            info = await probe(clip.media)
        except MediaError as exc:
            clip.problem, clip.media = str(exc), None
            warnings.append(f"Audio “{clip.fields['name']}”: {exc}.")
            continue
        if not info.has_audio:
            clip.problem, clip.media = f"{clip.media.name} has no sound", None
            warnings.append(f"Audio “{clip.fields['name']}”: {clip.problem}.")
            continue
        clip.media = await asyncio.to_thread(copy_in, clip.media, media_root)
        if info.sound_duration and not clip.fields.get("media_duration"):
            clip.fields["media_duration"] = info.sound_duration
    return warnings

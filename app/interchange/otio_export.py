"""A project's storyboard as an OpenTimelineIO timeline: one video track, a clip per shot that
has a selected take (pointing at its media file), a gap for a shot without one, transitions
between shots, and each shot's own fields under `metadata["reelroom"]` so Reelroom can read its
own export back losslessly while other editors see an ordinary cut."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

import opentimelineio as otio

from app.domain import Project, Shot, Take, Transition
from app.domain.cut import CutSpan, cut_span, join_overlaps
from app.interchange.errors import InterchangeError
from app.interchange.timing import RT, frames, handles, span, transition_frames
from app.media.errors import MediaError
from app.media.probe import probe
from app.services.project_document import ProjectDocument

META = "reelroom"  # our key in every OTIO metadata dict
FORMAT = 1  # of what we put under META
# A take's non-destructive in point (seconds into its media), read on export and written by
# import when a clip starts part-way into its file.
TRIM_IN = "trim_in"
TRIM_OUT = "trim_out"

_TRANSITION_TYPES = {
    Transition.DISSOLVE: otio.schema.TransitionTypes.SMPTE_Dissolve,
    Transition.FADE: otio.schema.TransitionTypes.Custom,
    Transition.WIPE: otio.schema.TransitionTypes.Custom,
}


@dataclass(frozen=True)
class Entry:
    """One shot as it goes out: its selected take (if any) and that take's media length."""

    shot: Shot
    take: Take | None
    media_seconds: float | None = None  # probed; None when the file is missing or unreadable
    problem: str | None = None

    @property
    def span(self) -> CutSpan:
        """The shot in the cut (the one length rule), on the probed media length if known."""
        take = self.take
        if take is not None and self.media_seconds:
            take = take.model_copy(update={"duration": self.media_seconds})
        return cut_span(self.shot, take)


@dataclass
class ExportReport:
    path: Path
    clips: int = 0
    gaps: int = 0
    transitions: int = 0
    warnings: list[str] = field(default_factory=list)
    audio_clips: int = 0

    def summary(self) -> str:
        text = (f"Wrote {self.path.name}: {self.clips} clip(s), {self.gaps} gap(s) for shots "
                f"without a take, {self.transitions} transition(s)")
        text += f", {self.audio_clips} audio clip(s)." if self.audio_clips else "."
        return text + ("\n" + "\n".join(self.warnings) if self.warnings else "")


async def gather_entries(doc: ProjectDocument) -> list[Entry]:
    """The shots in order with their selected takes, media probed (ffmpeg, off the loop's
    thread) so the clips can say how much media is available."""
    probes = asyncio.Semaphore(4)

    async def entry(shot: Shot) -> Entry:
        take = doc.take(shot.selected_take_id) if shot.selected_take_id else None
        if take is None or not take.media_path:
            return Entry(shot, None)
        path = Path(take.media_path)
        try:
            async with probes:
                info = await probe(path)
        except MediaError as exc:
            return Entry(shot, take, take.duration, f"its take's media cannot be read: {exc}")
        return Entry(shot, take, info.duration or take.duration)

    return list(await asyncio.gather(*(entry(s) for s in doc.shots)))


def shot_metadata(shot: Shot, take: Take | None) -> dict:
    data = {
        "format": FORMAT,
        "shot_id": shot.id,
        "title": shot.title,
        "prompt": shot.prompt,
        "negative_prompt": shot.negative_prompt,
        "shot_type": shot.shot_type.value,
        "camera_move": shot.camera_move.value,
        "transition": shot.transition.value,
        "duration": shot.duration,
        "notes": shot.notes,
        "provider": shot.provider,
        "model": shot.model,
    }
    if take is not None:
        data["take"] = {"id": take.id, "number": take.number, "source": take.source,
                        "provider": take.provider, "model": take.model}
    return data


def _name(shot: Shot, number: int) -> str:
    return shot.title.strip() or f"Shot {number}"


def _clip(entry: Entry, number: int, fps: float, head: int, tail: int) -> otio.schema.Clip:
    """The shot's clip, less the `head` frames the transition before it shows early and the
    `tail` frames the one after it runs on (the transitions' handles, app.interchange.timing)."""
    shot, take = entry.shot, entry.take
    assert take is not None and take.media_path
    path = Path(take.media_path)
    cut = entry.span
    length = frames(cut.length, fps)
    start = round(cut.start * fps)
    available = None
    if entry.media_seconds:
        available = span(0, max(frames(entry.media_seconds, fps), start + 1), fps)
    ref = otio.schema.ExternalReference(target_url=path.resolve().as_uri(),
                                        available_range=available)
    ref.name = path.name
    clip = otio.schema.Clip(name=_name(shot, number), media_reference=ref,
                            source_range=span(start + head, length - head - tail, fps))
    clip.metadata[META] = shot_metadata(shot, take)
    return clip


def _gap(shot: Shot, number: int, fps: float, head: int, tail: int) -> otio.schema.Gap:
    length = frames(shot.duration, fps)
    gap = otio.schema.Gap(name=_name(shot, number),
                          source_range=span(0, length - head - tail, fps))
    gap.metadata[META] = shot_metadata(shot, None)
    return gap


def _transition(kind: Transition, length: int, fps: float) -> otio.schema.Transition:
    before, after = handles(length)
    t = otio.schema.Transition(name=kind.value, transition_type=_TRANSITION_TYPES[kind],
                               in_offset=RT(before, fps), out_offset=RT(after, fps))
    t.metadata[META] = {"transition": kind.value}  # says fade or wipe where the schema cannot
    return t


def _overlap_frames(entries: list[Entry], fps: float) -> dict[int, int]:
    """Index i → frames shot i overlaps shot i + 1: the film's own rule (app.domain.cut)."""
    lengths = [e.span.length for e in entries]
    joins = {i: e.shot.transition for i, e in enumerate(entries)
             if e.shot.transition is not Transition.CUT}
    out = {i: transition_frames(t, fps) for i, t in join_overlaps(lengths, joins).items()}
    return {i: n for i, n in out.items() if n}


def build_timeline(project: Project, entries: list[Entry],
                   report: ExportReport | None = None) -> otio.schema.Timeline:
    """Pure: the timeline for `entries` (in order) at the project's frame rate. A transition
    sits between its two clips with in/out offsets, centred on the cut, and the clips lend it
    their frames, so the track lasts exactly as long as the rendered film."""
    fps = project.fps
    if not entries:
        raise InterchangeError(f"“{project.name}” has no shots to export; add shots first.")
    timeline = otio.schema.Timeline(name=project.name)
    timeline.metadata[META] = {"format": FORMAT, "project": project.name, "fps": fps,
                               "aspect": project.aspect}
    track = otio.schema.Track(name="V1", kind=otio.schema.TrackKind.Video)
    timeline.tracks.append(track)
    overlaps = _overlap_frames(entries, fps)
    for number, entry in enumerate(entries, start=1):
        i = number - 1
        if i and i - 1 in overlaps:
            prev = entries[i - 1].shot
            track.append(_transition(prev.transition, overlaps[i - 1], fps))
            if report:
                report.transitions += 1
        elif i and entries[i - 1].shot.transition is not Transition.CUT and report:
            report.warnings.append(
                f"Shot {i}: too short for its {entries[i - 1].shot.transition.value}; "
                "exported as a cut.")
        head = handles(overlaps[i - 1])[0] if i - 1 in overlaps else 0  # its in_offset
        tail = handles(overlaps[i])[1] if i in overlaps else 0  # the next one's out_offset
        if entry.take is not None and entry.take.media_path:
            track.append(_clip(entry, number, fps, head, tail))
            if report:
                report.clips += 1
                if entry.problem:
                    report.warnings.append(f"Shot {number}: {entry.problem}")
        else:
            track.append(_gap(entry.shot, number, fps, head, tail))
            if report:
                report.gaps += 1
    return timeline


def write_otio(timeline: otio.schema.Timeline, dest: Path) -> None:
    """Write through a temporary name so a failed write never leaves half a file."""
    dest = Path(dest)
    part = dest.with_name(dest.name + ".part")
    try:
        otio.adapters.write_to_file(timeline, str(part), adapter_name="otio_json")
        part.replace(dest)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise InterchangeError(f"Could not write {dest}: {exc.strerror or exc}") from exc


async def export_otio(doc: ProjectDocument, dest: Path) -> ExportReport:
    from app.interchange.otio_sound import add_sound

    report = ExportReport(Path(dest))
    timeline = build_timeline(doc.project, await gather_entries(doc), report)
    report.audio_clips = add_sound(timeline, doc.sound, doc.project.fps)
    await asyncio.to_thread(write_otio, timeline, Path(dest))
    return report

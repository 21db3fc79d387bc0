"""What the film's sound and words are at export: the project's audible audio clips as a
MixPlan (app.media.mix), the takes' own sound with each shot's gain, the loudness target and
the subtitle track as a file. Decided here from the open project; rendered by app.media.mix."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from app.domain.cut import starts_after
from app.domain.soundtrack import DESCRIPTION, NARRATION, SUBTITLES
from app.interchange.subtitle_files import CueText, write_subtitles
from app.media.export import ExportPlan
from app.media.fonts import find_font
from app.media.mix import (
    LOUDNESS_TARGETS,
    SUBTITLE_MODES,
    FinishPlan,
    MixClip,
    MixPlan,
    SubtitlePlan,
)
from app.services.exporting import ExportError
from app.services.project_document import ProjectDocument
from app.services.soundtrack import match_track

# Tracks that speak: beds (music, effects, any track a user adds) duck under them.
VOICE_TRACKS = (NARRATION.casefold(), DESCRIPTION.casefold())
LOUDNESS_CHOICES = ("auto", *LOUDNESS_TARGETS)
SIDECAR_FORMATS = ("srt", "vtt")


class MixOptionError(ExportError):
    """An export option or a subtitle track that cannot be used, in words."""


def check_options(subtitles: str, loudness: str, sidecar_format: str = "srt") -> None:
    if subtitles not in SUBTITLE_MODES:
        raise MixOptionError(f"subtitles must be one of {', '.join(SUBTITLE_MODES)} "
                             f"(got {subtitles!r})")
    if str(loudness) not in LOUDNESS_CHOICES:
        raise MixOptionError(f"loudness must be one of {', '.join(LOUDNESS_CHOICES)} "
                             f"(got {loudness!r}): -14 LUFS for the web, -23 for broadcast")
    if sidecar_format not in SIDECAR_FORMATS:
        raise MixOptionError(f"the sidecar must be srt or vtt (got {sidecar_format!r})")


def mix_clips(doc: ProjectDocument, duration: float) -> list[MixClip]:
    """Every clip of the audible tracks (mute/solo), cut to the film's length."""
    sound = doc.sound
    made = []
    for track in sound.audible():
        bus = "voice" if track.name.casefold() in VOICE_TRACKS else "bed"
        for clip in sound.clips(track.id):
            length = min(clip.length, duration - clip.start)
            if length <= 0.01 or not Path(clip.media_path).is_file():
                continue
            gain = clip.volume * track.volume
            if gain <= 0:
                continue
            made.append(MixClip(Path(clip.media_path), start=clip.start, length=length,
                                src_in=clip.src_in, gain=gain, fade_in=clip.fade_in,
                                fade_out=clip.fade_out, bus=bus))  # type: ignore[arg-type]
    return made


def take_gains(included: Sequence, plan: ExportPlan) -> list[tuple[float, float, float]]:
    """Film spans (start, end, gain) of the shots whose take's own sound is turned down or
    muted: each clip starts where the previous ended minus the transition they share."""
    lengths = plan.on_frames  # where the film's cuts fall (app.media.film_grid)
    starts = starts_after(lengths, {i: t for i, t in enumerate(plan.overlaps) if t})
    spans = []
    for i, clip in enumerate(included):
        shot = clip.shot
        gain = 0.0 if shot.take_audio_muted else float(shot.take_audio_volume)
        if abs(gain - 1) > 1e-6:
            spans.append((starts[i], starts[i] + lengths[i], gain))
    return spans


def film_cues(doc: ProjectDocument, track_name: str, duration: float | None) -> list[CueText]:
    track = match_track(doc.sound.of_kind("subtitle"), track_name)
    if track is None:
        names = ", ".join(t.name for t in doc.sound.of_kind("subtitle"))
        raise MixOptionError(f"no subtitle track named {track_name!r} (there are: {names})")
    cues = [CueText(q.start, q.end, q.text) for q in doc.sound.cues(track.id)]
    if duration is not None:
        cues = [CueText(c.start, min(c.end, duration), c.text) for c in cues
                if c.start < duration - 0.01]
    return cues


def finish_plan(doc: ProjectDocument, included: Sequence, plan: ExportPlan, subtitles: str,
                loudness: str, duck: bool, subtitle_track: str = SUBTITLES,
                scratch: Path | None = None, *, duration: float | None = None,
                take_audio: bool = True) -> FinishPlan:
    """The plan for the pass after the picture. `duration` is the exported picture's length
    (before the picture is made, the plan's expected length stands in)."""
    length = duration if duration else plan.expected_duration
    clips = mix_clips(doc, length)
    target = (-14.0 if clips else None) if loudness == "auto" else LOUDNESS_TARGETS[loudness]
    mix = MixPlan(duration=length, clips=tuple(clips),
                  take_gains=tuple(take_gains(included, plan)),
                  take_audio=take_audio, duck=duck, loudness=target)
    words = SubtitlePlan("none")
    if subtitles in ("soft", "burn"):
        cues = film_cues(doc, subtitle_track, length)
        if not cues:
            raise MixOptionError(f"the {subtitle_track!r} track has no cues to {subtitles} in "
                                 "(import an .srt/.vtt, or export with subtitles none)")
        file = None
        if scratch is not None:
            file = write_subtitles(scratch / "subtitles.srt", cues)
        font = find_font()
        words = SubtitlePlan(subtitles, file,  # type: ignore[arg-type]
                             font.parent if font is not None else None)
    elif subtitles == "sidecar" and not film_cues(doc, subtitle_track, None):
        raise MixOptionError(f"the {subtitle_track!r} track has no cues for a sidecar file")
    return FinishPlan(mix, words)


def write_sidecar(doc: ProjectDocument, output: Path, track_name: str, fmt: str,
                  duration: float | None) -> Path:
    """film.srt (or .vtt) beside film.mp4."""
    return write_subtitles(output.with_suffix(f".{fmt}"),
                           film_cues(doc, track_name, duration))

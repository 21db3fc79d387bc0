"""The sound tracks as one file for program playback: every audible clip (mute/solo as the
tracks say, per-clip volume and fades, music ducked under the voices) rendered to a WAV in
the cache, named by what is in it, so playing the film again after no change costs nothing
and any change (a clip moved, a track muted) makes a new one. The takes' own sound is not in
it: the Player's engines play that with each shot."""

from __future__ import annotations

import asyncio
import hashlib
import json
from dataclasses import asdict
from pathlib import Path

from app.media.encoding import src_arg
from app.media.ffmpeg import run_ffmpeg
from app.media.mix import MixPlan, mix_filtergraph
from app.services.film_mix import mix_clips
from app.services.project_document import ProjectDocument

KEEP = 8  # rendered beds kept per project folder (older ones are removed)


def bed_plan(doc: ProjectDocument) -> MixPlan | None:
    """The bed for the film as it is now, or None when no audible clip is on any track."""
    sound = doc.sound
    end = max([doc.cut_total(), *(c.end for t in sound.audible() for c in sound.clips(t.id))],
              default=0.0)
    clips = mix_clips(doc, end)
    if not clips or end <= 0:
        return None
    return MixPlan(duration=round(end, 3), clips=tuple(clips), take_audio=False, duck=True)


def bed_name(plan: MixPlan) -> str:
    data = json.dumps(asdict(plan), default=str, sort_keys=True)
    return f"bed-{hashlib.sha256(data.encode()).hexdigest()[:16]}.wav"


def bed_args(plan: MixPlan) -> list[str]:
    args: list[str] = []
    for clip in plan.clips:
        args += ["-i", src_arg(clip.path)]
    return [*args, "-filter_complex", mix_filtergraph(plan, first_input=0), "-map", "[aout]",
            "-c:a", "pcm_s16le", "-ar", "48000", "-ac", "2"]


async def render_bed(doc: ProjectDocument, folder: Path,
                     cancel: asyncio.Event | None = None) -> Path | None:
    """The bed's file (rendered now if this mix has not been yet), or None when silent."""
    plan = bed_plan(doc)
    if plan is None:
        return None
    out = folder / bed_name(plan)
    if out.is_file():
        return out
    await run_ffmpeg(bed_args(plan), output=out, duration_hint=plan.duration, cancel=cancel)
    await asyncio.to_thread(_prune, folder, out)
    return out


def _prune(folder: Path, keep: Path) -> None:
    beds = sorted(folder.glob("bed-*.wav"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in [b for b in beds if b != keep][KEEP - 1:]:
        old.unlink(missing_ok=True)

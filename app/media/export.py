"""Project export: many clips with transitions into one MP4.

Two paths. When every clip's picture already has the same format and every join is a cut, the
concat demuxer copies the pictures (seconds, no quality loss) and the sound is made once to
fit them (app.media.stream_copy). Otherwise every clip is conformed to
the target size/fps/audio format and joined (concat for cuts, xfade and acrossfade for
transitions) in two filtergraphs, the picture's and the sound's, and encoded once.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from app.media.conform import conform_filters, input_args
from app.media.encoding import container_args, src_arg
from app.media.errors import MediaCancelled
from app.media.export_settings import ExportSettings
from app.media.ffmpeg import ProgressCallback, run_ffmpeg
from app.media.film_grid import on_frames, steps
from app.media.probe import MediaInfo, probe
from app.media.progress import ProgressInfo
from app.media.stream_copy import copy_film

Transition = Literal["cut", "dissolve", "fade", "wipe"]
XFADE = {"dissolve": "fade", "fade": "fadeblack", "wipe": "wipeleft"}
# Codecs the MP4 muxer takes as they are; anything else must be re-encoded. (The copy makes
# the sound anew, so the clips' sound formats do not matter.)
_COPY_VIDEO = {"h264", "hevc", "av1"}
_PROBES_AT_ONCE = max(4, os.cpu_count() or 1)


@dataclass(frozen=True)
class ExportClip:
    path: Path
    transition_to_next: Transition = "cut"  # ignored on the last clip
    transition_seconds: float = 0.5
    # the part of the file the cut plays (app.domain.cut): from `start`, `length` seconds
    # (None: to the file's end)
    start: float = 0.0
    length: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", Path(self.path))
        if self.transition_to_next not in ("cut", *XFADE):
            raise ValueError(
                "transition_to_next must be one of cut, dissolve, fade, wipe "
                f"(got {self.transition_to_next!r})"
            )
        if self.transition_to_next != "cut" and not 0.04 <= self.transition_seconds <= 10:
            raise ValueError(
                f"transition_seconds must be between 0.04 and 10 (got {self.transition_seconds:g})"
            )


@dataclass(frozen=True)
class ExportPlan:
    clips: tuple[ExportClip, ...]
    infos: tuple[MediaInfo, ...]
    settings: ExportSettings
    stream_copy: bool
    reason: str  # why this path: shown in the export dialog
    overlaps: tuple[float, ...]  # seconds overlapped at each join (0 for cuts)
    expected_duration: float

    @property
    def durations(self) -> tuple[float, ...]:
        """How long each clip plays: its span of the file, not the file's length."""
        return tuple(played(c, i) for c, i in zip(self.clips, self.infos, strict=True))

    @property
    def on_frames(self) -> list[float]:
        """`durations` as the film plays them, on its frame grid (app.media.film_grid): the
        re-encode's cuts, and the copy's, whose clips are whole frames already."""
        return on_frames(self.durations, self.settings.fps)


def played(clip: ExportClip, info: MediaInfo) -> float:
    """The seconds of the file the clip plays: a video's are its picture's (app.media.probe),
    whatever its sound's length."""
    rest = max(0.0, (info.duration or 0.0) - clip.start)
    return rest if clip.length is None else min(clip.length, rest) if rest else clip.length


def _trimmed(clip: ExportClip, info: MediaInfo) -> bool:
    return clip.start > 1e-6 or abs(played(clip, info) - (info.duration or 0.0)) > 1e-3


@dataclass(frozen=True)
class ExportResult:
    path: Path
    stream_copy: bool
    duration: float
    width: int
    height: int
    has_audio: bool
    elapsed: float
    plan: ExportPlan = field(repr=False)


def _copy_blocker(
    infos: Sequence[MediaInfo], clips: Sequence[ExportClip], settings: ExportSettings | None
) -> str | None:
    """Why the streams cannot simply be copied end to end, or None when they can."""
    if any(c.transition_to_next != "cut" for c in clips[:-1]):
        return "a transition needs re-encoding"
    if any(_trimmed(c, i) for c, i in zip(clips, infos, strict=True)):
        return "a trimmed take needs re-encoding"
    first = infos[0]
    if first.video_codec not in _COPY_VIDEO:
        return f"{first.path.name} uses {first.video_codec}, not MP4-ready"
    if settings is not None and (
        (first.width, first.height) != (settings.width, settings.height)
        or abs((first.fps or 0) - settings.fps) > 0.01
    ):
        return "the clips differ from the chosen size or frame rate"
    for info in infos[1:]:
        same = (
            info.video_codec == first.video_codec
            and (info.width, info.height) == (first.width, first.height)
            and abs((info.fps or 0) - (first.fps or 0)) <= 0.01
            and info.pixel_format == first.pixel_format
        )
        if not same:
            return f"{info.path.name} differs from {first.path.name} in format"
    return None


def _overlaps(clips: Sequence[ExportClip], infos: Sequence[MediaInfo]) -> tuple[float, ...]:
    overlaps = []
    for i in range(len(clips) - 1):
        c = clips[i]
        t = 0.0 if c.transition_to_next == "cut" else c.transition_seconds
        shortest = min(played(c, infos[i]), played(clips[i + 1], infos[i + 1]))
        if t >= shortest:
            raise ValueError(
                f"transition_seconds after clip {i + 1} ({t:g} s) must be shorter than both "
                f"clips it joins ({shortest:.2f} s)"
            )
        overlaps.append(t)
    for i, info in enumerate(infos):
        into = overlaps[i - 1] if i > 0 else 0.0
        out = overlaps[i] if i < len(overlaps) else 0.0
        length = played(clips[i], info)
        if into + out >= length:
            raise ValueError(
                f"clip {i + 1} ({info.path.name}, {length:.2f} s) is too short for its "
                f"transitions ({into:g} s in + {out:g} s out)"
            )
    return tuple(overlaps)


async def plan_export(
    clips: Sequence[ExportClip], settings: ExportSettings | None = None
) -> ExportPlan:
    """Probe the clips and decide how they will be exported, without encoding anything.

    With no settings, the first clip's size and frame rate are the target.
    """
    if not clips:
        raise ValueError("clips must contain at least one clip")
    clips = tuple(clips)
    # A few ffmpeg probes at a time: one per shot at once would start hundreds of processes
    # (and their pipes) for a long film. Files probed before are not read again.
    probes = asyncio.Semaphore(_PROBES_AT_ONCE)

    async def probed(path: Path) -> MediaInfo:
        async with probes:
            return await probe(path)

    infos = tuple(await asyncio.gather(*(probed(c.path) for c in clips)))
    for info in infos:
        if info.kind != "video":
            raise ValueError(f"{info.path.name} is a {info.kind}, but export takes video clips")
    overlaps = _overlaps(clips, infos)
    blocker = _copy_blocker(infos, clips, settings)
    if settings is None:
        first = infos[0]
        settings = ExportSettings(
            width=max(16, (first.width or 16) // 2 * 2),
            height=max(16, (first.height or 16) // 2 * 2),
            fps=first.fps or 30.0,
        )
    frames = steps([played(c, i) for c, i in zip(clips, infos, strict=True)], settings.fps)
    expected = sum(frames) / settings.fps - sum(overlaps)
    return ExportPlan(
        clips=clips,
        infos=infos,
        settings=settings,
        stream_copy=blocker is None,
        reason=blocker or "every clip has the same format and every join is a cut",
        overlaps=overlaps,
        expected_duration=expected,
    )


def build_filtergraphs(plan: ExportPlan) -> tuple[str, str]:
    """The re-encode's two graphs: the picture's, ending in [vout], and the sound's, ending in
    [aout].

    Two graphs, not one: ffmpeg runs each filtergraph on a thread of its own, which hands its
    frames to the encoders' queues and waits while a queue is full. One graph feeding both
    encoders makes no sound while it waits for room in the picture encoder's queue (and no
    picture while it waits on the sound's), so the AAC encoder, a quarter of a re-encode's CPU
    time, idles behind x264 and a core stands empty. Apart, each encoder is fed as fast as it
    takes frames (and the sound's graph and encoder start beside the picture's, not after).
    Nothing needs the two streams joined: every clip's picture is cut to its frames and its
    sound to the sample where those frames end, so each stream's joins fall where one concat
    of both put them (tests/media/test_export_graphs.py compares every frame and sample)."""
    s = plan.settings
    transitions = any(t > 0 for t in plan.overlaps)
    aformat = "aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo"
    picture: list[str] = []
    sound: list[str] = []
    # the cuts on the film's frame grid, and each one's sound to the sample where its
    # picture's cut falls (app.media.film_grid): no clip rounds on its own
    lengths = plan.on_frames
    frames = steps(plan.durations, s.fps)
    samples = steps(lengths, 48000)
    for i, info in enumerate(plan.infos):
        # settb=AVTB: concat outputs that time base, and xfade insists both inputs share one.
        # Every clip becomes exactly its frames long on both streams: a video stream that
        # ends early is held on its last frame, audio is cut or padded with silence (or
        # replaced by it), so audio cannot drift from the picture across joins.
        conform = ",".join(conform_filters(info, s, keep_fps=transitions))
        picture.append(
            f"[{i}:v]setpts=PTS-STARTPTS,{conform},"
            f"tpad=stop_mode=clone:stop_duration=1,trim=end_frame={frames[i]},"
            f"setpts=PTS-STARTPTS,settb=AVTB[v{i}]"
        )
        fit = f"atrim=end_sample={samples[i]}"
        if info.has_audio:
            sound.append(
                f"[{i}:a]asetpts=PTS-STARTPTS,aresample=48000,{aformat},"
                f"apad,{fit},asetpts=PTS-STARTPTS[a{i}]"
            )
        else:
            sound.append(f"anullsrc=r=48000:cl=stereo,{aformat},{fit}[a{i}]")

    # Runs of clips joined by cuts become one concat; transitions join the runs.
    groups: list[list[int]] = [[0]]
    for i, t in enumerate(plan.overlaps):
        if t == 0:
            groups[-1].append(i + 1)
        else:
            groups.append([i + 1])
    labels: list[tuple[str, str, float]] = []
    for g, members in enumerate(groups):
        dur = sum(lengths[i] for i in members)
        if len(members) == 1:
            labels.append((f"v{members[0]}", f"a{members[0]}", dur))
            continue
        n = len(members)
        picture.append(f"{''.join(f'[v{i}]' for i in members)}concat=n={n}:v=1:a=0[gv{g}]")
        sound.append(f"{''.join(f'[a{i}]' for i in members)}concat=n={n}:v=0:a=1[ga{g}]")
        labels.append((f"gv{g}", f"ga{g}", dur))

    cur_v, cur_a, cur_d = labels[0]
    for g in range(1, len(labels)):
        last_of_prev = groups[g - 1][-1]
        t = plan.overlaps[last_of_prev]
        kind = XFADE[plan.clips[last_of_prev].transition_to_next]
        nv, na, nd = labels[g]
        offset = cur_d - t
        picture.append(
            f"[{cur_v}][{nv}]xfade=transition={kind}:duration={t:.6f}:offset={offset:.6f}[xv{g}]"
        )
        sound.append(f"[{cur_a}][{na}]acrossfade=d={t:.6f}[xa{g}]")
        cur_v, cur_a, cur_d = f"xv{g}", f"xa{g}", cur_d + nd - t
    picture.append(f"[{cur_v}]null[vout]")
    sound.append(f"[{cur_a}]anull[aout]")
    return ";".join(picture), ";".join(sound)


def build_filtergraph(plan: ExportPlan) -> str:
    """Both of the re-encode's graphs as one (build_filtergraphs), ending in [vout] and
    [aout]."""
    return ";".join(build_filtergraphs(plan))


def reencode_args(plan: ExportPlan, output: Path, *, intermediate: bool = False) -> list[str]:
    s = plan.settings
    # An intermediate's sound is mixed again: float PCM keeps it exact (no AAC generation)
    # and costs no encode (AAC is a fifth of a re-encode's CPU time).
    sound = ["pcm_f32le"] if intermediate else ["aac", "-b:a", s.audio_bitrate]
    args: list[str] = []
    # each input is cut to the span the film plays (app.media.conform.input_args): the graph
    # sees every clip start at its in-point
    # a frame's margin: a cut on the frame grid may end up to a frame after its own length
    margin = 1 / min(s.fps, *(i.fps or s.fps for i in plan.infos))
    for c, info, length in zip(plan.clips, plan.infos, plan.durations, strict=True):
        args += input_args(info, src_arg(c.path), start=c.start,
                           length=length + margin if _trimmed(c, info) else None)
    picture, sound_graph = build_filtergraphs(plan)
    args += [
        "-filter_complex",
        picture,
        "-filter_complex",
        sound_graph,
        "-map",
        "[vout]",
        "-map",
        "[aout]",
        "-c:v",
        "libx264",
        "-preset",
        s.x264_preset,
        "-crf",
        str(s.crf),
        "-pix_fmt",
        "yuv420p",
        "-r",
        f"{s.fps:.6g}",
        "-c:a",
        *sound,
        "-ar",
        "48000",
        *([] if intermediate else container_args(output)),
    ]
    return args


async def export_project(
    clips: Sequence[ExportClip] | ExportPlan,
    output: Path,
    settings: ExportSettings | None = None,
    *,
    allow_stream_copy: bool = True,
    intermediate: bool = False,
    on_progress: ProgressCallback | None = None,
    cancel: asyncio.Event | None = None,
) -> ExportResult:
    """Export `clips` (or a plan from plan_export) to `output` (an .mp4).

    `intermediate=True` is for a picture another ffmpeg pass reads whole and mixes the sound
    of (app.media.mix): the index stays at the end (faststart would rewrite the entire file
    once more) and a re-encoded sound is float PCM, so `output` should be a .mov (or .mkv)."""
    output = Path(output)
    started = time.monotonic()
    plan = clips if isinstance(clips, ExportPlan) else await plan_export(clips, settings)
    use_copy = plan.stream_copy and allow_stream_copy
    final: list[ProgressInfo] = []

    def progress(info: ProgressInfo) -> None:
        if info.done:
            final.append(info)
        if on_progress is not None:
            on_progress(info)

    try:
        if use_copy:
            await copy_film([c.path for c in plan.clips], plan.infos, plan.durations,
                            plan.settings, output, intermediate=intermediate,
                            on_progress=on_progress, cancel=cancel)
        else:
            await run_ffmpeg(
                reencode_args(plan, output, intermediate=intermediate),
                output=output,
                duration_hint=plan.expected_duration,
                on_progress=progress,
                cancel=cancel,
            )
    except MediaCancelled as exc:
        raise MediaCancelled(
            f"export to {output.name} cancelled; nothing was written", path=str(output)
        ) from exc
    s = plan.settings
    if final and final[-1].frame:
        # The re-encode's picture is the settings' size at a constant rate and it always has
        # a sound stream, and ffmpeg's last report counts the frames it wrote: that is the
        # film's length, without starting ffmpeg once more to read the file back.
        duration, size, has_audio = final[-1].frame / s.fps, (s.width, s.height), True
    else:
        info = await probe(output)
        duration, size, has_audio = (
            info.duration,
            (info.width or 0, info.height or 0),
            info.has_audio,
        )
    return ExportResult(
        path=output,
        stream_copy=use_copy,
        duration=duration,
        width=size[0],
        height=size[1],
        has_audio=has_audio,
        elapsed=time.monotonic() - started,
        plan=plan,
    )


__all__ = [
    "ExportClip",
    "ExportPlan",
    "ExportResult",
    "ExportSettings",
    "Transition",
    "build_filtergraph",
    "build_filtergraphs",
    "export_project",
    "plan_export",
]

"""The film's sound mix and words, added to an exported picture in one more ffmpeg pass.

The picture pass (app.media.export) runs as it always has — stream copy where it can. This
pass then reads that file and the audio clips, builds the mix in one filtergraph (the takes'
own sound with per-shot gain, beds such as music ducked under the voices with
`sidechaincompress`, voices, `loudnorm` to a target), and muxes it with the picture copied as
it is. Only burned-in subtitles (ffmpeg's `subtitles` filter) re-encode the picture; soft
subtitles become a `mov_text` stream (MP4/MOV) or an SRT stream (MKV)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from app.media.encoding import container_args, src_arg
from app.media.export_settings import ExportSettings
from app.media.ffmpeg import ProgressCallback, run_ffmpeg
from app.media.filters import escape_path

Bus = Literal["bed", "voice"]
SubtitleMode = Literal["soft", "burn", "sidecar", "none"]
SUBTITLE_MODES: tuple[str, ...] = ("soft", "burn", "sidecar", "none")
LOUDNESS_TARGETS = {"-14": -14.0, "-23": -23.0, "off": None}

_AFORMAT = "aformat=sample_fmts=fltp:sample_rates=48000:channel_layouts=stereo"
# Ducking: a voice above about -34 dBFS pulls the beds down by up to ~18 dB, back in 0.35 s.
DUCK = "sidechaincompress=threshold=0.02:ratio=8:attack=15:release=350:knee=4"


@dataclass(frozen=True)
class MixClip:
    path: Path
    start: float  # film seconds where it starts
    length: float  # seconds it plays
    src_in: float = 0.0  # seconds into its file
    gain: float = 1.0
    fade_in: float = 0.0
    fade_out: float = 0.0
    bus: Bus = "bed"


@dataclass(frozen=True)
class MixPlan:
    duration: float  # the film's length: the mix is cut or padded to it
    clips: tuple[MixClip, ...] = ()
    # (start, end, gain) of film spans where the takes' own sound is not at gain 1
    take_gains: tuple[tuple[float, float, float], ...] = ()
    take_audio: bool = True  # the picture file has a sound stream
    duck: bool = True
    loudness: float | None = None  # LUFS target, None: off

    @property
    def needed(self) -> bool:
        """False when the picture's own sound is already the mix."""
        return bool(self.clips or self.take_gains or self.loudness is not None)


@dataclass(frozen=True)
class SubtitlePlan:
    mode: SubtitleMode
    file: Path | None = None  # an .srt with the cues (film time)
    font_dir: Path | None = None  # for burning: where libass finds a font


@dataclass(frozen=True)
class FinishPlan:
    mix: MixPlan
    subtitles: SubtitlePlan = field(default_factory=lambda: SubtitlePlan("none"))

    @property
    def needed(self) -> bool:
        return self.mix.needed or self.subtitles.mode in ("soft", "burn")


def _clip_chain(k: int, clip: MixClip, label: str) -> str:
    length = max(0.001, clip.length)
    parts = [f"[{k}:a]atrim=start={clip.src_in:.6f}:duration={length:.6f}",
             "asetpts=PTS-STARTPTS", "aresample=48000", _AFORMAT]
    if abs(clip.gain - 1) > 1e-6:
        parts.append(f"volume={clip.gain:.6f}")
    fade_in = min(clip.fade_in, length)
    fade_out = min(clip.fade_out, length)
    if fade_in > 0:
        parts.append(f"afade=t=in:st=0:d={fade_in:.6f}")
    if fade_out > 0:
        parts.append(f"afade=t=out:st={length - fade_out:.6f}:d={fade_out:.6f}")
    if clip.start > 0:
        parts.append(f"adelay=delays={clip.start * 1000:.3f}:all=1")
    return ",".join(parts) + f"[{label}]"


def _bus(labels: Sequence[str], out: str, duration: float) -> str:
    """Several streams summed (no level change) and made exactly `duration` long."""
    fit = f"apad=whole_dur={duration:.6f},atrim=duration={duration:.6f}"
    if len(labels) == 1:
        return f"[{labels[0]}]{fit}[{out}]"
    ins = "".join(f"[{x}]" for x in labels)
    return f"{ins}amix=inputs={len(labels)}:normalize=0:duration=longest,{fit}[{out}]"


def take_gain_expression(spans: Sequence[tuple[float, float, float]]) -> str:
    """A volume expression over film time: 1, except inside each span. A flat sum (not nested
    ifs) so a long film's many shots stay one cheap expression."""
    terms = [f"between(t\\,{a:.4f}\\,{b:.4f})*({g - 1:.4f})" for a, b, g in spans]
    return "1+" + "+".join(terms)


def mix_filtergraph(plan: MixPlan, first_input: int = 1) -> str:
    """The audio graph: input 0 is the picture file, clips are inputs `first_input`…; it ends
    in [aout]."""
    d = plan.duration
    chains: list[str] = []
    if plan.take_audio:
        take = f"[0:a]aresample=48000,{_AFORMAT}"
        if plan.take_gains:
            take += f",volume='{take_gain_expression(plan.take_gains)}':eval=frame"
        chains.append(f"{take},apad=whole_dur={d:.6f},atrim=duration={d:.6f}[take]")
    else:
        chains.append(f"anullsrc=r=48000:cl=stereo,{_AFORMAT},atrim=duration={d:.6f}[take]")
    beds, voices = [], []
    for n, clip in enumerate(plan.clips):
        label = f"c{n}"
        chains.append(_clip_chain(first_input + n, clip, label))
        (voices if clip.bus == "voice" else beds).append(label)
    finals = ["take"]
    if voices:
        chains.append(_bus(voices, "voice", d))
    if beds:
        chains.append(_bus(beds, "beds", d))
    if beds and voices and plan.duck:
        chains.append("[voice]asplit=2[voice_mix][voice_key]")
        chains.append(f"[beds][voice_key]{DUCK}[ducked]")
        finals += ["ducked", "voice_mix"]
    else:
        finals += (["beds"] if beds else []) + (["voice"] if voices else [])
    tail = f"atrim=duration={d:.6f}"
    if plan.loudness is not None:
        tail += f",loudnorm=I={plan.loudness:g}:TP=-1.0:LRA=11,aresample=48000"
    if len(finals) == 1:
        chains.append(f"[take]{tail}[aout]")
    else:
        ins = "".join(f"[{x}]" for x in finals)
        chains.append(f"{ins}amix=inputs={len(finals)}:normalize=0:duration=longest,"
                      f"{tail}[aout]")
    return ";".join(chains)


def finish_args(picture: Path, plan: FinishPlan, output: Path,
                settings: ExportSettings | None = None) -> list[str]:
    """ffmpeg arguments (all but the output) for the mix-and-words pass."""
    args = ["-i", src_arg(picture)]
    for clip in plan.mix.clips:
        args += ["-i", src_arg(clip.path)]
    subs = plan.subtitles
    graph = mix_filtergraph(plan.mix)
    burn = subs.mode == "burn" and subs.file is not None
    soft = subs.mode == "soft" and subs.file is not None
    if soft:
        args += ["-i", src_arg(subs.file)]
    if burn:
        opts = f"filename={escape_path(subs.file)}"
        if subs.font_dir is not None:
            opts += f":fontsdir={escape_path(subs.font_dir)}"
        graph += f";[0:v]subtitles={opts}[vout]"
    args += ["-filter_complex", graph, "-map", "[vout]" if burn else "0:v:0", "-map", "[aout]"]
    if soft:
        args += ["-map", f"{1 + len(plan.mix.clips)}:s:0"]
    if burn:
        s = settings or ExportSettings(width=1280, height=720)
        args += ["-c:v", "libx264", "-preset", s.x264_preset, "-crf", str(s.crf),
                 "-pix_fmt", "yuv420p"]
    else:
        args += ["-c:v", "copy"]
    args += ["-c:a", "aac", "-b:a", (settings.audio_bitrate if settings else "192k"),
             "-ar", "48000"]
    if soft:
        args += ["-c:s", "srt" if output.suffix.lower() == ".mkv" else "mov_text",
                 "-metadata:s:s:0", "language=und"]
    args += ["-t", f"{plan.mix.duration:.6f}", *container_args(output)]
    return args


async def finish_film(picture: Path, plan: FinishPlan, output: Path,
                      settings: ExportSettings | None = None, *,
                      on_progress: ProgressCallback | None = None,
                      cancel: asyncio.Event | None = None) -> Path:
    """Write `output` from the exported `picture` with the mix and subtitles (atomically)."""
    return await run_ffmpeg(finish_args(picture, plan, output, settings), output=output,
                            duration_hint=plan.mix.duration, on_progress=on_progress,
                            cancel=cancel)

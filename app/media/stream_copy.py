"""The stream-copy export: the clips' pictures copied end to end, their sound fitted to them.

Copying the sound packets as well (the concat demuxer's plain use) loses sync at the cuts: the
demuxer starts each file where its longest stream ends, so a sound that runs past its picture
leaves a gap in the picture and makes the film longer than its clips, and every AAC track's
priming and padding (20–45 ms a file) pushes each later cut's sound further after its picture.
So only the video packets are copied, each file given exactly its picture's length. The sound
is spliced from the clips' own AAC frames laid out against the cuts (app.media.aac_splice:
within half a frame of each cut, nothing encoded). Clips whose sound cannot be spliced (another
codec, rate or layout), and an intermediate (mixed again, app.media.mix), get their sound
decoded, cut or padded to the sample to each picture's length (silence for a clip without
sound) and encoded once: exact, but ffmpeg's AAC encoder runs at ~30× real time, a quarter
of a whole re-encode, where the splice costs next to nothing."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Sequence
from itertools import accumulate
from pathlib import Path

from app.media.aac_splice import RATES, ClipSound, splice
from app.media.clip_packets import read_clips, silent_frame
from app.media.conform import input_args
from app.media.encoding import container_args, src_arg
from app.media.export_settings import ExportSettings
from app.media.ffmpeg import ProgressCallback, run_ffmpeg
from app.media.film_grid import steps
from app.media.probe import MediaInfo

RATE = 48000
_AFORMAT = f"aformat=sample_fmts=fltp:sample_rates={RATE}:channel_layouts=stereo"


def concat_list(paths: Sequence[Path], lengths: Sequence[float]) -> str:
    """The concat demuxer's list: every file with its picture's length, so the next one starts
    where this picture ends (not where its longest stream does)."""
    # The concat demuxer's quoting: inside '...', a quote is written '\''.
    lines = ["ffconcat version 1.0"]
    for p, micros in zip(paths, steps(lengths, 1_000_000), strict=True):
        quoted = str(Path(p).resolve()).replace("'", "'\\''")
        lines += [f"file '{quoted}'", f"duration {micros / 1e6:.6f}"]
    return "\n".join(lines) + "\n"


def sound_graph(infos: Sequence[MediaInfo], lengths: Sequence[float]) -> str:
    """One sound for the whole film, ending in [aout]: each clip's own (from its start, as its
    picture's) cut or padded to the sample to its picture's length. Input 0 is the pictures;
    the clips with sound follow in order."""
    chains, labels, source = [], [], 1
    for i, (info, samples) in enumerate(zip(infos, steps(lengths, RATE), strict=True)):
        fit = f"atrim=end_sample={samples}"
        if info.has_audio:
            chains.append(f"[{source}:a:0]asetpts=PTS-STARTPTS,aresample={RATE},{_AFORMAT},"
                          f"apad,{fit}[a{i}]")
            source += 1
        else:
            chains.append(f"anullsrc=r={RATE}:cl=stereo,{_AFORMAT},{fit}[a{i}]")
        labels.append(f"[a{i}]")
    if len(labels) == 1:
        chains.append("[a0]anull[aout]")
    else:
        chains.append(f"{''.join(labels)}concat=n={len(labels)}:v=0:a=1[aout]")
    return ";".join(chains)


def copy_args(listing: Path, paths: Sequence[Path], infos: Sequence[MediaInfo],
              lengths: Sequence[float], settings: ExportSettings, output: Path, *,
              intermediate: bool) -> list[str]:
    """ffmpeg's arguments (all but the output) for the copy, with `listing` holding
    concat_list(paths, lengths)."""
    args = ["-f", "concat", "-safe", "0", "-i", str(listing)]
    for path, info in zip(paths, infos, strict=True):
        if info.has_audio:
            args += ["-vn", *input_args(info, src_arg(path))]
    # An intermediate's sound is mixed again (app.media.mix): float PCM keeps it exact.
    sound = ["pcm_f32le"] if intermediate else ["aac", "-b:a", settings.audio_bitrate]
    return [
        *args,
        "-filter_complex", sound_graph(infos, lengths),
        "-map", "0:v:0", "-map", "[aout]",
        # The list's own timestamps: ffmpeg would otherwise shift the pictures by the
        # earliest packet the demuxer reads, an AAC track's priming (21 ms) before them.
        "-copyts",
        *_tags(infos),
        "-c:v", "copy", "-c:a", *sound, "-ar", str(RATE),
        *([] if intermediate else container_args(output)),
    ]  # fmt: skip


def _tags(infos: Sequence[MediaInfo]) -> list[str]:
    # the film's tags and chapters from the list, and its sound's (its language) from the first
    # clip's, as when every stream was copied
    sound = ["-map_metadata:s:a:0", "0:s:a:0"] if infos[0].has_audio else []
    return ["-map_metadata", "0", "-map_chapters", "0", *sound]


def spliced_args(listing: Path, sound: Path, first: int, rate: int, infos: Sequence[MediaInfo],
                 output: Path) -> list[str]:
    """ffmpeg's arguments (all but the output) to put the copied pictures and the spliced
    sound (app.media.aac_splice, an ADTS file whose first frame starts `first` samples from
    the film's start) into the film."""
    return [
        "-f", "concat", "-safe", "0", "-i", str(listing),
        # a negative start is the first clip's priming: the film's edit list skips it
        "-itsoffset", f"{first / rate:.6f}", "-f", "aac", "-i", str(sound),
        "-map", "0:v:0", "-map", "1:a:0", "-c", "copy", "-copyts",
        *_tags(infos), *container_args(output),
    ]  # fmt: skip


async def copy_film(paths: Sequence[Path], infos: Sequence[MediaInfo],
                    planned: Sequence[float], settings: ExportSettings, output: Path, *,
                    intermediate: bool, on_progress: ProgressCallback | None,
                    cancel: asyncio.Event | None) -> None:
    """Write `output` from the clips' pictures, copied, and their sound: spliced from their
    own AAC frames when they allow it, else decoded, fitted and encoded once (float PCM for
    an intermediate, which is mixed again). `planned`: each clip's length, its picture's
    (app.media.probe), which the plan and the timeline read too."""
    output.parent.mkdir(parents=True, exist_ok=True)
    read = None if intermediate else await read_clips(paths, infos, cancel)
    lengths = list(planned)
    token = secrets.token_hex(4)
    listing = output.with_name(f".{output.stem}.concat-{token}.txt")
    spliced = output.with_name(f".{output.stem}.sound-{token}.aac")
    await asyncio.to_thread(listing.write_text, concat_list(paths, lengths))
    try:
        args = None
        if read is not None:
            args = await _splice(read, lengths, listing, spliced, infos, output)
        if args is None:
            args = copy_args(listing, paths, infos, lengths, settings, output,
                             intermediate=intermediate)
        await run_ffmpeg(args, output=output, duration_hint=sum(lengths),
                         on_progress=on_progress, cancel=cancel)
    finally:
        listing.unlink(missing_ok=True)
        spliced.unlink(missing_ok=True)


async def _splice(sounds: Sequence[ClipSound | None], lengths: Sequence[float], listing: Path,
                  spliced: Path, infos: Sequence[MediaInfo], output: Path) -> list[str] | None:
    present = [s for s in sounds if s is not None]
    # no clip has sound: the film's is silence, AAC-LC at 48 kHz in stereo
    config, rate = (present[0].stream.config, present[0].stream.rate) if present else (
        (1, RATES.index(RATE), 2), RATE)
    silent = await silent_frame(config, rate)
    if silent is None:
        return None
    cuts = list(accumulate(steps(lengths, rate), initial=0))
    frames, first = splice(sounds, cuts[:-1], cuts[-1], silent)
    await asyncio.to_thread(spliced.write_bytes, b"".join(frames))
    return spliced_args(listing, spliced, first, rate, infos, output)

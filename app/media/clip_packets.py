"""One pass over the clips' packets, copied and nothing decoded: each AAC sound's frames with
where they start, for the stream-copy export's spliced sound (app.media.aac_splice)."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.media.aac_splice import LAYOUTS, AdtsStream, ClipSound, parse_adts, regular
from app.media.encoding import src_arg
from app.media.ffmpeg import execute
from app.media.picture_length import Packets, parse_framecrc
from app.media.probe import MediaInfo
from app.media.probe_cache import sound_cache

_FILES_AT_ONCE = 32  # files read by one ffmpeg, as app.media.picture_length measures them

_silent: dict[tuple[int, int, int], bytes] = {}


@dataclass(frozen=True)
class ClipRead:
    """What one pass over a file's packets found."""

    sound: ClipSound | None  # None: no sound, or one that cannot be spliced
    spliceable: bool = True

    @property
    def weight(self) -> int:
        return 0 if self.sound is None else sum(map(len, self.sound.stream.frames))


async def read_clips(
    paths: Sequence[Path], infos: Sequence[MediaInfo], cancel: asyncio.Event | None = None
) -> list[ClipSound | None] | None:
    """Each clip's AAC sound (None: it has none), or None when a
    sound cannot be spliced (not AAC, not one regular run of frames, or clips whose AAC
    differs in configuration). A file unchanged since it was last read is not read again."""
    if any(i.has_audio and i.audio_codec != "aac" for i in infos):
        return None
    paths = [Path(p) for p in paths]
    stats = await asyncio.to_thread(lambda: [p.stat() for p in paths])
    found = {p: sound_cache.get(p, st) for p, st in zip(paths, stats, strict=True)}
    todo = [p for p in dict.fromkeys(paths) if found[p] is None]
    info_of = dict(zip(paths, infos, strict=True))
    for start in range(0, len(todo), _FILES_AT_ONCE):
        batch = todo[start:start + _FILES_AT_ONCE]
        for p, read in zip(batch, await _read_batch(batch, [info_of[p] for p in batch],
                                                    cancel), strict=True):
            found[p] = read
            sound_cache.put(p, stats[paths.index(p)], read)
    reads = [found[p] for p in paths]
    configs = {r.sound.stream.config for r in reads if r.sound is not None}
    if not all(r.spliceable for r in reads) or len(configs) > 1:
        return None
    return [r.sound for r in reads]


async def _read_batch(paths: Sequence[Path], infos: Sequence[MediaInfo],
                      cancel: asyncio.Event | None) -> list[ClipRead]:
    n = len(paths)
    sounding = [i for i, info in enumerate(infos) if info.has_audio]
    args: list[str] = []
    for p in paths:
        args += ["-i", src_arg(p)]
    with tempfile.TemporaryDirectory(prefix="reelroom-sound-") as folder:
        where = Path(folder)
        # the pictures are listed too, as the copied film will have them: the sound's times
        # are read in the same frame of reference
        args += [a for i in range(n) for a in ("-map", f"{i}:v:0")]
        args += [a for i in sounding for a in ("-map", f"{i}:a:0")]
        args += ["-c", "copy", "-f", "framecrc", str(where / "packets.crc")]
        for i in sounding:
            args += ["-map", f"{i}:a:0", "-c", "copy", "-f", "adts", str(where / f"{i}.aac")]
        await execute(args, cancel=cancel)
        text, streams = await asyncio.to_thread(_read, where, sounding)
    packets = parse_framecrc(text)
    reads = [ClipRead(None) for _ in range(n)]
    for k, i in enumerate(sounding):
        sound = _sound(streams[k], packets.get(n + k, Packets()), infos[i])
        reads[i] = ClipRead(sound, spliceable=sound is not None)
    return reads


def _sound(stream: AdtsStream | None, timing: Packets, info: MediaInfo) -> ClipSound | None:
    if stream is None or len(stream.frames) != len(timing.times) or not timing.times:
        return None
    rate = stream.rate
    starts = [round(pts * timing.base * rate) for pts, _ in timing.times]
    durations = [round(d * timing.base * rate) for _, d in timing.times]
    if not regular(starts, durations) or rate != info.sample_rate:
        return None
    return ClipSound(starts[0], stream)


def _read(where: Path, sounding: Sequence[int]):
    text = (where / "packets.crc").read_text("utf-8", "replace")
    return text, [parse_adts((where / f"{i}.aac").read_bytes()) for i in sounding]


async def silent_frame(config: tuple[int, int, int], rate: int) -> bytes | None:
    """One AAC frame of silence in `config` (made once per configuration), or None when
    ffmpeg's encoder does not make that configuration."""
    if config in _silent:
        return _silent[config]
    layout = LAYOUTS.get(config[2])
    if layout is None or config[0] != 1:  # AAC-LC, mono or stereo
        return None
    with tempfile.TemporaryDirectory(prefix="reelroom-silence-") as folder:
        out = Path(folder) / "silence.aac"
        await execute(["-f", "lavfi", "-i", f"anullsrc=r={rate}:cl={layout}", "-t", "0.2",
                       "-c:a", "aac", "-f", "adts", str(out)])
        stream = parse_adts(await asyncio.to_thread(out.read_bytes))
    if stream is None or stream.config != config or len(stream.frames) < 6:
        return None
    # a frame from the middle: the first ones still carry the encoder's start-up
    _silent[config] = stream.frames[4]
    return _silent[config]


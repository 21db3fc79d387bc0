"""How long each clip's picture lasts, read from its video packets (copied to a checksum list,
nothing decoded), as the concat demuxer will place it.

A container's duration is its longest stream's: a clip whose sound runs 60 ms past its last
frame says 3.06 s for a 3.00 s picture. The stream-copy export needs the picture's own length,
measured from where the file starts (the earliest of its streams, which is where the concat
demuxer starts it) to where its last frame ends."""

from __future__ import annotations

import asyncio
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from app.media.encoding import src_arg
from app.media.ffmpeg import execute
from app.media.probe_cache import picture_cache

# files measured by one ffmpeg (each is one input): enough for most films in a single start,
# few enough that a long film's command line and open files stay small
_FILES_AT_ONCE = 32
_TB = re.compile(r"^#tb (\d+): (\d+)/(\d+)$")
_NOPTS = -(2**62)


@dataclass
class Packets:
    """One stream's packets in a framecrc list: its time base and (pts, duration) of each."""

    base: Fraction = Fraction(1, 1)
    times: list[tuple[int, int]] = field(default_factory=list)

    def picture_end(self, fps: float | None) -> float:
        """Where the last picture ends, in seconds (a packet without a duration, which some
        containers leave out on the last one, lasts one frame)."""
        frame = 1 / (fps or 30.0)
        ends = [pts * self.base + (dur * self.base if dur > 0 else frame)
                for pts, dur in self.times]
        return float(max(ends, default=0.0))


def parse_framecrc(text: str) -> dict[int, Packets]:
    """Every stream's packets in a framecrc list (ffmpeg's `-f framecrc`)."""
    streams: dict[int, Packets] = {}
    for line in text.splitlines():
        if line.startswith("#"):
            if m := _TB.match(line):
                streams.setdefault(int(m.group(1)), Packets()).base = Fraction(
                    int(m.group(2)), int(m.group(3)))
            continue
        fields = line.split(",")
        if len(fields) < 4:
            continue
        index, pts, duration = int(fields[0]), int(fields[2]), int(fields[3])
        if pts > _NOPTS:
            streams.setdefault(index, Packets()).times.append((pts, duration))
    return streams


async def _measure(paths: Sequence[Path], fps: Sequence[float | None]) -> list[float]:
    args: list[str] = []
    for p in paths:
        args += ["-i", src_arg(p)]
    for i in range(len(paths)):
        args += ["-map", f"{i}:v:0"]
    fd, name = tempfile.mkstemp(prefix="reelroom-pictures-", suffix=".crc")
    os.close(fd)
    listing = Path(name)
    try:
        await execute([*args, "-c", "copy", "-f", "framecrc", str(listing)])
        text = await asyncio.to_thread(listing.read_text, "utf-8", "replace")
    finally:
        listing.unlink(missing_ok=True)
    streams = parse_framecrc(text)
    return [streams.get(i, Packets()).picture_end(fps[i]) for i in range(len(paths))]


async def picture_lengths(
    paths: Sequence[Path], fps: Sequence[float | None]
) -> tuple[float, ...]:
    """Each file's picture length in seconds (see the module's docstring). A file unchanged
    since it was last measured is not read again."""
    paths = [Path(p) for p in paths]
    stats = await asyncio.to_thread(lambda: [p.stat() for p in paths])
    known = {p: picture_cache.get(p, st) for p, st in zip(paths, stats, strict=True)}
    todo = list(dict.fromkeys(p for p, v in known.items() if v is None))
    rate = dict(zip(paths, fps, strict=True))
    for start in range(0, len(todo), _FILES_AT_ONCE):
        batch = todo[start:start + _FILES_AT_ONCE]
        for p, length in zip(batch, await _measure(batch, [rate[p] for p in batch]),
                             strict=True):
            known[p] = length
            picture_cache.put(p, stats[paths.index(p)], length)
    return tuple(known[p] for p in paths)  # type: ignore[misc]


def remember(path: Path, length: float) -> None:
    """Keep a picture length measured by another pass over the file's packets."""
    path = Path(path)
    picture_cache.put(path, path.stat(), length)

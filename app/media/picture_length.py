"""How long a video's picture lasts, read from its video packets (a framecrc listing: copied,
nothing decoded), as the concat demuxer will place it.

A container's duration is its longest stream's: a clip whose sound runs 60 ms past its last
frame says 3.06 s for a 3.00 s picture. A video's length is its picture's (app.media.probe
lists the packets as it probes), measured from where the file starts (the earliest of its
streams, which is where the concat demuxer starts it) to where its last frame ends."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fractions import Fraction

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

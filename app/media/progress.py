"""Parsing of ffmpeg's `-progress` output: blocks of `key=value` lines, each block ending with
`progress=continue` or `progress=end`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProgressInfo:
    out_time: float  # seconds of output written so far
    fraction: float | None  # 0..1 of the expected duration, None when unknown
    speed: float | None  # ffmpeg's realtime multiple (2.0 = twice realtime)
    eta: float | None  # seconds left, from wall-clock time spent so far
    frame: int | None
    done: bool


def _float(value: str | None) -> float | None:
    if value is None:
        return None
    value = value.strip().rstrip("x").strip()
    try:
        return float(value)
    except ValueError:  # "N/A" while ffmpeg has not measured anything yet
        return None


def _out_time(block: dict[str, str]) -> float:
    # out_time_us is the precise one; out_time_ms is, despite its name, also microseconds.
    for key in ("out_time_us", "out_time_ms"):
        v = _float(block.get(key))
        if v is not None and v >= 0:
            return v / 1_000_000
    stamp = block.get("out_time", "")
    try:
        h, m, s = stamp.split(":")
        return max(0.0, int(h) * 3600 + int(m) * 60 + float(s))
    except ValueError:
        return 0.0


class ProgressParser:
    """Feed it stdout lines; it returns a ProgressInfo whenever a block completes."""

    def __init__(self, duration_hint: float | None) -> None:
        self.duration_hint = duration_hint if duration_hint and duration_hint > 0 else None
        self._block: dict[str, str] = {}
        self.last: ProgressInfo | None = None

    def feed(self, line: str, elapsed: float) -> ProgressInfo | None:
        key, sep, value = line.strip().partition("=")
        if not sep:
            return None
        self._block[key.strip()] = value.strip()
        if key.strip() != "progress":
            return None
        block, self._block = self._block, {}
        done = value.strip() == "end"
        # ffmpeg reports the newest timestamp muxed, and with audio and video interleaved that
        # can step back a few tens of ms: what is written never shrinks, so neither does this
        out_time = max(_out_time(block), self.last.out_time if self.last else 0.0)
        fraction = None
        eta = None
        if self.duration_hint:
            fraction = 1.0 if done else min(out_time / self.duration_hint, 1.0)
            if done:
                eta = 0.0
            elif fraction > 0:
                eta = elapsed * (1.0 - fraction) / fraction
        frame = block.get("frame")
        info = ProgressInfo(
            out_time=out_time,
            fraction=fraction,
            speed=_float(block.get("speed")),
            eta=eta,
            frame=int(frame) if frame and frame.isdigit() else None,
            done=done,
        )
        self.last = info
        return info

"""Where the film's cuts fall on its frame and sample grids, the same for every export path.

A cut's length in seconds is rarely a whole number of frames (a trimmed take) or samples, and
rounding each cut on its own drifts: 1.01 s shots at 30 fps round to 30 frames each, a minute
of them loses two seconds. Here the running total is rounded instead, so every cut lands on
the grid point nearest its exact time and the film is the rounded exact total long, whichever
path (copy or re-encode) writes it."""

from __future__ import annotations

from collections.abc import Sequence


def steps(lengths: Sequence[float], per_second: float) -> list[int]:
    """Each length in whole grid units (`per_second` of them a second: a frame rate, a sample
    rate), rounded so that the running total stays the rounded exact total."""
    out, total, placed = [], 0.0, 0
    for length in lengths:
        total += length
        end = round(total * per_second)
        out.append(end - placed)
        placed = end
    return out


def on_frames(lengths: Sequence[float], fps: float) -> list[float]:
    """The lengths as the film plays them: whole frames at `fps`, cut where `steps` puts
    the cuts."""
    return [n / fps for n in steps(lengths, fps)]

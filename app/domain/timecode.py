"""Film timecode, hh:mm:ss:ff at the project's frame rate (non-drop-frame), for the Player's
program playback and anything else that names a moment of the cut."""

from __future__ import annotations

import math


def frame_of(seconds: float, fps: float) -> int:
    """The frame showing at `seconds` (a moment inside a frame belongs to that frame)."""
    return max(0, math.floor(seconds * fps + 1e-6))


def film_timecode(seconds: float, fps: float) -> str:
    nominal = max(1, round(fps))  # 23.976 counts 24 frames a second, as editors do
    frames = frame_of(seconds, fps)
    ff = frames % nominal
    total_seconds = frames // nominal
    hh, rest = divmod(total_seconds, 3600)
    mm, ss = divmod(rest, 60)
    return f"{hh:02d}:{mm:02d}:{ss:02d}:{ff:02d}"

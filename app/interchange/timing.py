"""Seconds ↔ frames at the project's rate, and how long a transition is drawn. Every time an
exported timeline carries is a whole number of frames, so an EDL can say it exactly."""

from __future__ import annotations

import opentimelineio as otio

RT = otio.opentime.RationalTime
TR = otio.opentime.TimeRange

TRANSITION_SECONDS = 0.5  # what the film export renders (app.media.export's default)


def frames(seconds: float, fps: float) -> int:
    return max(1, round(seconds * fps))


def span(start_frames: int, length_frames: int, fps: float) -> otio.opentime.TimeRange:
    return TR(RT(start_frames, fps), RT(length_frames, fps))


def transition_frames(a_frames: int, b_frames: int, fps: float) -> int:
    """Even (so it centres on the cut), at most the export's half second, and never more than
    half of either neighbour; 0 when the shots are too short for one."""
    t = min(round(TRANSITION_SECONDS * fps), a_frames // 2, b_frames // 2)
    return t - t % 2


def seconds(t: otio.opentime.RationalTime) -> float:
    return t.to_seconds()

"""Seconds ↔ frames at the project's rate, and how long a transition is drawn. Every time an
exported timeline carries is a whole number of frames, so an EDL can say it exactly."""

from __future__ import annotations

import opentimelineio as otio

RT = otio.opentime.RationalTime
TR = otio.opentime.TimeRange

def frames(seconds: float, fps: float) -> int:
    return max(1, round(seconds * fps))


def span(start_frames: int, length_frames: int, fps: float) -> otio.opentime.TimeRange:
    return TR(RT(start_frames, fps), RT(length_frames, fps))


def transition_frames(a_frames: int, b_frames: int, fps: float) -> int:
    """The film export's own rule (app.services.exporting.transition_seconds), so the
    timeline handed to an editor and the rendered film agree; made even so it centres on the
    cut; 0 when the shots are too short for one."""
    from app.domain import Transition
    from app.services.exporting import transition_seconds

    t = round(transition_seconds(Transition.DISSOLVE, a_frames / fps, b_frames / fps) * fps)
    return t - t % 2


def seconds(t: otio.opentime.RationalTime) -> float:
    return t.to_seconds()

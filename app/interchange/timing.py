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


def transition_frames(overlap_seconds: float, fps: float) -> int:
    """A transition's overlap (app.domain.cut.transition_overlap, the film export's own rule)
    in whole frames; 0 when the shots are too short for one."""
    return round(overlap_seconds * fps)


def handles(overlap_frames: int) -> tuple[int, int]:
    """(in_offset, out_offset): frames of the transition before and after the cut, centred
    as editors draw it. In OTIO's reading the incoming clip shows `in_offset` frames of the
    media before its own first frame, and the outgoing clip runs `out_offset` frames past its
    last: so each shot's clip is that much shorter than the shot, and the track lasts as
    long as the film."""
    before = overlap_frames // 2
    return before, overlap_frames - before

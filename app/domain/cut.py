"""The one length rule: how long a shot lasts in the cut, which part of its take plays, and
where it starts in film time.

The selected take trimmed by its in/out points, or the shot's planned duration when there is
no take (its animatic card stands in). A dissolve, fade or wipe into the next shot overlaps the
two shots' ends, so the next shot starts that much earlier and the film is that much shorter
(`transition_overlap`, `film_starts`). The header total, the track view, program playback,
film export, the sound mix and OTIO/EDL all ask here, so they cannot disagree."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from app.domain.enums import Transition
from app.domain.shot import Shot
from app.domain.take import Take

# Shorter than a frame at any rate we export is not a shot.
MIN_LENGTH = 1 / 60


@dataclass(frozen=True, slots=True)
class CutSpan:
    start: float  # seconds into the take's media where the shot starts (0 for a card)
    length: float  # seconds the shot lasts in the cut
    from_take: bool  # False: the planned duration (no usable take)

    @property
    def end(self) -> float:
        return self.start + self.length


class TakeTrim(NamedTuple):
    """The four fields of a take the rule reads: enough to give a 10,000-shot film its length
    without building its takes (ProjectDocument.cut_lengths). A Take answers the same."""

    media_path: str | None
    duration: float | None
    trim_in: float = 0.0
    trim_out: float | None = None


def media_length(take: Take | TakeTrim | None) -> float | None:
    """The take's full media length, when known."""
    if take is None or not take.media_path or not take.duration or take.duration <= 0:
        return None
    return float(take.duration)


def cut_span(shot: Shot, take: Take | None) -> CutSpan:
    return span_of(float(shot.duration), take)


def span_of(planned: float, take: Take | TakeTrim | None) -> CutSpan:
    """`cut_span` for a shot of `planned` seconds."""
    full = media_length(take)
    if full is None:
        return CutSpan(0.0, float(planned), False)
    assert take is not None
    start = min(max(0.0, take.trim_in), max(0.0, full - MIN_LENGTH))
    end = full if take.trim_out is None else min(take.trim_out, full)
    return CutSpan(start, max(MIN_LENGTH, end - start), True)


def lengths_of(planned: Iterable[float], trims: Iterable[Sequence | None]) -> list[float]:
    """`span_of(p, t).length` for each pair, `t` a TakeTrim or a plain tuple in its field
    order (None: no usable take): span_of's rule, inlined for a whole film at once. A
    10,000-shot project's lengths are asked on every open, and a span built and a call made
    per shot cost most of it. Equal to span_of pair by pair (tests/core/test_film_time.py)."""
    out = []
    add = out.append
    # min/max written as comparisons: a builtin call each was a third of the loop
    for p, t in zip(planned, trims, strict=True):
        if t is None:
            add(float(p))
            continue
        media_path, full, trim_in, trim_out = t
        if not media_path or not full or full <= 0:  # media_length: none known
            add(float(p))
            continue
        full = float(full)
        last = full - MIN_LENGTH
        if last < 0.0:
            last = 0.0
        start = trim_in if trim_in > 0.0 else 0.0
        if start > last:
            start = last
        end = full if trim_out is None or trim_out > full else trim_out
        length = end - start
        add(length if length > MIN_LENGTH else MIN_LENGTH)
    return out


def cut_length(shot: Shot, take: Take | None) -> float:
    return cut_span(shot, take).length


def clamp_trim(take: Take, trim_in: float, trim_out: float | None) -> tuple[float, float | None]:
    """In/out points kept inside the media and at least MIN_LENGTH apart; an out point at the
    media's end is stored as None (so it follows a re-probed length)."""
    full = media_length(take)
    if full is None:
        raise ValueError("a take without a probed media length cannot be trimmed")
    trim_in = min(max(0.0, trim_in), full - MIN_LENGTH)
    out = full if trim_out is None else min(max(trim_out, trim_in + MIN_LENGTH), full)
    return round(trim_in, 6), (None if out >= full - 1e-6 else round(out, 6))


# The longest a dissolve/fade/wipe lasts; shorter when the shots it joins are short, so a
# transition never eats more than 40 % of either side.
TRANSITION_SECONDS = 0.5
TRANSITION_SHARE = 0.4
MIN_TRANSITION = 0.04  # below this the film engine refuses a blend: such a join is a cut
_CUT = Transition.CUT.value


def transition_overlap(kind: Transition | str | None, a: float, b: float) -> float:
    """Seconds the join after a shot of `a` s into one of `b` s overlaps (0 for a cut)."""
    if kind is None or kind == _CUT:
        return 0.0
    Transition(kind)  # an unknown kind is a bug, not a cut
    t = round(min(TRANSITION_SECONDS, TRANSITION_SHARE * min(a, b)), 3)
    return t if t >= MIN_TRANSITION else 0.0


def join_overlaps(lengths: Sequence[float],
                  joins: Mapping[int, Transition | str]) -> dict[int, float]:
    """Index i → seconds shot i overlaps shot i + 1, for the joins that are not cuts.
    `joins` holds only the shots whose transition is not a cut (sparse: a 10,000-shot film
    with a few dissolves costs a few calls), keyed by index; the last shot's is ignored
    (nothing follows it)."""
    last = len(lengths) - 1
    out = {}
    for i, kind in joins.items():
        if 0 <= i < last:
            t = transition_overlap(kind, lengths[i], lengths[i + 1])
            if t:
                out[i] = t
    return out


def film_starts(lengths: Sequence[float],
                joins: Mapping[int, Transition | str] | None = None) -> list[float]:
    """Where each shot starts in film time, plus one entry: the film's end (its length).
    Shot i + 1 starts where shot i ends minus the transition they share."""
    return starts_after(lengths, join_overlaps(lengths, joins) if joins else {})


def starts_after(lengths: Sequence[float], overlaps: Mapping[int, float]) -> list[float]:
    """`film_starts` for overlaps already known (index i → overlap of shot i with i + 1)."""
    if not overlaps:
        return [0.0, *itertools.accumulate(lengths)]
    steps = list(lengths)
    for i, t in overlaps.items():
        steps[i] -= t
    return [0.0, *itertools.accumulate(steps)]

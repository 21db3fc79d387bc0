"""Fractional positions: a moved or inserted shot gets a position between its new neighbours,
so only the rows that move are written. When the gap gets too small the whole list is spaced
out again (rare)."""

from __future__ import annotations

STEP = 1024.0
MIN_GAP = 1e-6


def positions_between(before: float | None, after: float | None, count: int) -> list[float] | None:
    """`count` increasing positions strictly between `before` and `after` (either may be None
    for the list's ends), or None when they no longer fit."""
    if before is None and after is None:
        return [STEP * (i + 1) for i in range(count)]
    if before is None:
        return [after - STEP * (count - i) for i in range(count)]
    if after is None:
        return [before + STEP * (i + 1) for i in range(count)]
    gap = (after - before) / (count + 1)
    if gap < MIN_GAP:
        return None
    return [before + gap * (i + 1) for i in range(count)]


def spaced(count: int) -> list[float]:
    return [STEP * (i + 1) for i in range(count)]

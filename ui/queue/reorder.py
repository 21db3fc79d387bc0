"""Moving waiting jobs up or down the send order, as a block."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def moved(order: Sequence[str], selected: Iterable[str], delta: int) -> list[str]:
    """`order` with the `selected` ids one place earlier (delta -1) or later (+1). A selected
    block keeps its inner order; one already at the edge stays there."""
    chosen = set(selected)
    out = list(order)
    indices = range(len(out)) if delta < 0 else range(len(out) - 1, -1, -1)
    for i in indices:
        j = i + delta
        if out[i] in chosen and 0 <= j < len(out) and out[j] not in chosen:
            out[i], out[j] = out[j], out[i]
    return out

"""The studio platform's published credit prices and plan limits (seeds/studio-platform.txt).

The offline formula is what the UI shows when the service cannot be asked for a quote; the
live catalog may carry newer rates, which then win over this table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Rate:
    """cost = base + frames × per_frame + steps × per_step, rounded up to whole credits."""

    base: float
    per_frame: float = 0.0
    per_step: float = 0.0

    def cost(self, frames: int | None, steps: int | None) -> tuple[int, str]:
        """(credits, how it was worked out) — the text is shown to the user as the basis."""
        exact = self.base + (frames or 0) * self.per_frame + (steps or 0) * self.per_step
        # round() first: 0.1 steps in binary floating point must not turn 21.0 into 22
        credits = math.ceil(round(exact, 6))
        parts = [f"{self.base:g}"]
        if self.per_frame:
            parts.append(f"{frames or 0} frames × {self.per_frame:g}")
        if self.per_step:
            parts.append(f"{steps or 0} steps × {self.per_step:g}")
        return credits, f"{' + '.join(parts)} = {round(exact, 6):g} → {credits}"


# The seed's "Video Generation Cost Formula" table. "—" there is a zero rate here.
VIDEO_RATES: dict[str, Rate] = {
    "wan-t2v": Rate(10, 0.20, 0.50),
    "ltx-t2v": Rate(8, 0.15, 0.30),
    "ltx-quality": Rate(15, 0.25, 0.40),
    "hunyuan-t2v": Rate(12, 0.20, 0.40),
    "hunyuan15-t2v": Rate(12, 0.20, 0.40),
    "hunyuan15-i2v": Rate(15, 0.25, 0.50),
    "ltx-i2v": Rate(12, 0.20, 0.40),
    "cogvideo-t2v": Rate(12, 0.20, 0.40),
    "animatediff": Rate(6, 0.10, 0.30),
    "svd-i2v": Rate(10, 0.15, 0.40),
    "wan-i2v": Rate(12, 0.20, 0.50),
    "ltx-flf": Rate(12, 0.15, 0.30),
    "wan-s2v": Rate(15, 0.25, 0.50),
    "wan-flf": Rate(12, 0.20, 0.50),
    "ltx-camera": Rate(10, 0.15, 0.30),
    "ltx-control": Rate(12, 0.15, 0.30),
    "wan-vace": Rate(15, 0.25, 0.50),
    "wan-animate": Rate(18, 0.30, 0.50),
    "liveportrait": Rate(8, 0.10, 0.0),
    "hunyuan3d": Rate(20, 0.0, 0.80),
    "dreamidv": Rate(15, 0.20, 0.40),
    "echomimic": Rate(12, 0.15, 0.30),
    "v2v": Rate(3),  # flat
}

# Credits per image, from the seed's Image Models table.
IMAGE_CREDITS: dict[str, int] = {"sd15": 2, "flux": 5, "flux-dev": 8, "flux-edit": 6}


def rate_from_catalog(entry: dict) -> Rate | None:
    """Rates a catalog entry carries itself (`cost: {base, per_frame, per_step}` or the same
    keys at top level); None when it carries none."""
    holder = entry.get("cost") if isinstance(entry.get("cost"), dict) else entry
    try:
        if holder.get("base") is None:
            return None
        return Rate(
            float(holder["base"]),
            float(holder.get("per_frame") or 0),
            float(holder.get("per_step") or 0),
        )
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class TierLimits:
    tier: str
    monthly_credits: int
    max_resolution: str  # "480p" | "1080p" | "4K"
    max_frames: int
    watermark: bool

    @property
    def max_height(self) -> int:
        return {"480p": 480, "720p": 720, "1080p": 1080, "4K": 2160}.get(self.max_resolution, 0)


# The seed's "Subscription Tiers" table.
TIERS: dict[str, TierLimits] = {
    t.tier: t
    for t in (
        TierLimits("free", 150, "480p", 81, True),
        TierLimits("starter", 500, "1080p", 121, False),
        TierLimits("creator", 1500, "4K", 201, False),
        TierLimits("pro", 5000, "4K", 301, False),
        TierLimits("studio", 15000, "4K", 301, False),
        TierLimits("enterprise", 50000, "4K", 999, False),
    )
}


def tier_limits(tier: str | None) -> TierLimits | None:
    return TIERS.get((tier or "").strip().lower())

"""The studio platform's plan limits, checked before a job is sent (seeds/studio-platform.txt,
"Subscription Tiers": max frames per tier; "Some features require specific tiers").

Pure rules, no I/O and no Qt: the queue, the CLI and any dialog call `check` (or `refusal`,
for a message to show without raising) with the account's `PlanLimits` before they send
anything, so a request the plan cannot have is refused here, in words naming the limit,
instead of costing a round trip and a 403. `app.services.accounts.Accounts` knows the
account's tier; this module only knows what each tier may do.

    limits = await accounts.plan_limits()          # or PlanLimits(tier="free")
    check(limits, feature="tts")                    # raises TierLimitExceeded
    check(limits, frames=121)
    refusal(limits, feature="translate")            # -> "Subtitle translation needs … " | None
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.domain.service_errors import ValidationFailed
from app.providers.platform.cost import tier_limits

# Lowest to highest, as the seed's table lists them.
TIER_ORDER = ("free", "starter", "creator", "pro", "studio", "enterprise")


@dataclass(frozen=True)
class Feature:
    label: str  # what a person calls it, in the message
    min_tier: str


# The seed's list of tier-gated features, by the names the studio's jobs use.
FEATURES: dict[str, Feature] = {
    "tts": Feature("Text to speech", "creator"),
    "upscale": Feature("Upscale", "creator"),
    "stock": Feature("Stock media", "creator"),
    "translate": Feature("Subtitle translation", "pro"),
    "face_swap": Feature("Face swap", "pro"),
    "hosting": Feature("Video hosting", "pro"),
    "organisations": Feature("Organisations", "pro"),
    "brand_kits": Feature("Brand kits", "pro"),
}

# Platform endpoints (edit tools and jobs) that need a feature's tier.
ENDPOINT_FEATURES = {
    "/api/tts/generate": "tts",
    "/api/tools/upscale-video": "upscale",
    "/api/subtitles/translate": "translate",
    "/api/tools/face-swap": "face_swap",
}


class TierLimitExceeded(ValidationFailed):
    """The account's plan does not allow this; nothing was sent. `limit` names the rule
    ("min_tier:creator", "max_frames:81"). A ValidationFailed, so every place that shows a
    refused input (queue, dialogs, CLI) shows this one the same way."""

    kind = "tier_limit"
    hint = "Nothing was sent. Settings → Services shows this account's tier and its limits."

    def __init__(self, message: str, *, limit: str) -> None:
        super().__init__(message, provider="platform", status=None, code=limit)
        self.limit = limit


@dataclass(frozen=True)
class PlanLimits:
    """What the account's plan allows. `tier` None means not known (no check is made that
    needs it); `max_frames` is the service's own figure when it sent one, else the table's."""

    tier: str | None = None
    max_frames: int | None = None

    def __post_init__(self) -> None:
        tier = (self.tier or "").strip().lower() or None
        object.__setattr__(self, "tier", tier)
        if self.max_frames is None and (known := tier_limits(tier)) is not None:
            object.__setattr__(self, "max_frames", known.max_frames)

    @classmethod
    def of(cls, account: Any) -> PlanLimits:
        """From anything with `tier` and `max_frames` (the platform's Account)."""
        return cls(tier=getattr(account, "tier", None),
                   max_frames=getattr(account, "max_frames", None))


def tier_name(tier: str | None) -> str:
    return (tier or "unknown").replace("_", " ").title()


def rank(tier: str | None) -> int | None:
    tier = (tier or "").strip().lower()
    return TIER_ORDER.index(tier) if tier in TIER_ORDER else None


def refusal(limits: PlanLimits, *, feature: str | None = None,
            frames: int | None = None) -> tuple[str, str] | None:
    """(message, limit) when the plan refuses this, else None."""
    if feature is not None:
        if feature not in FEATURES:
            raise KeyError(f"no tier rule for feature {feature!r}; known: {', '.join(FEATURES)}")
        need = FEATURES[feature]
        have = rank(limits.tier)
        if have is not None and have < TIER_ORDER.index(need.min_tier):
            return (f"{need.label} needs the platform's {tier_name(need.min_tier)} tier or "
                    f"higher; this account is on {tier_name(limits.tier)}.",
                    f"min_tier:{need.min_tier}")
    if frames is not None and limits.max_frames is not None and frames > limits.max_frames:
        return (f"frames: {frames} is more than the {tier_name(limits.tier)} tier allows "
                f"(at most {limits.max_frames} frames per video); lower it or change plan",
                f"max_frames:{limits.max_frames}")
    return None


def check(limits: PlanLimits, *, feature: str | None = None, frames: int | None = None) -> None:
    """Raise TierLimitExceeded, naming the limit, when the plan refuses this."""
    said = refusal(limits, feature=feature, frames=frames)
    if said is not None:
        raise TierLimitExceeded(said[0], limit=said[1])


def feature_for_endpoint(path: str) -> str | None:
    return ENDPOINT_FEATURES.get(path)

"""The platform's plan rules (app.services.tier_rules): every gated feature and the frame
limit, refused with a message that names the limit; an unknown tier is left to the service."""

from __future__ import annotations

import pytest

from app.services.tier_rules import (
    FEATURES,
    PlanLimits,
    TierLimitExceeded,
    check,
    feature_for_endpoint,
    refusal,
)


@pytest.mark.parametrize(("feature", "lowest"), [
    ("tts", "creator"), ("upscale", "creator"), ("translate", "pro"), ("face_swap", "pro")])
def test_each_feature_needs_its_tier(feature, lowest) -> None:
    order = ("free", "starter", "creator", "pro", "studio", "enterprise")
    for tier in order:
        said = refusal(PlanLimits(tier=tier), feature=feature)
        if order.index(tier) < order.index(lowest):
            assert said is not None, tier
            message, limit = said
            assert limit == f"min_tier:{lowest}"
            assert FEATURES[feature].label in message and lowest.title() in message
            assert tier.title() in message
        else:
            assert said is None, tier


def test_frames_over_the_tier_limit_name_the_limit() -> None:
    with pytest.raises(TierLimitExceeded) as caught:
        check(PlanLimits(tier="free"), frames=121)
    assert caught.value.limit == "max_frames:81"
    text = caught.value.user_message()
    assert "121" in text and "at most 81 frames" in text and "Free" in text
    assert "Nothing was sent" in text
    check(PlanLimits(tier="free"), frames=81)  # at the limit is allowed
    check(PlanLimits(tier="creator"), frames=201)


def test_the_services_own_limit_wins_over_the_table() -> None:
    with pytest.raises(TierLimitExceeded):
        check(PlanLimits(tier="creator", max_frames=97), frames=121)
    assert PlanLimits(tier="Pro").max_frames == 301  # the seed's table fills the gap


def test_an_unknown_plan_is_not_refused_here() -> None:
    check(PlanLimits(), feature="face_swap", frames=10_000)
    check(PlanLimits(tier="mystery"), feature="tts")


def test_endpoints_map_to_their_features_and_unknown_features_are_an_error() -> None:
    assert feature_for_endpoint("/api/tools/upscale-video") == "upscale"
    assert feature_for_endpoint("/api/tools/face-swap") == "face_swap"
    assert feature_for_endpoint("/api/subtitles/translate") == "translate"
    assert feature_for_endpoint("/api/tts/generate") == "tts"
    assert feature_for_endpoint("/api/edit/trim") is None
    with pytest.raises(KeyError):
        refusal(PlanLimits(tier="pro"), feature="teleport")

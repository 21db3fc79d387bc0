"""app.services.accounts against the fakes: the platform's account view (tier, balance,
allowance, credit history, GPU backend, queue), "Test connection" for every service with a
right and a wrong key, and the tier gate refusing before any request is sent."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.providers.base import GenerationRequest, ProviderConfig
from app.providers.http import RetryPolicy
from app.services.accounts import Accounts
from app.services.tier_rules import PlanLimits, TierLimitExceeded
from tests.fakes.platform import API_KEY, PlatformFake, create

FAST = RetryPolicy(max_attempts=2, base_delay=0.001, max_delay=0.002, jitter=0)


@pytest.fixture
def fake() -> Iterator[PlatformFake]:
    with create() as svc:
        yield svc


def adapter_for(name: str, base_url: str, key: str):
    from app.providers import registry

    config = ProviderConfig(name=name, base_url=base_url, api_key=key, poll_interval=0.001)
    return registry.resolve(name)(config, retry=FAST)


async def test_platform_account_view_after_a_job(fake: PlatformFake) -> None:
    platform = adapter_for("platform", fake.base_url, API_KEY)
    try:
        handle = await platform.submit(GenerationRequest(
            model="wan-t2v", prompt="a kite", params={"frames": 41, "steps": 4}))
        accounts = Accounts(lambda _n: platform)
        seen = []
        accounts.platform_changed.connect(seen.append)
        view = await accounts.platform_account()
    finally:
        await platform.aclose()
    assert handle.remote_id
    assert (view.tier, view.username) == ("creator", "maker")
    assert view.credits == pytest.approx(500 - 21)  # the seed's 20.2 → 21 credits
    assert view.monthly_credits == 1500 and view.max_frames == 201
    assert [e.amount for e in view.history] == [-21]
    assert view.history[0].balance == pytest.approx(479)
    assert view.gpu_online is True and view.queue_length == 4  # 1 active + 3 others'
    assert view.problems == [] and seen == [view]


async def test_one_failing_part_leaves_the_rest_shown(fake: PlatformFake) -> None:
    fake.gpu_online = False
    fake.fail(500, times=10, path="/api/credits/history")
    platform = adapter_for("platform", fake.base_url, API_KEY)
    try:
        view = await Accounts(lambda _n: platform).platform_account()
    finally:
        await platform.aclose()
    assert view.credits == 500 and view.gpu_online is False
    assert len(view.problems) == 1 and view.problems[0].startswith("credit history:")
    assert API_KEY not in view.problems[0]


def _fake_of(name: str, key: str):
    if name == "platform":
        fake = create()
        fake.api_key = key
        return fake
    if name == "openai":
        from tests.fakes.openai import FakeOpenAI

        return FakeOpenAI(api_key=key)
    if name == "shuttleai":
        from tests.fakes.shuttleai import FakeShuttleAI

        return FakeShuttleAI(api_key=key)
    if name == "tellers":
        from tests.fakes.tellers import FakeTellers

        return FakeTellers()
    from tests.fakes.viddyscribe import FakeViddyScribe

    return FakeViddyScribe()


KEYS = {"platform": API_KEY, "openai": "sk-openai-conn-0001", "shuttleai": "shuttle-conn-01",
        "tellers": "tl-test-key-0001", "viddyscribe": "vsk_test_0123456789"}


@pytest.mark.parametrize("name", sorted(KEYS))
async def test_connection_with_the_right_and_a_wrong_key(name: str) -> None:
    with _fake_of(name, KEYS[name]) as fake:
        for key, ok in ((KEYS[name], True), ("wrong-key-SECRET-42", False)):
            adapter = adapter_for(name, fake.base_url, key)
            try:
                result = await Accounts(lambda _n, a=adapter: a).test_connection(name)
            finally:
                await adapter.aclose()
            assert result.ok is ok, result.words
            assert "wrong-key-SECRET-42" not in result.words
            if not ok:
                assert "API key" in result.words or "key" in result.words.lower()
        posts = [r for r in fake.requests if r.method != "GET"]
        assert posts == []  # a connection test sends nothing that could cost


async def test_no_key_is_not_connected_without_a_request(fake: PlatformFake) -> None:
    result = await Accounts(lambda _n: None, has_key=lambda _n: False).test_connection("platform")
    assert not result.ok and "Settings" in result.words
    assert fake.requests == []


async def test_a_known_tier_refuses_before_any_request(fake: PlatformFake) -> None:
    fake.tier = "free"
    platform = adapter_for("platform", fake.base_url, API_KEY)
    accounts = Accounts(lambda _n: platform)
    try:
        await accounts.platform_account()
        fake.clear()
        with pytest.raises(TierLimitExceeded) as caught:
            await accounts.check_job("platform", {"frames": 121})
        with pytest.raises(TierLimitExceeded) as tts:
            await accounts.check_job("platform", feature="tts")
        await accounts.check_job("platform", {"frames": 81})
        await accounts.check_job("openai", {"frames": 10_000})  # no tiers there
    finally:
        await platform.aclose()
    assert fake.requests == []
    assert "at most 81 frames" in caught.value.user_message()
    assert "Creator" in tts.value.user_message()


async def test_an_unread_plan_is_read_first_and_an_unreachable_one_is_not_checked(
        fake: PlatformFake) -> None:
    fake.tier = "free"
    platform = adapter_for("platform", fake.base_url, API_KEY)
    try:
        accounts = Accounts(lambda _n: platform)
        assert await accounts.plan_limits() == PlanLimits(tier="free", max_frames=81)
        assert {r.path for r in fake.requests} == {"/api/auth/check", "/api/credits"}
        fake.fail(503, times=10)
        assert await Accounts(lambda _n: platform).plan_limits() == PlanLimits()
    finally:
        await platform.aclose()

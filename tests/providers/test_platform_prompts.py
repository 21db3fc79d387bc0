"""The platform's prompt tools, templates and script breakdown against the fake, on the wire
the adapter documents: what is sent, how answers are read, and that errors carry the
service's own words."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from app.providers.base import ProviderConfig
from app.providers.errors import AmbiguousSubmitError, AuthError, ServiceError
from app.providers.http import RetryPolicy
from app.providers.platform.adapter import Platform
from app.providers.platform.prompts import PlatformPrompts
from tests.fakes.platform import API_KEY, PlatformFake, create
from tests.fakes.platform_prompts import ENHANCE_SUFFIX
from tests.fakes.server import Reply
from tests.providers.conftest import SleepRecorder


@pytest.fixture
def fake() -> Iterator[PlatformFake]:
    with create() as svc:
        yield svc


@pytest.fixture
async def api(fake: PlatformFake, fast_retry: RetryPolicy,
              sleeps: SleepRecorder) -> AsyncIterator[PlatformPrompts]:
    config = ProviderConfig(name="platform", base_url=fake.base_url, api_key=API_KEY)
    adapter = Platform(config, retry=fast_retry, sleep=sleeps)
    yield PlatformPrompts(adapter.http)
    await adapter.aclose()


async def test_enhance_sends_the_prompt_and_reads_the_suggestion(api, fake):
    text = await api.enhance("a fox in the snow", model="wan-t2v")
    assert text == "a fox in the snow" + ENHANCE_SUFFIX
    sent = [r for r in fake.requests if r.path == "/api/generate-prompt"][0]
    assert sent.json() == {"prompt": "a fox in the snow", "model": "wan-t2v"}
    assert sent.headers["authorization"] == f"Bearer {API_KEY}"


async def test_enhance_is_not_resent_after_a_dropped_connection(api, fake):
    # AI work may be billed: a request that may have arrived is never sent twice
    fake.drop_before_response(method="POST", path="/api/generate-prompt")
    with pytest.raises(AmbiguousSubmitError):
        await api.enhance("a fox")
    assert len([r for r in fake.requests if r.path == "/api/generate-prompt"]) == 1


async def test_enhance_answer_without_text_is_a_clear_error(api, fake):
    fake.prompt_answers["/api/generate-prompt"] = {"success": True}
    with pytest.raises(ServiceError, match="without a prompt"):
        await api.enhance("a fox")


async def test_autocomplete_suggests_from_history(api, fake):
    assert await api.autocomplete("red", limit=5) == [
        "a red kite over green hills at sunset", "a red fox trotting through fresh snow"]
    sent = [r for r in fake.requests if r.path == "/api/prompts/autocomplete"][0]
    assert sent.arg("q") == "red" and sent.arg("limit") == "5"


async def test_autocomplete_reads_a_bare_list_of_objects(api, fake):
    fake.prompt_answers["/api/prompts/autocomplete"] = [
        {"prompt": "one"}, {"text": "two"}, "one", 7]
    assert await api.autocomplete("o") == ["one", "two"]


async def test_templates_round_trip(api, fake):
    saved = await api.save_template("Hero", "{product} on a plinth", "blurry")
    assert saved.id == "1" and saved.name == "Hero" and saved.prompt == "{product} on a plinth"
    listed = await api.templates()
    assert [(t.id, t.name, t.prompt, t.negative_prompt) for t in listed] == [
        ("1", "Hero", "{product} on a plinth", "blurry")]
    assert listed[0].extra["created_at"]  # unknown fields are kept
    body = [r for r in fake.requests if r.method == "POST" and r.path == "/api/templates"][0]
    assert body.json() == {"name": "Hero", "prompt": "{product} on a plinth",
                           "negative_prompt": "blurry"}
    await api.delete_template("1")
    assert await api.templates() == []


async def test_script_to_shots_reads_the_proposed_shots(api, fake):
    shots = await api.script_to_shots("A harbour at dawn.\n\nClose on a rope. Push in.")
    assert [(s.title, s.prompt, s.duration, s.shot_type, s.camera_move) for s in shots] == [
        ("Beat 1", "A harbour at dawn.", 5.0, "wide", "static"),
        ("Beat 2", "Close on a rope. Push in.", 5.0, "close_up", "dolly_in"),
    ]
    assert shots[0].extra == {"order": 1}
    sent = [r for r in fake.requests if r.path == "/api/studio/script-to-shots"][0]
    assert sent.json() == {"script": "A harbour at dawn.\n\nClose on a rope. Push in."}


async def test_script_to_shots_reads_loose_shapes(api, fake):
    fake.prompt_answers["/api/studio/script-to-shots"] = [
        "a bare prompt", {"description": "described", "duration": "4.5s"},
        {"prompt": "p", "duration": -1}, {"title": "no prompt"}, 3]
    shots = await api.script_to_shots("x")
    assert [(s.prompt, s.duration) for s in shots] == [
        ("a bare prompt", None), ("described", 4.5), ("p", None)]


async def test_script_to_shots_with_no_shots_is_an_error(api, fake):
    fake.prompt_answers["/api/studio/script-to-shots"] = {"shots": []}
    with pytest.raises(ServiceError, match="proposed no shots"):
        await api.script_to_shots("text")


async def test_a_wrong_key_is_an_auth_error_with_the_service_message(fake, fast_retry):
    config = ProviderConfig(name="platform", base_url=fake.base_url, api_key="wrong-key-123")
    adapter = Platform(config, retry=fast_retry)
    try:
        with pytest.raises(AuthError, match="Invalid or missing API key"):
            await PlatformPrompts(adapter.http).templates()
    finally:
        await adapter.aclose()


async def test_server_error_message_reaches_the_caller(api, fake):
    fake.prompt_answers["/api/templates"] = Reply.json(
        {"error": "Templates are down for maintenance"}, 400)
    with pytest.raises(Exception, match="Templates are down for maintenance"):
        await api.templates()

"""Platform prompt suggestions for the editor's completion: answered at once from what is
known, fetched from the platform fake in the background, nothing without a connection."""

from __future__ import annotations

import asyncio

from app.services.prompt_suggestions import PlatformSuggestions


def asked(fake) -> list[str]:
    return [r.arg("q") for r in fake.requests if r.path == "/api/prompts/autocomplete"]


async def test_suggestions_arrive_from_the_platform_after_a_pause(studio, platform_fake):
    hints = PlatformSuggestions(studio, debounce=0.01)
    assert hints.suggest("red") == []  # nothing known yet: asked in the background
    for _ in range(200):
        await asyncio.sleep(0.01)
        if hints.suggest("red"):
            break
    assert hints.suggest("red") == ["a red kite over green hills at sunset",
                                    "a red fox trotting through fresh snow"]
    # a longer text is narrowed from what is known while the platform is asked again
    assert hints.suggest("red fox") == ["a red fox trotting through fresh snow"]
    await asyncio.sleep(0.1)
    assert asked(platform_fake) == ["red", "red fox"]
    await hints.aclose()


async def test_typing_on_asks_only_for_the_latest_text(studio, platform_fake):
    hints = PlatformSuggestions(studio, debounce=0.05)
    for text in ("red", "red ", "red f", "red fo"):
        hints.suggest(text)
    for _ in range(500):  # until the platform is asked (a loaded machine is slow), then more
        await asyncio.sleep(0.01)
        if asked(platform_fake):
            break
    await asyncio.sleep(0.1)  # time for a stray earlier text to arrive too, if one was sent
    assert asked(platform_fake) == ["red fo"]
    await hints.aclose()


async def test_nothing_is_asked_without_the_platform(studio):
    hints = PlatformSuggestions(studio, debounce=0.0)
    assert hints.suggest("red fox") == []
    await asyncio.sleep(0.05)
    assert hints._task is None

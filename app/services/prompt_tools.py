"""Prompt tools backed by the studio platform: enhance a prompt, autocomplete what is being
typed, and the connection check every platform-backed library feature shares.

Use as an async context manager; one connection serves many calls (an editor asking for
autocomplete on each pause keeps one open):

    async with PromptTools.connect(studio) as tools:
        better = await tools.enhance("a fox in snow")
        hints = await tools.autocomplete("a fox")   # list[str], newest history first

`PromptTools.connect` raises NotConnectedError (with the message the UI shows) when the
platform has no key or base URL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.providers.base import ProviderConfig
from app.providers.config import provider_config, resolve_base_url
from app.providers.errors import ProviderError
from app.providers.http import RetryPolicy
from app.providers.platform.prompts import PlatformPrompts

if TYPE_CHECKING:
    from app.providers.platform.adapter import Platform
    from app.services.studio import Studio

PLATFORM = "platform"
NOT_CONNECTED = "Connect the studio platform in Settings"


class NotConnectedError(ProviderError):
    kind = "not_connected"
    hint = "Add its base URL (Settings → Service addresses) and its API key (Settings → API keys)."


def connection_problem(studio: Studio) -> str | None:
    """None when the platform can be reached (a base URL and a key exist), else what is
    missing, in words for a tooltip."""
    base_url, _ = resolve_base_url(PLATFORM, studio.settings)
    has_key = studio.secrets.lookup(PLATFORM).key is not None
    if base_url and has_key:
        return None
    missing = " and ".join(w for w, ok in (("a base URL", base_url), ("an API key", has_key))
                           if not ok)  # fmt: skip
    return f"{NOT_CONNECTED} (it has no {missing} yet)."


def platform_config(studio: Studio) -> ProviderConfig:
    problem = connection_problem(studio)
    if problem:
        raise NotConnectedError(problem, provider=PLATFORM)
    return provider_config(PLATFORM, studio.settings, studio.secrets)


class PromptTools:
    """An open connection to the platform's prompt endpoints (see the module docstring)."""

    def __init__(self, platform: Platform) -> None:
        self.platform = platform
        self.api = PlatformPrompts(platform.http)

    @classmethod
    def connect(cls, studio: Studio, *, retry: RetryPolicy | None = None) -> PromptTools:
        from app.providers.platform.adapter import Platform

        return cls(Platform(platform_config(studio), retry=retry))

    async def enhance(self, prompt: str, *, model: str | None = None) -> str:
        """The platform's improved version of `prompt` (nothing is changed here: the caller
        shows it and applies it only when the user accepts)."""
        if not prompt.strip():
            raise ValueError("the shot has no prompt to enhance: write an idea first")
        return await self.api.enhance(prompt.strip(), model=model)

    async def autocomplete(self, text: str, *, limit: int = 8) -> list[str]:
        """Suggestions from the user's platform prompt history for what is typed so far;
        fewer than 3 characters asks nothing (every prompt would match)."""
        if len(text.strip()) < 3:
            return []
        return await self.api.autocomplete(text.strip(), limit=limit)

    async def aclose(self) -> None:
        await self.platform.aclose()

    async def __aenter__(self) -> PromptTools:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

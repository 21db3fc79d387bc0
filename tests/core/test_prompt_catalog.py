"""The model catalog behind the inspector's pickers: what it lists, what it caches, and how a
provider that cannot list its models says so."""

from __future__ import annotations

import asyncio
import socket

import pytest

from app.providers.base import ProviderConfig
from app.providers.config import provider_config
from app.providers.platform.adapter import Platform
from app.providers.registry import create
from app.services.model_catalog import ModelCatalog
from tests.fakes.platform import API_KEY
from tests.fakes.platform import create as create_platform_fake
from tests.providers.conftest import FAST_RETRY, SleepRecorder

pytestmark = pytest.mark.timeout(30)


def studio_catalog(studio) -> ModelCatalog:
    def adapter_for(name):
        return create(name, provider_config(name, studio.settings, studio.secrets))
    return ModelCatalog(adapter_for, lambda n: studio.secrets.lookup(n).source == "missing")


def test_providers_that_make_shots_with_the_offline_animatic_first(studio):
    choices = studio_catalog(studio).providers()
    assert choices[0].name == "animatic" and choices[0].offline
    names = {c.name for c in choices}
    assert {"openai", "shuttleai", "tellers", "platform"} <= names
    assert "viddyscribe" not in names  # it describes finished videos, it makes no shots
    assert next(c for c in choices if c.name == "openai").display_name == "OpenAI Videos (Sora 2)"


async def test_static_models_with_a_notice_when_no_key_is_stored(studio):
    catalog = studio_catalog(studio)
    entry = await catalog.models("openai")
    assert [m.id for m in entry.models] == ["sora-2", "sora-2-pro"] and entry.error is None
    assert "No API key is stored for OpenAI Videos (Sora 2)" in entry.notice
    studio.secrets.set("openai", "sk-x", session_only=True)
    catalog.invalidate()
    assert (await catalog.models("openai")).notice is None
    card = await catalog.models("animatic")
    assert [m.id for m in card.models] == ["card"] and card.notice is None


async def test_a_platform_without_a_base_url_is_a_message_not_an_exception(studio):
    entry = await studio_catalog(studio).models("platform")
    assert entry.models == ()
    assert entry.error.startswith("Studio platform: no service address (base URL) is configured")
    assert "Settings → Service addresses" in entry.error


async def test_an_offline_platform_is_a_message_and_is_asked_again_later():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    config = ProviderConfig(name="platform", base_url=dead, api_key=API_KEY)
    adapter = Platform(config, retry=FAST_RETRY, sleep=SleepRecorder())
    catalog = ModelCatalog(lambda n: adapter)
    entry = await catalog.models("platform")
    assert entry.models == () and entry.error.startswith("Studio platform: ")
    assert catalog.cached("platform") is None  # a failure is not remembered as "no models"
    await adapter.aclose()


async def test_a_remote_catalog_is_fetched_once_until_refreshed():
    with create_platform_fake() as fake:
        config = ProviderConfig(name="platform", base_url=fake.base_url, api_key=API_KEY)
        adapter = Platform(config, retry=FAST_RETRY, sleep=SleepRecorder())
        catalog = ModelCatalog(lambda n: adapter)
        first, second = await asyncio.gather(catalog.models("platform"),
                                             catalog.models("platform"))
        assert first is second and first.models
        assert all(m.kind in ("video", "image") for m in first.models)
        await catalog.models("platform")
        assert len(fake.requests_to("GET", "/api/models")) == 1
        await catalog.models("platform", refresh=True)
        assert len(fake.requests_to("GET", "/api/models")) == 2
        await adapter.aclose()

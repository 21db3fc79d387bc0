"""provider_config / key_source and the adapter registry."""

from __future__ import annotations

import pytest

from app.providers import registry
from app.providers.base import ProviderConfig
from app.providers.config import key_source, provider_config, resolve_base_url
from app.providers.errors import ValidationFailed
from app.secrets import SecretStore
from app.settings import ProviderSettings, Settings


@pytest.fixture
def secrets(monkeypatch) -> SecretStore:
    for var in (
        "REELROOM_SHUTTLEAI_API_KEY",
        "SHUTTLEAI_API_KEY",
        "REELROOM_TELLERS_API_KEY",
        "TELLERS_API_KEY",
        "REELROOM_OPENAI_API_KEY",
        "OPENAI_API_KEY",
    ):
        monkeypatch.delenv(var, raising=False)
    store = SecretStore()
    # no keyring in tests: every lookup falls through to session and environment
    monkeypatch.setattr(store, "backend_status", lambda: type("S", (), {"usable": False})())
    return store


def test_base_url_env_then_settings_then_default(secrets):
    settings = Settings()
    settings.providers["shuttleai"] = ProviderSettings(base_url="http://host/v1", concurrency=5)
    env = {"REELROOM_SHUTTLEAI_BASE_URL": "http://127.0.0.1:9/v1"}
    assert provider_config("shuttleai", settings, secrets, env).base_url == "http://127.0.0.1:9/v1"
    cfg = provider_config("shuttleai", settings, secrets, {})
    assert cfg.base_url == "http://host/v1" and cfg.concurrency == 5
    assert provider_config("openai", settings, secrets, {}).base_url == "https://api.openai.com/v1"
    assert resolve_base_url("openai", settings, {}) == ("https://api.openai.com/v1", "default")


def test_platform_without_url_says_where_to_set_it(secrets):
    with pytest.raises(ValidationFailed) as err:
        provider_config("platform", Settings(), secrets, {})
    assert "REELROOM_PLATFORM_BASE_URL" in err.value.user_message()
    assert provider_config("animatic", Settings(), secrets, {}).base_url == ""


def test_key_and_its_source_without_revealing_it(secrets, monkeypatch):
    assert key_source("tellers", secrets) == "missing"
    monkeypatch.setenv("TELLERS_API_KEY", "tk-env-123456")
    assert key_source("tellers", secrets) == "env:TELLERS_API_KEY"
    assert provider_config("tellers", Settings(), secrets, {}).api_key == "tk-env-123456"
    secrets.set("tellers", "tk-session-99999", session_only=True)
    assert key_source("tellers", secrets) == "session"
    assert "tk-" not in key_source("tellers", secrets)


class _Dummy:
    def __init__(self, config: ProviderConfig) -> None:
        self.config = config


def test_registry_lazy_strings_and_callables():
    assert {"openai", "shuttleai", "tellers", "viddyscribe", "platform"} <= set(registry.names())
    registry.register("dummy", f"{__name__}:_Dummy")
    try:
        made = registry.create("dummy", ProviderConfig(name="dummy", base_url="http://x"))
        assert isinstance(made, _Dummy) and made.config.name == "dummy"
        registry.register("dummy", lambda cfg: _Dummy(cfg))
        assert isinstance(registry.create("dummy", made.config), _Dummy)
    finally:
        registry.unregister("dummy")


def test_registry_clear_errors():
    with pytest.raises(registry.UnknownProviderError, match="known: "):
        registry.resolve("nope")
    registry.register("ghost", "app.providers.does_not_exist:Ghost")
    registry.register("noattr", f"{__name__}:Missing")
    try:
        with pytest.raises(registry.ProviderUnavailableError, match="does not exist"):
            registry.resolve("ghost")
        with pytest.raises(registry.ProviderUnavailableError, match="has no 'Missing'"):
            registry.resolve("noattr")
    finally:
        registry.unregister("ghost")
        registry.unregister("noattr")

"""Where each provider's connection settings come from, in one place.

Order for the base URL: the environment (`REELROOM_<NAME>_BASE_URL`, which is how tests and
scripts point an adapter at a local server), then the user's settings, then the service's
documented default. The key comes from the SecretStore (keyring → session → environment).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from app.providers.base import ProviderConfig
from app.providers.errors import ValidationFailed
from app.secrets import SecretStore
from app.settings import DEFAULT_BASE_URLS, Settings


def base_url_env_name(name: str) -> str:
    return f"REELROOM_{name.upper()}_BASE_URL"


def resolve_base_url(
    name: str, settings: Settings, env: Mapping[str, str] = os.environ
) -> tuple[str | None, str]:
    """(base URL or None, where it came from: "env:VAR" | "settings" | "default" | "missing")."""
    var = base_url_env_name(name)
    if env.get(var):
        return env[var].strip(), f"env:{var}"
    configured = settings.provider(name).base_url
    if configured:
        return configured.strip(), "settings"
    default = DEFAULT_BASE_URLS.get(name)
    if default:
        return default, "default"
    return None, "missing"


def provider_config(
    name: str,
    settings: Settings,
    secrets: SecretStore,
    env: Mapping[str, str] = os.environ,
) -> ProviderConfig:
    """Everything an adapter needs to connect. A network service with no base URL anywhere
    (the studio platform's is always user-supplied) raises ValidationFailed saying where to set
    it; a provider unknown to DEFAULT_BASE_URLS (a local one) gets an empty base URL."""
    base_url, _ = resolve_base_url(name, settings, env)
    if base_url is None:
        if name in DEFAULT_BASE_URLS:
            raise ValidationFailed(
                "no service address (base URL) is configured",
                provider=name,
                hint=f"Set it in Settings → Service addresses, or in {base_url_env_name(name)}.",
            )
        base_url = ""
    return ProviderConfig(
        name=name,
        base_url=base_url,
        api_key=secrets.lookup(name).key,
        concurrency=settings.provider(name).concurrency,
    )


def key_source(name: str, secrets: SecretStore) -> str:
    """Where the key would come from ("keyring", "session", "env:VAR", "missing") — for the
    doctor; the key itself is never returned."""
    return secrets.lookup(name).source

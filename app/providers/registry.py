"""Provider name → adapter factory.

Built-in adapters are registered by "module:attribute" strings and imported on first use, so
importing the registry (the CLI, the doctor) costs nothing and one broken adapter does not take
the others down. The attribute is a class or function taking a ProviderConfig.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from app.providers.base import Provider, ProviderConfig

Factory = Callable[[ProviderConfig], Provider]

_BUILTIN: dict[str, str] = {
    "openai": "app.providers.openai.adapter:OpenAIVideos",
    "shuttleai": "app.providers.shuttleai:ShuttleAI",
    "tellers": "app.providers.tellers.adapter:Tellers",
    "viddyscribe": "app.providers.viddyscribe.adapter:ViddyScribe",
    "platform": "app.providers.platform.adapter:Platform",
    "animatic": "app.providers.animatic:Animatic",
}

_factories: dict[str, Factory | str] = dict(_BUILTIN)


class UnknownProviderError(LookupError):
    pass


class ProviderUnavailableError(ImportError):
    """The adapter's module or attribute could not be loaded."""


def register(name: str, factory: Factory | str) -> None:
    """Add or replace a provider. `factory` is a callable or a "module:attribute" string."""
    if isinstance(factory, str) and ":" not in factory:
        raise ValueError(f"expected 'module:attribute', got {factory!r}")
    _factories[name] = factory


def unregister(name: str) -> None:
    _factories.pop(name, None)


def names() -> list[str]:
    return sorted(_factories)


def resolve(name: str) -> Factory:
    try:
        spec = _factories[name]
    except KeyError:
        raise UnknownProviderError(
            f"unknown provider {name!r}; known: {', '.join(names())}"
        ) from None
    if not isinstance(spec, str):
        return spec
    module_name, _, attr = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            raise ProviderUnavailableError(
                f"provider {name!r}: its adapter module {module_name} does not exist"
            ) from exc
        raise ProviderUnavailableError(
            f"provider {name!r}: {module_name} needs {exc.name!r}, which is not installed"
        ) from exc
    try:
        factory = getattr(module, attr)
    except AttributeError:
        raise ProviderUnavailableError(
            f"provider {name!r}: {module_name} has no {attr!r}"
        ) from None
    _factories[name] = factory  # resolved once
    return factory


def create(name: str, config: ProviderConfig) -> Provider:
    return resolve(name)(config)


_OTHER_SOURCES = {"imported": "Imported file"}  # takes that came from no service


def display_name(name: str) -> str:
    """The name a person sees for a service ("OpenAI Videos (Sora 2)"), never its id."""
    if name in _OTHER_SOURCES:
        return _OTHER_SOURCES[name]
    try:
        return str(getattr(resolve(name), "display_name", name))
    except (UnknownProviderError, ProviderUnavailableError):
        return name

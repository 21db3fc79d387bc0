"""Which providers a shot can be sent to, and their models, for the inspector's pickers.

Lists are loaded on demand and cached per provider; a remote catalog (the studio platform's)
is fetched once and again only when asked (`refresh`) or when settings change
(`invalidate`). A provider that cannot list its models right now — no base URL, offline, a
refused key — comes back as a `CatalogEntry` with a message saying what to do, never as an
exception. The animatic needs no network and no key, so it is always there.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from dataclasses import dataclass

from app.providers import registry
from app.providers.base import Capability, ModelInfo, Provider
from app.providers.errors import ProviderError

ANIMATIC = "animatic"
# What makes a provider a place to send a shot (ViddyScribe describes finished videos instead;
# the Tellers agent makes a video from a prompt).
GENERATES = frozenset({Capability.TEXT_TO_VIDEO, Capability.IMAGE_TO_VIDEO, Capability.IMAGE,
                       Capability.AGENT})
SHOT_KINDS = ("video", "image")


@dataclass(frozen=True)
class ProviderChoice:
    name: str
    display_name: str
    offline: bool = False  # works without a network or key


@dataclass(frozen=True)
class CatalogEntry:
    """One provider's models, or why there are none to show."""

    provider: str
    models: tuple[ModelInfo, ...] = ()
    error: str | None = None  # the models could not be listed: what happened, what to do
    notice: str | None = None  # listed, but something to fix before generating (no key)

    def model(self, model_id: str) -> ModelInfo | None:
        return next((m for m in self.models if m.id == model_id), None)


class ModelCatalog:
    def __init__(self, adapter_for: Callable[[str], Provider],
                 key_missing: Callable[[str], bool] = lambda name: False) -> None:
        """`adapter_for(name)` gives a provider's adapter (the queue's, so connections are
        shared); `key_missing(name)` says whether no API key is stored for it."""
        self._adapter_for = adapter_for
        self._key_missing = key_missing
        self._entries: dict[str, CatalogEntry] = {}
        self._loading: dict[str, asyncio.Task[CatalogEntry]] = {}

    def providers(self) -> list[ProviderChoice]:
        """Providers that make shots, the offline animatic first; display names come from the
        adapter classes, so nothing is connected to list them."""
        out: list[ProviderChoice] = []
        for name in registry.names():
            try:
                cls = registry.resolve(name)
            except (registry.ProviderUnavailableError, registry.UnknownProviderError):
                continue  # a broken adapter does not take the others down
            caps = frozenset(getattr(cls, "capabilities", frozenset()))
            if not caps & GENERATES:
                continue
            display = str(getattr(cls, "display_name", name))
            out.append(ProviderChoice(name, display, offline=name == ANIMATIC))
        out.sort(key=lambda p: (not p.offline, p.display_name.lower()))
        return out

    def display_name(self, name: str) -> str:
        return registry.display_name(name)

    def cached(self, name: str) -> CatalogEntry | None:
        return self._entries.get(name)

    def model(self, provider: str, model_id: str) -> ModelInfo | None:
        entry = self._entries.get(provider)
        return entry.model(model_id) if entry is not None else None

    def invalidate(self, name: str | None = None) -> None:
        """Forget cached lists (all, or one provider's): keys or base URLs changed."""
        if name is None:
            self._entries.clear()
        else:
            self._entries.pop(name, None)

    def cancel_loading(self) -> list[asyncio.Task[CatalogEntry]]:
        """Cancel the listings still asking their services (the window is closing, and the
        adapters they use are about to be closed); the tasks, for the caller to wait on."""
        tasks = [t for t in self._loading.values() if not t.done()]
        for task in tasks:
            task.cancel()
        return tasks

    async def models(self, name: str, *, refresh: bool = False) -> CatalogEntry:
        if not refresh and name in self._entries:
            return self._entries[name]
        task = self._loading.get(name)
        if task is None:  # callers asking at once share one request
            task = asyncio.ensure_future(self._load(name, refresh))
            self._loading[name] = task
            task.add_done_callback(lambda _t, n=name: self._loading.pop(n, None))
        entry = await asyncio.shield(task)
        if entry.error is None:
            self._entries[name] = entry
        return entry

    async def _load(self, name: str, refresh: bool) -> CatalogEntry:
        label = self.display_name(name)
        try:
            adapter = self._adapter_for(name)
            # an adapter that caches a remote catalog itself is asked to fetch it again
            fresh = refresh and "refresh" in inspect.signature(adapter.models).parameters
            listed = await (adapter.models(refresh=True) if fresh else adapter.models())
        except ProviderError as exc:
            said = exc.message.rstrip(".")
            status = f" (HTTP {exc.status})" if exc.status else ""
            return CatalogEntry(name, error=f"{label}: {said}{status}. {exc.hint}")
        except Exception as exc:  # noqa: BLE001 - shown to the user, never raised into the UI
            return CatalogEntry(name, error=f"{label}: the models could not be listed ({exc}).")
        models = tuple(m for m in listed if m.kind in SHOT_KINDS)
        notice = None
        if name != ANIMATIC and self._key_missing(name):
            notice = (f"No API key is stored for {label}: add one in Settings → API keys before "
                      "generating.")
        return CatalogEntry(name, models, notice=notice)


def catalog_for_studio(studio, queue=None) -> ModelCatalog:
    """A catalog on the queue's adapters when the queue is running (one connection per
    service), else on adapters of its own made from the studio's settings and keys."""
    from app.providers.config import key_source, provider_config

    if queue is not None:
        adapter_for = queue.provider
    else:
        adapters: dict = {}

        def adapter_for(name: str):
            if name not in adapters:
                config = provider_config(name, studio.settings, studio.secrets)
                extra = {"cache_dir": str(studio.paths.cache / name), **config.extra}
                adapters[name] = registry.create(name, config.model_copy(update={"extra": extra}))
            return adapters[name]

    return ModelCatalog(adapter_for, lambda name: key_source(name, studio.secrets) == "missing")

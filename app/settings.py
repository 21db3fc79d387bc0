"""Typed, versioned settings stored as JSON in the config folder.

Older files are upgraded step by step (`_UPGRADES`); a file from a newer Reelroom or one that
cannot be read is copied aside and defaults are used, so nothing is overwritten silently.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError

from app.fsutil import atomic_write_text

log = logging.getLogger(__name__)

SETTINGS_VERSION = 1

PROVIDER_NAMES = ("openai", "shuttleai", "tellers", "viddyscribe", "platform")

DEFAULT_BASE_URLS: dict[str, str | None] = {
    "openai": "https://api.openai.com/v1",
    "shuttleai": "https://api.shuttleai.com/v1",
    "tellers": "https://api.tellers.ai",
    "viddyscribe": "https://api.viddyscribe.com/enterprise/api/",
    "platform": None,  # always user-supplied
}


class ProviderSettings(BaseModel):
    base_url: str | None = None  # None: the service's documented default
    default_model: str | None = None
    concurrency: int = Field(default=2, ge=1, le=32)


class Settings(BaseModel):
    version: int = SETTINGS_VERSION
    providers: dict[str, ProviderSettings] = Field(
        default_factory=lambda: {name: ProviderSettings() for name in PROVIDER_NAMES}
    )
    cache_size_mb: int = Field(default=10_240, ge=100)
    theme: Literal["system", "light", "dark"] = "system"
    player_backend: Literal["auto", "vlc", "qt"] = "auto"
    timeline_mode: Literal["storyboard", "timeline"] = "storyboard"  # the last one shown
    timeline_zoom: float = Field(default=40.0, gt=0)  # the track view's pixels per second
    budget_cap_usd: float | None = Field(default=None, ge=0)
    # how long polling/downloading a job the service holds keeps trying through failures
    # before it is left needs-attention (the job keeps its handle either way)
    fetch_patience_seconds: float = Field(default=600.0, ge=0)
    # the inspector's sections the user folded (None: the inspector's own defaults)
    folded_sections: list[str] | None = None
    recent_projects: list[str] = Field(default_factory=list)
    last_project: str | None = None

    def provider(self, name: str) -> ProviderSettings:
        return self.providers.get(name) or ProviderSettings()


class _Newer(ValueError):
    pass


# version n -> function upgrading a raw dict of version n to version n+1
_UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


class SettingsStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.problem: str | None = None  # said to the user once, if loading fell back

    def load(self) -> Settings:
        if not self.path.exists():
            return Settings()
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(raw, dict):
                raise ValueError("it does not hold a mapping of settings")
            version = int(raw.get("version", 0))
            if version > SETTINGS_VERSION:
                raise _Newer(f"settings were written by a newer Reelroom (version {version})")
            while version < SETTINGS_VERSION:
                raw = _UPGRADES[version](raw)
                version += 1
                raw["version"] = version
            return Settings.model_validate(raw)
        except (ValueError, TypeError, KeyError, ValidationError, OSError) as exc:
            self._keep_aside(exc)
            return Settings()

    def _keep_aside(self, exc: Exception) -> None:
        """A newer Reelroom's file is copied (that Reelroom still wants it); a damaged one is
        moved, so the next start uses defaults quietly and this is said once."""
        from app.validation_text import user_text

        aside = self.path.with_name(f"{self.path.stem}.unreadable-{int(time.time())}.json")
        try:
            if isinstance(exc, _Newer):
                shutil.copy2(self.path, aside)
            else:
                os.replace(self.path, aside)
            kept = f"It was kept as {aside}"
        except OSError as move_error:
            kept = f"It could not be kept aside ({move_error.strerror}) and is still {self.path}"
        self.problem = (f"Your settings file could not be read ({user_text(exc)}). {kept}; "
                        "defaults are in use.")
        log.warning(self.problem)

    def save(self, settings: Settings) -> None:
        atomic_write_text(self.path, settings.model_dump_json(indent=2))

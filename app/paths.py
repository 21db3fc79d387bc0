"""Where Reelroom keeps things. `REELROOM_HOME` moves data, config, cache and logs under one
folder (tests and portable installs); otherwise the platform's own folders (platformdirs)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

APP_NAME = "Reelroom"


# A NamedTuple rather than a dataclass: the window reads its saved layout from `config` before
# its first paint, and importing dataclasses there costs ~2 ms of start-up.
class Paths(NamedTuple):
    data: Path
    config: Path
    cache: Path
    logs: Path

    @property
    def library_db(self) -> Path:
        return self.data / "library.db"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def media(self) -> Path:
        """Media the user imported or generated; never evicted."""
        return self.data / "media"

    def project(self, project_id: str) -> Path:
        """A project's own files (imported media, platform results, bundles unpacked)."""
        return self.data / "projects" / project_id

    def project_media(self, project_id: str) -> Path:
        """Media brought into a project, content-named: `<sha256 prefix>/<name>`."""
        return self.project(project_id) / "media"

    def ensure(self) -> Paths:
        for p in (self.data, self.config, self.cache, self.logs, self.media):
            p.mkdir(parents=True, exist_ok=True)
        return self


def resolve_paths(home: str | os.PathLike[str] | None = None) -> Paths:
    home = home or os.environ.get("REELROOM_HOME")
    if home:
        root = Path(home).expanduser().resolve()
        return Paths(root / "data", root / "config", root / "cache", root / "logs")
    import platformdirs

    dirs = platformdirs.PlatformDirs(APP_NAME, appauthor=False)
    return Paths(
        Path(dirs.user_data_dir),
        Path(dirs.user_config_dir),
        Path(dirs.user_cache_dir),
        Path(dirs.user_log_dir),
    )

"""What every CLI command shares: opening the Studio with a clear error, printing."""

from __future__ import annotations

import json
import sys
from typing import Any

from app.services.studio import Studio


class CliError(Exception):
    """A message for the user and an exit code; main() prints it."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def open_studio() -> Studio:
    from app.storage.errors import LibraryError

    try:
        return Studio.open()
    except LibraryError as exc:
        raise CliError(exc.user_message(), code=2) from exc


def find_project(studio: Studio, name_or_id: str):
    """The project a command names, or a CliError that says where to look."""
    project = studio.find_project(name_or_id)
    if project is None:
        raise CliError(f"no project named {name_or_id!r}; see `reelroom-cli project list`")
    return project


def open_document(studio: Studio, name_or_id: str):
    """Open the project a command names (see find_project)."""
    return studio.open_project(find_project(studio, name_or_id).id)


def emit(args: Any, data: Any, text: str) -> None:
    print(json.dumps(data, indent=2, default=str) if getattr(args, "json", False) else text)


def fail(message: str, code: int = 1) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code

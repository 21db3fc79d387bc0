"""What every CLI command shares: opening the Studio with a clear error, printing."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from app.services.studio import Studio


class CliError(Exception):
    """A message for the user and an exit code; main() prints it."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def file_arg(text: str) -> str:
    """An argparse type for a file argument: an empty value is refused by argparse itself,
    in one line, before any command runs."""
    if not text.strip():
        import argparse

        raise argparse.ArgumentTypeError("a file path is required (got an empty value)")
    return text


def path_arg(text: str) -> Path:
    return Path(file_arg(text))


# Every studio the running command opened: main() closes them when the command ends, so a
# command leaves no connection or writer thread behind whether it closes its own or not
# (main can run many commands in one process: the tests, a script importing the CLI).
_opened: list[Studio] = []


def open_studio() -> Studio:
    from app.storage.errors import LibraryError

    try:
        studio = Studio.open()
    except LibraryError as exc:
        raise CliError(exc.user_message(), code=2) from exc
    _opened.append(studio)
    if studio.settings_store.problem:  # the file is moved aside: said once, on this run
        print(f"note: {studio.settings_store.problem}", file=sys.stderr)
    return studio


def close_opened() -> None:
    """Close what open_studio opened for this command (closing twice is harmless)."""
    while _opened:
        _opened.pop().close()


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


def run_on_queue(work):
    """Run `await work(studio, queue)` on a queue over the studio (its adapters, cache and
    jobs), closing it all after; a service error is its one-line message."""
    import asyncio

    from app.domain.service_errors import ProviderError
    from app.providers import registry
    from app.services.queue import Queue

    studio = open_studio()
    try:
        queue = Queue(studio)

        async def go():
            try:
                return await work(studio, queue)
            finally:
                await queue.stop()

        return asyncio.run(go())
    except ProviderError as exc:
        raise CliError(exc.user_message()) from exc
    except (registry.UnknownProviderError, registry.ProviderUnavailableError) as exc:
        raise CliError(str(exc), 2) from exc
    finally:
        studio.close()

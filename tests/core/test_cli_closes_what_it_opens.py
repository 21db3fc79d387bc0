"""A CLI command leaves no library connection or writer thread behind when it ends, whether it
returned, failed or was refused: `main` can run many commands in one process."""

from __future__ import annotations

import contextlib
import io
import os
import threading
from pathlib import Path

from app.cli.main import main


def _writers() -> int:
    return sum(t.name == "library-writer" for t in threading.enumerate())


def _library_files_open() -> int:
    """Open descriptors on the library's files (the database, its WAL and shared memory)."""
    fds = Path("/proc/self/fd")
    names = []
    for fd in fds.iterdir():
        with contextlib.suppress(OSError):
            names.append(os.readlink(fd))
    return sum("library.db" in name for name in names)


def _run(argv: list[str]) -> None:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        main(argv)


def test_commands_that_open_the_library_close_it(reelroom_home):
    before = _writers(), _library_files_open()
    _run(["project", "new", "P1"])
    _run(["shot", "add", "P1", "--title", "first"])
    _run(["shot", "list", "P1"])
    _run(["shot", "list", "no-such-project"])  # fails with a one-line error
    _run(["project", "list"])
    assert (_writers(), _library_files_open()) == before

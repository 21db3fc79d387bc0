"""A private X server for tests that need real X11 windows (a native libvlc window cannot be
seen on Qt's offscreen platform). Xvfb picks a free display itself (-displayfd)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

NO_XVFB = "Xvfb is not installed (apt-get install xvfb): real X11 window tests cannot run"


@contextmanager
def xvfb_display(size: str = "1280x800x24") -> Iterator[str]:
    """Start Xvfb on a free display; yield ":N"; stop it afterwards."""
    exe = shutil.which("Xvfb")
    if exe is None:
        if os.environ.get("REELROOM_REQUIRE_XVFB"):  # CI: these tests must run, not skip
            pytest.fail(NO_XVFB)
        pytest.skip(NO_XVFB)
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        [exe, "-displayfd", str(write_fd), "-screen", "0", size, "-nolisten", "tcp",
         "-noreset"],
        pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        if not number:
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            raise RuntimeError(f"Xvfb did not start: {err.strip()[-300:]}")
        yield f":{number}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def x11_env(display: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY",)}
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
    return env

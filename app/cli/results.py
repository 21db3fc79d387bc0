"""Where the CLI's direct jobs (`generate`, `describe`) put what they paid for.

The same checks as the queue's: the destination is checked for writing before anything is
sent; the result is downloaded into the cache first (its length checked against what the
server announced, by the transfer layer), probed when it is media, and only then copied to
the user's file. If that last copy fails, the file stays in the cache and the message says
where, so nothing paid for is lost."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from app.cli.common import CliError
from app.fsutil import atomic_copy
from app.media.errors import MediaError
from app.media.probe import probe
from app.providers.base import Output, Provider

MEDIA_KINDS = ("video", "image", "audio")


def check_writable(dest: Path) -> Path:
    """Refuse, before any request, a destination that cannot be written (one line)."""
    dest = Path(dest).expanduser()
    if dest.exists() and dest.is_dir():
        raise CliError(f"--out {dest} is a folder; give a file name", 2)
    folder = dest.parent if str(dest.parent) else Path.cwd()
    if not folder.exists():
        raise CliError(f"--out {dest}: the folder {folder} does not exist", 2)
    if not folder.is_dir():
        raise CliError(f"--out {dest}: {folder} is not a folder", 2)
    try:
        fd, probe_path = tempfile.mkstemp(prefix=".reelroom-write-check-", dir=folder)
    except OSError as exc:
        raise CliError(f"--out {dest}: cannot write in {folder} ({exc.strerror or exc}); "
                       "nothing was sent", 2) from exc
    os.close(fd)
    os.unlink(probe_path)
    if dest.exists() and not os.access(dest, os.W_OK):
        raise CliError(f"--out {dest}: the file exists and cannot be overwritten; nothing was "
                       "sent", 2)
    return dest


async def save_result(adapter: Provider, output: Output, dest: Path, cache: Path,
                      name: str) -> Path:
    """Download `output` into `cache/<name>`, verify it, then copy it to `dest`."""
    cache.mkdir(parents=True, exist_ok=True)
    kept = cache / name
    await adapter.download(output, kept)
    if output.kind in MEDIA_KINDS:
        try:
            info = await probe(kept)
        except MediaError as exc:
            raise CliError(f"{adapter.name} returned a file that cannot be played ({exc}); "
                           f"it is kept at {kept}") from exc
        if output.kind == "video" and not info.has_video:
            raise CliError(f"{adapter.name} returned a video with no picture in it; it is "
                           f"kept at {kept}")
    try:
        atomic_copy(kept, dest)
    except OSError as exc:
        raise CliError(f"the result could not be written to {dest} ({exc.strerror or exc}); "
                       f"it is kept at {kept}") from exc
    return dest

"""Small file helpers: writes that are never half-done."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

COPY_CHUNK = 1024 * 1024


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, fsync, then rename over it, so a crash leaves
    either the old file or the new one, never a torn one."""
    _atomic(path, lambda fh: fh.write(data))


def atomic_copy(src: Path, dest: Path) -> None:
    """Copy `src` to `dest` the same way: streamed (memory stays flat whatever the size), and
    `dest` appears only complete."""
    with open(src, "rb") as i:
        _atomic(dest, lambda fh: shutil.copyfileobj(i, fh, COPY_CHUNK))


def _atomic(path: Path, write) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    atomic_write_bytes(path, text.encode(encoding))


def safe_child(root: Path, name: str) -> Path:
    """`root / name` for a name that came from outside (a server, a drop): only its last
    component is used, so `../` or an absolute path can never escape `root`."""
    base = Path(name.replace("\\", "/")).name
    if base in ("", ".", ".."):
        raise ValueError(f"unusable file name: {name!r}")
    target = (root / base).resolve()
    if target.parent != root.resolve():
        raise ValueError(f"file name escapes its folder: {name!r}")
    return target

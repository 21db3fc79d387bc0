"""Bringing a file's bytes into the library: one streamed pass that copies and hashes (sha256)
into a `.part` file, then an atomic rename into a folder named by the content. Runs in a worker
thread (the callers use asyncio.to_thread); never reads a whole file into memory."""

from __future__ import annotations

import hashlib
import os
import secrets
import threading
import time
from collections.abc import Callable
from pathlib import Path

CHUNK = 1024 * 1024
HASH_DIR_CHARS = 16  # 64 bits of the hash name the folder: unique enough, short to read
STALE_PART_SECONDS = 24 * 3600


class ImportCancelled(Exception):
    pass


def sha256_file(path: Path, cancel: threading.Event | None = None) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(CHUNK):
            if cancel is not None and cancel.is_set():
                raise ImportCancelled(path.name)
            h.update(block)
    return h.hexdigest()


def stage_copy(src: Path, incoming: Path, cancel: threading.Event | None = None,
               on_bytes: Callable[[int], None] | None = None) -> tuple[Path, str]:
    """Copy `src` into `incoming/<token>.part` while hashing it; returns (part, sha256). A
    failure or cancel leaves no .part behind."""
    incoming.mkdir(parents=True, exist_ok=True)
    part = incoming / f"{secrets.token_hex(8)}.part"
    h = hashlib.sha256()
    try:
        with open(src, "rb") as i, open(part, "wb") as o:
            while block := i.read(CHUNK):
                if cancel is not None and cancel.is_set():
                    raise ImportCancelled(src.name)
                h.update(block)
                o.write(block)
                if on_bytes is not None:
                    on_bytes(len(block))
            o.flush()
            os.fsync(o.fileno())
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return part, h.hexdigest()


def safe_name(name: str) -> str:
    """The user's file name, minus anything that could leave the folder or upset a shell."""
    cleaned = "".join(ch for ch in name if ch.isprintable() and ch not in '/\\:*?"<>|')
    cleaned = cleaned.strip().lstrip(".")
    return cleaned or "media"


def place(part: Path, folder: Path, name: str) -> Path:
    """Move a staged file into `folder` (named by its content hash) as `name`. If the folder
    already holds a file, it has the same content (an earlier import that stopped before its
    row was written): keep that one and drop the staged copy."""
    folder.mkdir(parents=True, exist_ok=True)
    existing = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.endswith(".part"))
    if existing:
        part.unlink(missing_ok=True)
        return existing[0]
    dest = folder / safe_name(name)
    os.replace(part, dest)  # same filesystem as .incoming: atomic
    return dest


def sweep_stale_parts(incoming: Path, older_than: float = STALE_PART_SECONDS) -> int:
    """Remove .part files left by an import that died (a crash); recent ones may belong to an
    import running in another process, so they stay."""
    if not incoming.is_dir():
        return 0
    removed = 0
    limit = time.time() - older_than
    for p in incoming.glob("*.part"):
        try:
            if p.stat().st_mtime < limit:
                p.unlink()
                removed += 1
        except OSError:
            continue
    return removed

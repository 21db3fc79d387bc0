"""Files brought into a project (from a timeline or a bundle) are copied into the project's own
media folder, named by content, so the project never depends on where they came from.

Layout `<data>/projects/<project id>/media/<sha256 prefix>/<name>`, as the media library uses.
Copies are streamed and appear under their name only complete (fsutil.atomic_copy)."""

from __future__ import annotations

from pathlib import Path

from app.fsutil import atomic_copy
from app.services.media_files import sha256_file

PREFIX = 16  # hex digits of the sha256 in the folder name: unique enough, short enough


def _clean_name(name: str) -> str:
    base = Path(name.replace("\\", "/")).name.strip()
    return base if base not in ("", ".", "..") else "media"


def place(src: Path, digest: str, name: str, media_root: Path) -> Path:
    """Move or copy `src` (whose sha256 is `digest`) to its content-named place under
    `media_root`; a file already there with this content is reused, never overwritten."""
    dest = media_root / digest[:PREFIX] / _clean_name(name)
    if not dest.exists():
        atomic_copy(src, dest)
    return dest


def copy_in(src: Path, media_root: Path) -> Path:
    """Copy an outside file into `media_root` by content (two streamed reads: hash, copy)."""
    return place(src, sha256_file(src), src.name, media_root)

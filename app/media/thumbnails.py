"""Poster frames for the media bin and timeline, cached by the source's identity so asking
twice costs one stat()."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

from app.media.encoding import src_arg
from app.media.errors import MediaError
from app.media.ffmpeg import run_ffmpeg
from app.media.probe import probe

# Sources that may carry transparency keep it: their thumbnails are PNG.
_ALPHA_CODECS = {"png", "webp", "gif", "tiff", "qoi"}


def thumbnail_key(src: Path, at_seconds: float | None, width: int) -> str:
    """Path + size + mtime identify the content well enough without reading the file."""
    st = src.stat()
    ident = f"{src.resolve()}|{st.st_size}|{st.st_mtime_ns}|{at_seconds}|{width}"
    return hashlib.sha256(ident.encode()).hexdigest()[:32]


async def make_thumbnail(
    src: str | Path, dest_dir: str | Path, *, at_seconds: float | None = None, width: int = 320
) -> Path:
    """One frame of `src` (a scaled copy for stills) at most `width` pixels wide, in dest_dir.

    Without `at_seconds` the frame comes from a quarter of the way in (past fades from black).
    """
    src, dest_dir = Path(src), Path(dest_dir)
    if not 16 <= width <= 4096:
        raise ValueError(f"width must be between 16 and 4096 (got {width})")
    if at_seconds is not None and at_seconds < 0:
        raise ValueError(f"at_seconds must be 0 or more (got {at_seconds:g})")
    try:
        key = await asyncio.to_thread(thumbnail_key, src, at_seconds, width)
    except FileNotFoundError:
        raise MediaError(f"{src.name} does not exist ({src})", path=str(src)) from None
    for ext in (".jpg", ".png"):
        cached = dest_dir / f"{key}{ext}"
        if cached.exists():
            return cached

    info = await probe(src)
    if not info.has_video:
        raise MediaError(f"{src.name} has no picture to make a thumbnail from", path=str(src))
    ext = ".png" if info.video_codec in _ALPHA_CODECS else ".jpg"
    dest = dest_dir / f"{key}{ext}"
    scale = f"scale='min({width},iw)':-2:flags=bicubic"
    seek: list[str] = []
    if info.kind == "video":
        at = info.duration * 0.25 if at_seconds is None else at_seconds
        # Never seek past the last frame: the result would be no picture at all.
        last = max(0.0, info.duration - 1.0 / (info.fps or 25) * 2)
        seek = ["-ss", f"{min(at, last):.3f}"]
    args = [*seek, "-i", src_arg(src), "-map", "0:v:0", "-frames:v", "1", "-vf", scale]
    args += ["-q:v", "3"] if ext == ".jpg" else []
    args += ["-update", "1"]
    return await run_ffmpeg(args, output=dest)

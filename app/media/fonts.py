"""Finding a font file for drawtext. Nothing is shipped: the system's fonts are used, found
through fontconfig (`fc-match`) or a few well-known locations per platform."""

from __future__ import annotations

import asyncio
import functools
import os
import shutil
import subprocess
from pathlib import Path

from app.media.errors import MediaError

_COMMON = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/noto/NotoSans-Regular.ttf",
    "/System/Library/Fonts/Supplemental/Arial.ttf",
    "/Library/Fonts/Arial.ttf",
    "/System/Library/Fonts/Helvetica.ttc",
    "C:/Windows/Fonts/segoeui.ttf",
    "C:/Windows/Fonts/arial.ttf",
)


@functools.lru_cache(maxsize=1)
def find_font() -> Path | None:
    """A usable sans-serif font file, or None. REELROOM_FONT overrides the search."""
    override = os.environ.get("REELROOM_FONT")
    if override and Path(override).is_file():
        return Path(override)
    fc = shutil.which("fc-match")
    if fc:
        try:
            out = subprocess.run(
                [fc, "-f", "%{file}", "sans-serif"], capture_output=True, text=True, timeout=10
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            out = ""
        if out and Path(out).is_file():
            return Path(out)
    return next((Path(p) for p in _COMMON if Path(p).is_file()), None)


async def font_file() -> Path:
    """The font drawtext should use; MediaError saying what to install when there is none."""
    font = await asyncio.to_thread(find_font)
    if font is None:
        raise MediaError(
            "No font found for drawing text: install a TrueType font such as DejaVu Sans "
            "(or set REELROOM_FONT to a .ttf file)"
        )
    return font

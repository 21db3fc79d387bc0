"""Real tiny clips and takes made from them, shared by the takes and timeline UI tests."""

from __future__ import annotations

import subprocess
from pathlib import Path

import imageio_ffmpeg

from app.domain import Take
from app.services.project_document import ProjectDocument

# lavfi sources that look clearly different from each other in a thumbnail
SOURCES = ("testsrc2", "smptebars", "mandelbrot", "rgbtestsrc", "testsrc", "pal75bars")


def make_clip(path: Path, source: str = "testsrc2", seconds: float = 1.0,
              size: str = "160x90") -> Path:
    """A small H.264 clip (no audio) made with the bundled ffmpeg."""
    subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-loglevel", "error", "-f", "lavfi",
         "-i", f"{source}=size={size}:rate=24", "-t", str(seconds), "-c:v", "libx264",
         "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(path)],
        check=True, timeout=60)
    return path


def add_take(doc: ProjectDocument, shot_id: str, clip: Path | None, **fields) -> Take:
    """Record a take the way the queue does (through the document)."""
    fields.setdefault("provider", "animatic")
    fields.setdefault("model", "card")
    fields.setdefault("duration", 1.0)
    return doc.add_take(Take(shot_id=shot_id, number=0,
                             media_path=str(clip) if clip else None, **fields))

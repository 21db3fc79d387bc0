"""Tiny real media for media-bin tests, made with the bundled ffmpeg (a few KB each)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import imageio_ffmpeg

FFMPEG = imageio_ffmpeg.get_ffmpeg_exe()


def ff(*args: str) -> None:
    subprocess.run([FFMPEG, "-hide_banner", "-nostdin", "-y", "-loglevel", "error", *args],
                   check=True, capture_output=True, timeout=60)


def video(path: Path, seconds: float = 1.5, size: str = "160x90", src: str = "testsrc",
          audio: bool = False) -> Path:
    args = ["-f", "lavfi", "-i", f"{src}=s={size}:r=12:d={seconds}"]
    if audio:
        args += ["-f", "lavfi", "-i", f"sine=f=440:r=44100:d={seconds}", "-c:a", "aac",
                 "-shortest"]
    ff(*args, "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(path))
    return path


def image(path: Path, color: str = "red", size: str = "96x64") -> Path:
    ff("-f", "lavfi", "-i", f"color=c={color}:s={size}:d=0.04", "-frames:v", "1",
       "-update", "1", str(path))
    return path


def audio(path: Path, seconds: float = 1.0) -> Path:
    ff("-f", "lavfi", "-i", f"sine=f=880:r=44100:d={seconds}", "-c:a", "aac", str(path))
    return path


def make_set(folder: Path) -> dict[str, Path]:
    """A video, a second video, two images, an audio file and two files that are not media."""
    folder.mkdir(parents=True, exist_ok=True)
    notes = folder / "notes.txt"
    notes.write_text("not a video\n", encoding="utf-8")
    fake = folder / "holiday.mp4"  # named like a video, holds text
    fake.write_bytes(b"this is not really an mp4 file\n" * 40)
    return {
        "clip": video(folder / "clip.mp4", 1.5),
        "clip2": video(folder / "sunset.mp4", 2.0, src="testsrc2", audio=True),
        "red": image(folder / "red.png"),
        "blue": image(folder / "blue.jpg", "blue"),
        "tone": audio(folder / "tone.m4a"),
        "notes": notes,
        "fake": fake,
    }

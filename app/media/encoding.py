"""Encoder settings shared by every operation, so outputs play everywhere (H.264 yuv420p +
AAC in MP4) and the choice lives in one place."""

from __future__ import annotations

from pathlib import Path

X264_PRESET = "veryfast"
CRF = "20"
AUDIO_BITRATE = "160k"


def video_args(preset: str = X264_PRESET, crf: str | int = CRF) -> list[str]:
    return ["-c:v", "libx264", "-preset", preset, "-crf", str(crf), "-pix_fmt", "yuv420p"]


def audio_args(bitrate: str = AUDIO_BITRATE) -> list[str]:
    return ["-c:a", "aac", "-b:a", bitrate]


def container_args(output: Path) -> list[str]:
    # faststart moves the index to the front so players can start before the whole file loads.
    if output.suffix.lower() in (".mp4", ".mov", ".m4v"):
        return ["-movflags", "+faststart"]
    return []


def src_arg(path: Path) -> str:
    """An input argument that ffmpeg cannot mistake for a protocol (`concat:`, `http:`...)."""
    return f"file:{Path(path).resolve()}"

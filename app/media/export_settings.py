"""What an export should look like: size, frame rate and encoder quality, with the named
presets the export dialog offers."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Preset name → the short side in pixels (the "p" number is the height of a landscape frame).
PRESETS: dict[str, int] = {"480p": 480, "720p": 720, "1080p": 1080, "4k": 2160}


def _even(x: float) -> int:
    return max(2, int(round(x / 2)) * 2)


def parse_aspect(aspect: str) -> tuple[int, int]:
    m = re.match(r"^\s*(\d+(?:\.\d+)?)\s*[:x/]\s*(\d+(?:\.\d+)?)\s*$", aspect)
    if not m or float(m.group(1)) <= 0 or float(m.group(2)) <= 0:
        raise ValueError(f"aspect must look like '16:9', '9:16' or '1:1' (got {aspect!r})")
    a, b = float(m.group(1)), float(m.group(2))
    return a, b  # type: ignore[return-value]


def size_for(preset: str, aspect: str = "16:9") -> tuple[int, int]:
    """Frame size for a preset at an aspect ratio: the preset fixes the short side, so 720p at
    9:16 is 720×1280 and at 1:1 is 720×720. Both sides are even (H.264 4:2:0 needs it)."""
    if preset not in PRESETS:
        raise ValueError(f"preset must be one of {', '.join(PRESETS)} (got {preset!r})")
    short = PRESETS[preset]
    a, b = parse_aspect(aspect)
    if a >= b:
        return _even(short * a / b), short
    return short, _even(short * b / a)


@dataclass(frozen=True)
class ExportSettings:
    width: int
    height: int
    fps: float = 30.0
    crf: int = 20
    x264_preset: str = "veryfast"
    audio_bitrate: str = "192k"

    def __post_init__(self) -> None:
        for name in ("width", "height"):
            v = getattr(self, name)
            if not (16 <= v <= 8192) or v % 2:
                raise ValueError(f"{name} must be an even number between 16 and 8192 (got {v})")
        if not 1 <= self.fps <= 120:
            raise ValueError(f"fps must be between 1 and 120 (got {self.fps:g})")
        if not 0 <= self.crf <= 51:
            raise ValueError(f"crf must be between 0 and 51 (got {self.crf})")

    @classmethod
    def from_preset(cls, preset: str, aspect: str = "16:9", fps: float = 30.0) -> ExportSettings:
        w, h = size_for(preset, aspect)
        return cls(width=w, height=h, fps=fps)

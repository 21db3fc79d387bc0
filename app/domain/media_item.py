"""A file in a project's media bin: imported once, stored under the project's media folder by
its content hash, described by what probing found. No I/O here."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.domain.ids import new_id, now

MediaKind = Literal["video", "image", "audio"]


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"  # pragma: no cover - the loop always returns


def human_duration(seconds: float) -> str:
    m, s = divmod(seconds, 60)
    return f"{int(m)}:{s:04.1f}"


class MediaItem(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str = Field(default_factory=new_id)
    project_id: str
    sha256: str
    kind: MediaKind
    name: str  # the file name the user imported it under
    path: str  # the library-owned copy
    size: int
    duration: float | None = None  # seconds; None for stills
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    video_codec: str | None = None
    audio_codec: str | None = None
    container: str = ""
    thumbnail_path: str | None = None
    source_path: str | None = None  # where it was imported from (informational)
    created: float = Field(default_factory=now)

    @property
    def resolution(self) -> str:
        return f"{self.width}×{self.height}" if self.width and self.height else ""

    @property
    def codec(self) -> str:
        return " + ".join(c for c in (self.video_codec, self.audio_codec) if c)

    def details(self) -> str:
        """One line for the bin and the CLI: duration · resolution · codec · size."""
        bits = []
        if self.kind != "image" and self.duration:
            bits.append(human_duration(self.duration))
        bits += [b for b in (self.resolution, self.codec) if b]
        bits.append(human_size(self.size))
        return " · ".join(bits)

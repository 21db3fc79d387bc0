"""The film's sound and words: audio tracks of clips placed in film time, and subtitle tracks
of timed cues. No I/O here (app.storage keeps them, app.services.soundtrack edits them).

Times are seconds of film time (the cut, app.domain.cut), except an audio clip's in/out points,
which are seconds into its own file. Volume is a linear gain (1 = as recorded, 0 = silent)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.domain.ids import new_id, now

TrackKind = Literal["audio", "subtitle"]

AUDIO_EXTENSIONS = (".wav", ".mp3", ".m4a", ".flac", ".ogg", ".aac", ".opus")

# What every project starts with, top to bottom. Audio description is both a voice (audio)
# and its words (a subtitle track of the same name).
DEFAULT_TRACKS: tuple[tuple[TrackKind, str], ...] = (
    ("audio", "Music"),
    ("audio", "Narration"),
    ("audio", "Audio description"),
    ("subtitle", "Subtitles"),
    ("subtitle", "Audio description"),
)
MUSIC = "Music"
NARRATION = "Narration"
DESCRIPTION = "Audio description"
SUBTITLES = "Subtitles"

MAX_GAIN = 4.0  # +12 dB


class SoundTrack(BaseModel):
    """An audio or subtitle track of a project, in display order."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(default_factory=new_id)
    project_id: str
    kind: TrackKind
    name: str = Field(min_length=1, max_length=80)
    position: float = 0.0
    muted: bool = False
    solo: bool = False
    volume: float = Field(default=1.0, ge=0, le=MAX_GAIN)
    created: float = Field(default_factory=now)


class AudioClip(BaseModel):
    """A piece of an audio file on a track: it starts at `start` in film time and plays the
    file from `src_in` to `src_out` (None: to the file's end)."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(default_factory=new_id)
    track_id: str
    media_path: str  # a library-owned copy (the project's media bin)
    name: str = ""
    start: float = Field(default=0.0, ge=0)
    src_in: float = Field(default=0.0, ge=0)
    src_out: float | None = Field(default=None, gt=0)
    media_duration: float | None = Field(default=None, gt=0)
    volume: float = Field(default=1.0, ge=0, le=MAX_GAIN)
    fade_in: float = Field(default=0.0, ge=0)
    fade_out: float = Field(default=0.0, ge=0)
    source: str = "imported"  # imported | generated | tts | description
    job_id: str | None = None  # the queue job that made it, when one did
    created: float = Field(default_factory=now)

    @model_validator(mode="after")
    def _points_in_order(self) -> AudioClip:
        if self.src_out is not None and self.src_out <= self.src_in:
            raise ValueError("an audio clip's out point must come after its in point")
        return self

    @property
    def length(self) -> float:
        """Seconds the clip lasts in the film (0 when its file's length is unknown and no out
        point is set)."""
        end = self.src_out if self.src_out is not None else self.media_duration
        return max(0.0, (end or 0.0) - self.src_in)

    @property
    def end(self) -> float:
        return self.start + self.length


class SubtitleCue(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str = Field(default_factory=new_id)
    track_id: str
    start: float = Field(ge=0)
    end: float = Field(gt=0)
    text: str

    @model_validator(mode="after")
    def _ends_after_start(self) -> SubtitleCue:
        if self.end <= self.start:
            raise ValueError(f"a subtitle cue must end after it starts ({self.start:.3f} s)")
        return self

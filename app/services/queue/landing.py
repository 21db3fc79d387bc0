"""Where a finished job's result goes. Most jobs make a take of their shot; a sound or words job
(platform music, TTS narration, subtitles, audio description) lands its audio as a clip on an
audio track, its text as cues on a subtitle track, or its file beside the project. The landing
is written with the job before anything is sent, so a job resumed after a crash lands where
the user asked, once."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

LandingKind = Literal["take", "audio", "subtitles", "file"]

# which output kinds each landing takes, best first
OUTPUT_KINDS: dict[str, tuple[str, ...]] = {
    "take": ("video", "image"),
    "audio": ("audio",),
    "subtitles": ("subtitles", "text"),
    "file": ("text", "subtitles", "video", "audio"),
}


class Landing(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: LandingKind = "take"
    track: str | None = None  # the audio or subtitle track, by name
    at_seconds: float = 0.0  # film time the clip (or the first cue's zero) is placed at
    # the part of the source the film plays (a take's in/out points): cues outside it are
    # dropped, the rest shifted by -source_in so they line up with the cut
    source_in: float = 0.0
    source_out: float | None = None
    replace: bool = False  # subtitles: clear the track first (a re-generated translation)
    output: str | None = None  # which of the job's outputs to land (None: by `kind`)
    file_name: str | None = None  # for "file": the name it is saved under beside the project
    label: str = ""  # what the job is, in words, for the queue ("TTS narration")

    def output_kinds(self) -> tuple[str, ...]:
        return (self.output,) if self.output else OUTPUT_KINDS[self.kind]

    def describe(self) -> str:
        if self.kind == "audio":
            return f"clip on {self.track} at {self.at_seconds:.2f} s"
        if self.kind == "subtitles":
            return f"cues on {self.track} from {self.at_seconds:.2f} s"
        if self.kind == "file":
            return f"saved beside the project as {self.file_name}"
        return "a new take"


TAKE = Landing()

"""WebVTT / SubRip cue parsing, in plain Python.

No Qt here on purpose: this is core-shaped logic that may move to ``app/`` later, and the
QtMultimedia backend only needs "which cue is showing at t ms".
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path

# "01:02:03.456", "02:03.456" (VTT allows omitting hours) or "00:02:03,456" (SRT uses a comma).
_TIMESTAMP = r"(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{1,3})"
_TIMING_LINE = re.compile(rf"^\s*{_TIMESTAMP}\s*-->\s*{_TIMESTAMP}")
# Styling tags (<b>, <i>, <c.yellow>, <v Roger>, <00:01.000>) and SRT font tags are dropped:
# the overlay draws plain text.
_TAG = re.compile(r"<[^>]*>")


class SubtitleError(ValueError):
    """The file is not a subtitle format we can read."""


@dataclass(frozen=True, slots=True)
class Cue:
    start_ms: int
    end_ms: int
    text: str

    def covers(self, ms: int) -> bool:
        # End is exclusive so back-to-back cues never both show.
        return self.start_ms <= ms < self.end_ms


class SubtitleTrack:
    """Cues sorted by start time, answering "what is on screen at t"."""

    def __init__(self, cues: list[Cue]) -> None:
        self.cues: list[Cue] = sorted(cues, key=lambda c: (c.start_ms, c.end_ms))
        self._starts = [c.start_ms for c in self.cues]

    def __len__(self) -> int:
        return len(self.cues)

    def cues_at(self, ms: int) -> list[Cue]:
        # Only cues starting at or before ms can cover it; overlapping cues are allowed in VTT,
        # so scan backwards over those rather than assuming one.
        idx = bisect.bisect_right(self._starts, ms)
        return [c for c in self.cues[:idx] if c.covers(ms)]

    def text_at(self, ms: int) -> str:
        return "\n".join(c.text for c in self.cues_at(ms))


def _to_ms(hours: str | None, minutes: str, seconds: str, fraction: str) -> int:
    millis = int(fraction.ljust(3, "0"))
    return ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + millis


def _blocks(text: str) -> list[list[str]]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return [b.split("\n") for b in re.split(r"\n[ \t]*\n", text.strip()) if b.strip()]


def _cue_from_block(lines: list[str]) -> Cue | None:
    # The timing line is first, or second after an identifier (SRT index or VTT cue id).
    for i, line in enumerate(lines[:2]):
        m = _TIMING_LINE.match(line)
        if m:
            g = m.groups()
            start, end = _to_ms(*g[:4]), _to_ms(*g[4:])
            body = "\n".join(_TAG.sub("", ln).strip() for ln in lines[i + 1 :])
            if end <= start:
                return None
            return Cue(start, end, body.strip())
    return None


def parse_vtt(text: str) -> SubtitleTrack:
    blocks = _blocks(text)
    if not blocks or not blocks[0][0].startswith("WEBVTT"):
        raise SubtitleError("not a WebVTT file: it must start with 'WEBVTT'")
    cues = []
    for block in blocks[1:]:
        if block[0].startswith(("NOTE", "STYLE", "REGION")):
            continue
        cue = _cue_from_block(block)
        if cue is not None:
            cues.append(cue)
    return SubtitleTrack(cues)


def parse_srt(text: str) -> SubtitleTrack:
    cues = [c for c in (_cue_from_block(b) for b in _blocks(text)) if c is not None]
    if not cues and text.strip():
        raise SubtitleError("no SubRip cues found (expected '00:00:01,000 --> 00:00:02,000')")
    return SubtitleTrack(cues)


def parse_subtitles(text: str) -> SubtitleTrack:
    """Sniff the format from the content, since extensions on generated files lie."""
    if text.lstrip("\ufeff").lstrip().startswith("WEBVTT"):
        return parse_vtt(text)
    return parse_srt(text)


def load_subtitles(path: str | Path) -> SubtitleTrack:
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older SRT files are often Windows-1252; latin-1 never fails and keeps the timings.
        text = raw.decode("latin-1")
    return parse_subtitles(text)

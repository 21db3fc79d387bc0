"""Timed text as services hand it back, read into cues: SRT or WebVTT (subtitle_files reads
those), or JSON segments — ViddyScribe's `{segments: [{start, end, text}]}`, its older
`{items: […]}`, or a bare list. And cues timed in a take moved to film time."""

from __future__ import annotations

import json
import re

from app.interchange.subtitle_files import CueText, SubtitleFileError, parse_subtitles

_CLOCK = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?")


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        m = _CLOCK.fullmatch(value.strip())
        if m:
            h, mi, s, ms = m.groups()
            return int(h or 0) * 3600 + int(mi) * 60 + int(s) + int((ms or "0").ljust(3, "0")) / 1000
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _segments(data: object) -> list[CueText]:
    if isinstance(data, dict):
        for key in ("segments", "items", "cues", "descriptions", "output"):
            if key in data:
                return _segments(data[key])
        if isinstance(data.get("content"), str):
            return parse_subtitles(data["content"], "the service's answer")
        return []
    cues = []
    for item in data if isinstance(data, list) else []:
        if not isinstance(item, dict):
            continue
        start = _number(item.get("start", item.get("start_time")))
        end = _number(item.get("end", item.get("end_time")))
        text = str(item.get("text") or item.get("description") or "").strip()
        if start is not None and end is not None and end > start and text:
            cues.append(CueText(round(start, 3), round(end, 3), text))
    return cues


def parse_timed_text(text: str) -> list[CueText]:
    """Cues from SRT, VTT or JSON; SubtitleFileError when nothing timed is in it."""
    stripped = text.lstrip("\ufeff").strip()
    if stripped[:1] in "[{":
        try:
            cues = _segments(json.loads(stripped))
        except ValueError:
            cues = []
        if cues:
            return sorted(cues)
        raise SubtitleFileError("the service's answer has no timed text (expected segments "
                                "with start, end and text)")
    return parse_subtitles(stripped, "the service's answer")


def place(cues: list[CueText], at: float, source_in: float = 0.0,
          source_out: float | None = None) -> list[CueText]:
    """Cues timed in a source (a take) moved to film time: only the part the film plays
    (source_in … source_out) is kept, cut at its edges, shifted to begin at `at`."""
    out = []
    for c in cues:
        start = max(c.start, source_in)
        end = c.end if source_out is None else min(c.end, source_out)
        if end - start > 1e-3:
            out.append(CueText(round(at + start - source_in, 3), round(at + end - source_in, 3),
                               c.text))
    return out

"""SubRip (.srt) and WebVTT (.vtt) files: read into timed cues, written from them. Lenient on
read (BOM, CRLF, comma or dot before the milliseconds, hours left out, cue settings, numbered
or unnumbered cues), exact on write."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple


class CueText(NamedTuple):
    start: float
    end: float
    text: str


class SubtitleFileError(ValueError):
    pass


_TIME = r"(?:(\d+):)?(\d{1,2}):(\d{1,2})[.,](\d{1,3})"
_TIMING = re.compile(rf"^\s*{_TIME}\s*-->\s*{_TIME}")
_TAGS = re.compile(r"</?(?:[bius]|c(?:\.[\w.-]+)?|v(?: [^>]*)?|lang[^>]*|ruby|rt)>")


def _seconds(h: str | None, m: str, s: str, ms: str) -> float:
    return int(h or 0) * 3600 + int(m) * 60 + int(s) + int(ms.ljust(3, "0")) / 1000


def parse_subtitles(text: str, name: str = "the file") -> list[CueText]:
    """Cues in file order. Raises SubtitleFileError naming the file when nothing in it is a
    cue (so a wrong file is refused, not imported as nothing)."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    cues: list[CueText] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [ln for ln in block.split("\n")]
        for k, line in enumerate(lines):
            m = _TIMING.match(line)
            if not m:
                continue
            g = m.groups()
            start, end = _seconds(*g[:4]), _seconds(*g[4:])
            body = "\n".join(ln.strip() for ln in lines[k + 1:] if ln.strip())
            body = _TAGS.sub("", body)
            if end > start and body:
                cues.append(CueText(round(start, 3), round(end, 3), body))
            break
    if not cues:
        raise SubtitleFileError(
            f"{name} has no subtitle cues (expected SRT or WebVTT: "
            "'00:00:01,000 --> 00:00:02,500' followed by the text)")
    return cues


def read_subtitles(path: str | Path) -> list[CueText]:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SubtitleFileError(f"{path.name} cannot be read: {exc.strerror or exc}") from exc
    for encoding in ("utf-8", "cp1252"):
        try:
            return parse_subtitles(raw.decode(encoding), path.name)
        except UnicodeDecodeError:
            continue
    raise SubtitleFileError(f"{path.name} is not a subtitle file (expected SRT or WebVTT text)")


def _stamp(seconds: float, sep: str) -> str:
    ms = int(round(max(0.0, seconds) * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def to_srt(cues: Iterable[CueText]) -> str:
    out = []
    for n, c in enumerate(sorted(cues, key=lambda c: c.start), start=1):
        out.append(f"{n}\n{_stamp(c.start, ',')} --> {_stamp(c.end, ',')}\n{c.text}\n")
    return "\n".join(out)


def to_vtt(cues: Iterable[CueText]) -> str:
    body = "\n".join(f"{_stamp(c.start, '.')} --> {_stamp(c.end, '.')}\n{c.text}\n"
                     for c in sorted(cues, key=lambda c: c.start))
    return "WEBVTT\n\n" + body


def write_subtitles(path: str | Path, cues: Iterable[CueText]) -> Path:
    """.vtt gets WebVTT, anything else SubRip; written to a .part then renamed."""
    path = Path(path)
    text = to_vtt(cues) if path.suffix.lower() == ".vtt" else to_srt(cues)
    part = path.with_name(path.name + ".part")
    part.write_text(text, encoding="utf-8")
    part.replace(path)
    return path

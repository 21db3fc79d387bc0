"""The local script splitter: a screenplay, an outline or plain prose → proposed shots.

Works offline and needs no service, so "Script to shots" always has an answer. The rules are
deliberately plain (a reader can predict them): a scene heading (INT./EXT./EST., "SCENE n", a
markdown heading, a numbered or bulleted outline item) starts a shot, and every other paragraph
becomes a shot of its own. Film vocabulary in the text ("CLOSE ON", "WIDE", "DRONE", "PAN") is
mapped to ShotType / CameraMove only where the meaning is unambiguous.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from app.domain.enums import CameraMove, ShotType

# Speaking pace of narration/action, used to guess how long a described moment lasts.
WORDS_PER_SECOND = 2.5
MIN_DURATION = 2.0
MAX_DURATION = 12.0
TITLE_MAX = 60

EMPTY_SCRIPT = (
    "The script is empty: paste a screenplay, an outline or a few paragraphs describing the "
    "shots, then propose shots again."
)


@dataclass
class ProposedShot:
    """One shot as proposed (locally or by the platform), before the user reviews it."""

    title: str
    prompt: str
    duration: float = 4.0
    shot_type: ShotType = ShotType.NONE
    camera_move: CameraMove = CameraMove.NONE
    notes: str = ""
    include: bool = True
    extra: dict[str, object] = field(default_factory=dict)

    def fields(self) -> dict[str, object]:
        """Shot fields for AddShots."""
        return {"title": self.title, "prompt": self.prompt, "duration": self.duration,
                "shot_type": self.shot_type, "camera_move": self.camera_move,
                "notes": self.notes}  # fmt: skip


# -- headings -----------------------------------------------------------------------------

_SLUG = re.compile(r"^(?:INT\.?/EXT\.?|EXT\.?/INT\.?|I/E\.?|INT\.|EXT\.|EST\.)\s*(?P<rest>.*)$",
                   re.IGNORECASE)  # fmt: skip
_SCENE = re.compile(r"^(?:SCENE|SHOT)\s+(?P<n>[0-9]+|[IVXLC]+)\b[\s.:\-–—]*(?P<rest>.*)$",
                    re.IGNORECASE)  # fmt: skip
_MD = re.compile(r"^#{1,6}\s+(?P<rest>.+?)\s*#*$")
_ITEM = re.compile(r"^(?:\d{1,3}[.)]|[-*•])\s+(?P<rest>.+)$")
_TRANSITION = re.compile(r"^(?:CUT TO|FADE (?:IN|OUT|TO(?: BLACK)?)|DISSOLVE TO|SMASH CUT TO"
                         r"|MATCH CUT TO)\s*[:.]?$", re.IGNORECASE)  # fmt: skip


@dataclass
class _Block:
    heading: str  # the heading this block starts with (empty for a plain paragraph)
    kind: str  # "slug" | "scene" | "markdown" | "item" | "paragraph"
    lines: list[str]
    slug: str = ""  # the screenplay scene heading it sits under, for its setting


def _heading(line: str) -> tuple[str, str] | None:
    """(kind, text) when the line starts a new scene or outline item."""
    if m := _SLUG.match(line):
        return "slug", line.strip()
    if m := _SCENE.match(line):
        return "scene", (m.group("rest").strip() or line.strip())
    if m := _MD.match(line):
        return "markdown", m.group("rest").strip()
    if m := _ITEM.match(line):
        return "item", m.group("rest").strip()
    return None


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    current: _Block | None = None
    slug = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or _TRANSITION.match(line):
            if current is not None:
                blocks.append(current)
                current = None
            continue
        found = _heading(line)
        if found is not None:
            if current is not None:
                blocks.append(current)
            kind, heading = found
            if kind == "item":  # an outline item is itself the description of a shot
                current = _Block("", kind, [heading], slug)
            else:
                slug = heading if kind == "slug" else ""
                current = _Block(heading, kind, [], slug)
            continue
        if current is None:
            current = _Block("", "paragraph", [], slug)
        current.lines.append(line)
    if current is not None:
        blocks.append(current)
    return _merge_bare_headings(blocks)


def _merge_bare_headings(blocks: list[_Block]) -> list[_Block]:
    """A heading followed by a blank line and then its paragraph is one shot, not two: the
    heading's block has no text of its own, so it names the next paragraph instead."""
    merged: list[_Block] = []
    pending: _Block | None = None
    for block in blocks:
        if not block.lines and block.kind != "item":
            if pending is not None:
                merged.append(pending)  # two headings in a row: the first stands alone
            pending = block
            continue
        if pending is not None and block.kind == "paragraph":
            block = replace(block, heading=pending.heading, kind=pending.kind)
        elif pending is not None:
            merged.append(pending)
        pending = None
        merged.append(block)
    if pending is not None:
        merged.append(pending)
    return merged


# -- film vocabulary ----------------------------------------------------------------------

# Order matters: the more specific phrase is tried first ("EXTREME CLOSE" before "CLOSE").
_SHOT_TYPES: list[tuple[re.Pattern[str], ShotType]] = [
    (re.compile(r"\b(?:EXTREME CLOSE[- ]?UP|ECU|EXTREME CLOSE ON)\b", re.I),
     ShotType.EXTREME_CLOSE_UP),
    (re.compile(r"\b(?:CLOSE ON|CLOSE[- ]UP|CLOSEUP|C\.U\.)\b", re.I), ShotType.CLOSE_UP),
    (re.compile(r"\bINSERT(?: SHOT)?\b(?=\s*[:\-–—])|\bINSERT SHOT\b", re.I), ShotType.INSERT),
    (re.compile(r"\b(?:OVER[- ]THE[- ]SHOULDER|OTS)\b", re.I), ShotType.OVER_THE_SHOULDER),
    (re.compile(r"\bPOV\b", re.I), ShotType.POV),
    (re.compile(r"\bTWO[- ]SHOT\b", re.I), ShotType.TWO_SHOT),
    (re.compile(r"\b(?:AERIAL|DRONE|BIRD'?S[- ]EYE)\b", re.I), ShotType.AERIAL),
    (re.compile(r"\bESTABLISHING(?: SHOT)?\b", re.I), ShotType.ESTABLISHING),
    (re.compile(r"\b(?:WIDE(?: SHOT)?|WIDE ANGLE|LONG SHOT|FULL SHOT)\b", re.I), ShotType.WIDE),
    (re.compile(r"\b(?:MEDIUM(?: SHOT)?|MID[- ]SHOT)\b", re.I), ShotType.MEDIUM),
]  # fmt: skip

_CAMERA_MOVES: list[tuple[re.Pattern[str], CameraMove]] = [
    (re.compile(r"\b(?:PUSH(?:ES|ING)? IN|DOLLY(?:ING)? IN|DOLLIES IN|TRACK(?:S|ING)? IN)\b",
                re.I), CameraMove.DOLLY_IN),
    (re.compile(r"\b(?:PULL(?:S|ING)? (?:BACK|OUT)|DOLLY(?:ING)? OUT|DOLLIES OUT)\b", re.I),
     CameraMove.DOLLY_OUT),
    (re.compile(r"\bPAN(?:S|NING|NED)?\b", re.I), CameraMove.PAN),
    (re.compile(r"\bTILT(?:S|ING|ED)?\b", re.I), CameraMove.TILT),
    (re.compile(r"\b(?:CRANE|JIB)\b", re.I), CameraMove.CRANE),
    (re.compile(r"\b(?:HANDHELD|HAND-HELD)\b", re.I), CameraMove.HANDHELD),
    (re.compile(r"\b(?:ORBIT(?:S|ING)?|CIRCLES? AROUND)\b", re.I), CameraMove.ORBIT),
    (re.compile(r"\bZOOM(?:S|ING)?\b", re.I), CameraMove.ZOOM),
    (re.compile(r"\b(?:TRUCK(?:S|ING)?|TRACKING SHOT)\b", re.I), CameraMove.TRUCK),
    (re.compile(r"\b(?:STATIC|LOCKED[- ]OFF)\b", re.I), CameraMove.STATIC),
]  # fmt: skip

# "EXT." alone says where, not how wide; "EST." is an establishing shot by definition.
_EST = re.compile(r"^EST\.", re.I)


def _shot_type(heading: str, text: str) -> ShotType:
    if _EST.match(heading):
        return ShotType.ESTABLISHING
    for pattern, value in _SHOT_TYPES:
        if pattern.search(text) or pattern.search(heading):
            return value
    return ShotType.NONE


def _camera_move(text: str) -> CameraMove:
    for pattern, value in _CAMERA_MOVES:
        if pattern.search(text):
            return value
    return CameraMove.NONE


# -- putting it together ------------------------------------------------------------------


def estimate_duration(text: str) -> float:
    """Seconds a described moment plausibly lasts: reading pace, kept to what one generated
    clip can hold, rounded to half seconds."""
    words = len(text.split())
    seconds = words / WORDS_PER_SECOND
    return round(min(MAX_DURATION, max(MIN_DURATION, seconds)) * 2) / 2


def _title(heading: str, body: str, number: int) -> str:
    first = re.split(r"(?<=[.!?])\s", body, maxsplit=1)[0]
    # "Dr. Ito …" must not give the title "Dr": a first sentence that short is no title
    base = heading or (first if len(first) >= 12 else body)
    base = base.strip().rstrip(".:")
    if len(base) > TITLE_MAX:
        base = base[: TITLE_MAX - 1].rsplit(" ", 1)[0] + "…"
    return base or f"Shot {number}"


def _prompt(block: _Block) -> str:
    body = " ".join(block.lines).strip()
    if not body:
        return block.heading
    if block.slug:
        # each shot is generated on its own, so the setting ("KITCHEN – NIGHT") of the scene
        # it belongs to must be in its prompt
        place = _SLUG.match(block.slug)
        where = place.group("rest").strip(" -–—") if place else ""
        return f"{where}. {body}" if where else body
    return body


def split_script(text: str) -> list[ProposedShot]:
    """Proposed shots for a script, in order. Raises ValueError (with what to do) when there
    is nothing to split."""
    if not text or not text.strip():
        raise ValueError(EMPTY_SCRIPT)
    shots: list[ProposedShot] = []
    for block in _blocks(text):
        body = " ".join(block.lines)
        if not body and block.kind != "slug":
            continue  # a section title ("## Act one") with nothing of its own to show
        prompt = _prompt(block)
        shots.append(ProposedShot(
            title=_title(block.heading, body or prompt, len(shots) + 1),
            prompt=prompt,
            duration=estimate_duration(body or prompt),
            shot_type=_shot_type(block.heading, body or prompt),
            camera_move=_camera_move(body or prompt),
        ))  # fmt: skip
    if not shots:
        raise ValueError(EMPTY_SCRIPT)
    return shots

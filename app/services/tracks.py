"""The timeline's tracks, measured in film time, without Qt. A track is a run of clips, each
with a start and a length in seconds; the track view asks only for the clips in the visible
time range (a bisect), so 10,000 shots cost what one screenful does.

The video track is the shots at their length in the cut (app.domain.cut). Audio and subtitle
tracks (issue "Sound and words") are more classes with the same few methods, added to
`Tracks.tracks`; the view draws whatever `kind` it is given."""

from __future__ import annotations

import bisect
from typing import Literal, Protocol

from psygnal import Signal

from app.services.project_document import ProjectDocument

TrackKind = Literal["video", "audio", "subtitle"]


class Track(Protocol):
    kind: TrackKind
    name: str
    changed: Signal

    def __len__(self) -> int: ...
    def start(self, i: int) -> float: ...
    def length(self, i: int) -> float: ...
    def key(self, i: int) -> str: ...  # what a clip is (a shot id for the video track)
    def label(self, i: int) -> str: ...
    def index_at(self, seconds: float) -> int: ...  # -1 when none
    def visible(self, t0: float, t1: float) -> range: ...
    def duration(self) -> float: ...


class VideoTrack:
    """Shots in cut order at their length in the cut; recomputed lazily after any change."""

    kind: TrackKind = "video"
    name = "V1"
    changed = Signal()

    def __init__(self, doc: ProjectDocument) -> None:
        self.doc = doc
        self._starts: list[float] | None = None
        s = doc.shots
        for sig in (s.inserted, s.removed, s.reordered, s.changed):
            sig.connect(self._stale)
        doc.takes_changed.connect(self._stale)

    def close(self) -> None:
        s = self.doc.shots
        for sig in (s.inserted, s.removed, s.reordered, s.changed):
            sig.disconnect(self._stale)
        self.doc.takes_changed.disconnect(self._stale)

    def _stale(self, *_args) -> None:
        self._starts = None
        self.changed.emit()

    @property
    def starts(self) -> list[float]:
        """Each clip's start, plus one entry: the end of the last clip."""
        if self._starts is None:
            self._starts = self.doc.cut_starts()
        return self._starts

    def __len__(self) -> int:
        return len(self.doc.shots)

    def start(self, i: int) -> float:
        return self.starts[i]

    def length(self, i: int) -> float:
        return self.starts[i + 1] - self.starts[i]

    def key(self, i: int) -> str:
        return self.doc.shots[i].id  # built once, then kept by the list

    def label(self, i: int) -> str:
        shot = self.doc.shots[i]
        return f"{i + 1}. {shot.title}" if shot.title else f"{i + 1}."

    def index_at(self, seconds: float) -> int:
        starts = self.starts
        if not len(self) or seconds < 0 or seconds >= starts[-1]:
            return -1
        return bisect.bisect_right(starts, seconds) - 1

    def visible(self, t0: float, t1: float) -> range:
        starts = self.starts
        n = len(self)
        if not n:
            return range(0)
        first = max(0, bisect.bisect_right(starts, t0) - 1)
        last = min(n, bisect.bisect_left(starts, t1) + 1)
        return range(first, last)

    def duration(self) -> float:
        return self.starts[-1] if len(self) else 0.0

    def cuts_near(self, seconds: float, within: float) -> list[float]:
        """Cut points within `within` seconds of `seconds` (for snapping)."""
        starts = self.starts
        lo = bisect.bisect_left(starts, seconds - within)
        hi = bisect.bisect_right(starts, seconds + within)
        return starts[lo:hi]


class Tracks:
    """The project's tracks, top to bottom."""

    def __init__(self, doc: ProjectDocument) -> None:
        self.video = VideoTrack(doc)
        self.tracks: list[Track] = [self.video]

    def duration(self) -> float:
        return max((t.duration() for t in self.tracks), default=0.0)

    def close(self) -> None:
        self.video.close()

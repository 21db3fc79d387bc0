"""The timeline's tracks, measured in film time, without Qt. A track is a run of clips, each
with a start and a length in seconds; the track view asks only for the clips in the visible
time range (a bisect), so 10,000 shots cost what one screenful does.

The video track is the shots at their length in the cut, each starting where the film reaches
it (app.domain.cut): a dissolve, fade or wipe makes a clip overlap the next one by the
transition's length, as Shotcut and Kdenlive draw it. Audio and subtitle
tracks (app.services.sound_document) are more classes with the same few methods, kept in
`Tracks.tracks` below the video track; the view draws whatever `kind` it is given."""

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
    """Shots in cut order at their length in the cut, at their film starts; recomputed
    lazily after any change. A clip that hands over by a transition ends after the next clip
    starts (`overlap`)."""

    kind: TrackKind = "video"
    name = "V1"
    changed = Signal()

    def __init__(self, doc: ProjectDocument) -> None:
        self.doc = doc
        self._starts: list[float] | None = None
        self._lengths: list[float] | None = None
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
        self._starts = self._lengths = None
        self.changed.emit()

    @property
    def starts(self) -> list[float]:
        """Each clip's start, plus one entry: the end of the last clip (the film's length)."""
        if self._starts is None:
            self._starts = self.doc.cut_starts()
        return self._starts

    @property
    def lengths(self) -> list[float]:
        if self._lengths is None:
            self._lengths = self.doc.cut_lengths()
        return self._lengths

    def overlap(self, i: int) -> float:
        """Seconds clip i overlaps clip i + 1 (its transition; 0 for a cut)."""
        return self.doc.cut_overlap(i)

    def transition(self, i: int) -> str:
        """How clip i hands over to the next one ("cut" when it does not overlap it)."""
        return self.doc.cut_joins().get(i, "cut") if self.overlap(i) else "cut"

    def __len__(self) -> int:
        return len(self.doc.shots)

    def start(self, i: int) -> float:
        return self.starts[i]

    def length(self, i: int) -> float:
        return self.lengths[i]

    def key(self, i: int) -> str:
        return self.doc.shots.id_at(i)  # the stored row knows it: nothing is built

    def label(self, i: int) -> str:
        (title,) = self.doc.shots.fields_at(i, ("title",))
        return _clip_label(i, title)

    def take_sound(self, i: int) -> tuple[bool, float]:
        """(muted, volume) of the clip's take's own sound."""
        return self.doc.shots.fields_at(i, ("take_audio_muted", "take_audio_volume"))

    def face(self, i: int) -> tuple[str, bool, float]:
        """label(i) and take_sound(i) from one read of the stored row: a scroll step asks
        both of every clip it brings into view, and each read decodes the row's JSON."""
        title, muted, volume = self.doc.shots.fields_at(
            i, ("title", "take_audio_muted", "take_audio_volume"))
        return _clip_label(i, title), muted, volume

    def index_at(self, seconds: float) -> int:
        """The clip showing at `seconds`: inside a transition, the incoming one (program
        playback switches there too)."""
        starts = self.starts
        if not len(self) or seconds < 0 or seconds >= starts[-1]:
            return -1
        return bisect.bisect_right(starts, seconds) - 1

    def visible(self, t0: float, t1: float) -> range:
        starts = self.starts
        n = len(self)
        if not n:
            return range(0)
        # one more on the left: its tail may overlap the first start in view
        first = max(0, bisect.bisect_right(starts, t0) - 2)
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


class _TimedTrack:
    """Items with a start and an end (audio clips, subtitle cues) of one sound track, kept
    sorted by start. Items may overlap, so an item that starts before the view can still reach
    into it: `visible` bisects the running furthest end (`reach`) for the first such item, so
    a painted step costs the same for 3 cues or 3,000 (a feature's subtitles)."""

    kind: TrackKind
    changed = Signal()

    def __init__(self, doc: ProjectDocument, track_id: str) -> None:
        self.doc = doc
        self.track_id = track_id
        self._items: list | None = None
        # (items they were made from, each item's start, the furthest end up to each item)
        self._index: tuple[list, list[float], list[float]] | None = None

    def _load(self) -> list:
        raise NotImplementedError

    def stale(self) -> None:
        self._items = None
        self.changed.emit()

    @property
    def items(self) -> list:
        if self._items is None:
            self._items = sorted(self._load(), key=lambda x: x.start)
        return self._items

    @property
    def info(self):
        """The SoundTrack row (name, muted, solo, volume)."""
        return self.doc.sound.track(self.track_id)

    @property
    def name(self) -> str:  # type: ignore[override]
        info = self.info
        return info.name if info is not None else ""

    @property
    def muted(self) -> bool:
        info = self.info
        return bool(info and info.muted)

    @property
    def solo(self) -> bool:
        info = self.info
        return bool(info and info.solo)

    def __len__(self) -> int:
        return len(self.items)

    def _lookup(self) -> tuple[list[float], list[float]]:
        """Starts and running furthest ends, made again whenever the items were (re)read."""
        items = self.items
        if self._index is None or self._index[0] is not items:
            starts, reach, furthest = [], [], float("-inf")
            for i, x in enumerate(items):
                starts.append(x.start)
                furthest = max(furthest, x.start + self.length(i))
                reach.append(furthest)
            self._index = (items, starts, reach)
        return self._index[1], self._index[2]

    def item(self, i: int):
        return self.items[i]

    def start(self, i: int) -> float:
        return self.items[i].start

    def key(self, i: int) -> str:
        return self.items[i].id

    def index_of(self, key: str) -> int:
        return next((i for i, x in enumerate(self.items) if x.id == key), -1)

    def index_at(self, seconds: float) -> int:
        """The topmost (latest-starting) item under `seconds`, or -1."""
        starts, reach = self._lookup()
        k = bisect.bisect_right(starts, seconds)
        first = bisect.bisect_right(reach, seconds)  # items before it all end by `seconds`
        for i in range(k - 1, first - 1, -1):
            if starts[i] <= seconds < starts[i] + self.length(i):
                return i
        return -1

    def visible(self, t0: float, t1: float) -> range:
        starts, reach = self._lookup()
        last = bisect.bisect_left(starts, t1)
        first = bisect.bisect_left(reach, t0)  # the first item whose end reaches t0
        return range(min(first, last), last)

    def duration(self) -> float:
        reach = self._lookup()[1]
        return reach[-1] if reach else 0.0


class AudioTrack(_TimedTrack):
    kind: TrackKind = "audio"

    def _load(self) -> list:
        return self.doc.sound.clips(self.track_id)

    def length(self, i: int) -> float:
        return self.items[i].length

    def label(self, i: int) -> str:
        return self.items[i].name or "audio"


class SubtitleTrack(_TimedTrack):
    kind: TrackKind = "subtitle"

    def _load(self) -> list:
        return self.doc.sound.cues(self.track_id)

    def length(self, i: int) -> float:
        cue = self.items[i]
        return cue.end - cue.start

    def label(self, i: int) -> str:
        return self.items[i].text.replace("\n", " ")


class Tracks:
    """The project's tracks, top to bottom: the video track, then its audio tracks and its
    subtitle tracks in their order. `changed` fires when tracks come or go (not for edits
    inside one: each track's own `changed` says those)."""

    changed = Signal()

    def __init__(self, doc: ProjectDocument) -> None:
        self.doc = doc
        self.video = VideoTrack(doc)
        self.tracks: list[Track] = [self.video]
        self._sound: dict[str, _TimedTrack] = {}
        self._rebuild()
        sound = doc.sound
        sound.tracks_changed.connect(self._rebuild)
        sound.clips_changed.connect(self._items_changed)
        sound.cues_changed.connect(self._items_changed)

    @property
    def sound(self) -> list[_TimedTrack]:
        """The audio and subtitle tracks, top to bottom."""
        return [t for t in self.tracks if t is not self.video]  # type: ignore[misc]

    def _rebuild(self) -> None:
        kept = self._sound
        self._sound = {}
        order = [*self.doc.sound.of_kind("audio"), *self.doc.sound.of_kind("subtitle")]
        for info in order:
            track = kept.get(info.id)
            if track is None:
                track = (AudioTrack if info.kind == "audio" else SubtitleTrack)(
                    self.doc, info.id)
            else:
                track._items = None
            self._sound[info.id] = track
        self.tracks = [self.video, *self._sound.values()]
        self.changed.emit()

    def _items_changed(self, track_id: str) -> None:
        track = self._sound.get(track_id)
        if track is not None:
            track.stale()

    def by_id(self, track_id: str) -> _TimedTrack | None:
        return self._sound.get(track_id)

    def duration(self) -> float:
        return max((t.duration() for t in self.tracks), default=0.0)

    def close(self) -> None:
        self.video.close()
        sound = self.doc.sound
        sound.tracks_changed.disconnect(self._rebuild)
        sound.clips_changed.disconnect(self._items_changed)
        sound.cues_changed.disconnect(self._items_changed)


def _clip_label(i: int, title: str) -> str:
    return f"{i + 1}. {title}" if title else f"{i + 1}."

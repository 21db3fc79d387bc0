"""A sound track's lookups (what the track view asks on every paint and every mouse move) are
answered from sorted starts and the running furthest end: they must give what a scan of every
item gives, overlaps included, and follow the items when they are read again."""

from __future__ import annotations

import random
from types import SimpleNamespace

from app.services.tracks import _TimedTrack


class ListTrack(_TimedTrack):
    kind = "audio"

    def __init__(self, items: list) -> None:
        super().__init__(doc=None, track_id="t")  # type: ignore[arg-type]
        self.source = items

    def _load(self) -> list:
        return list(self.source)

    def length(self, i: int) -> float:
        return self.items[i].length


def scan_visible(items: list, t0: float, t1: float) -> list[int]:
    """The first item reaching into [t0, ...) through the last starting before t1."""
    last = sum(1 for x in items if x.start < t1)
    first = next((i for i in range(last) if items[i].start + items[i].length >= t0), last)
    return list(range(first, last))


def scan_index_at(items: list, seconds: float) -> int:
    hits = [i for i, x in enumerate(items) if x.start <= seconds < x.start + x.length]
    return max(hits) if hits else -1


def make(rng: random.Random, n: int) -> list:
    return [SimpleNamespace(id=f"c{k}", start=round(rng.uniform(0, 300), 2),
                            length=round(rng.choice((0.2, 1.0, 4.0, 60.0)) * rng.random(), 2))
            for k in range(n)]


def test_visible_index_at_and_duration_match_a_scan_of_every_item():
    rng = random.Random(7)
    for n in (0, 1, 2, 30, 400):
        track = ListTrack(make(rng, n))
        items = track.items
        ends = [x.start + x.length for x in items]
        assert track.duration() == (max(ends) if ends else 0.0)
        for _ in range(300):
            t0 = rng.uniform(-5, 320)
            t1 = t0 + rng.choice((0.0, 0.5, 8.0, 90.0))
            assert list(track.visible(t0, t1)) == scan_visible(items, t0, t1), (n, t0, t1)
            assert track.index_at(t0) == scan_index_at(items, t0), (n, t0)
        for x in items:  # exactly on edges
            assert track.index_at(x.start) == scan_index_at(items, x.start)
            assert track.index_at(x.start + x.length) == scan_index_at(items, x.start + x.length)


def test_a_long_early_item_is_visible_far_into_the_track():
    track = ListTrack([SimpleNamespace(id="bed", start=0.0, length=500.0),
                       *[SimpleNamespace(id=f"cue{k}", start=10.0 + k, length=0.5)
                         for k in range(200)]])
    assert list(track.visible(400.0, 410.0))[0] == 0  # the bed, though it began long before
    assert list(track.visible(600.0, 610.0)) == []
    assert track.index_at(405.0) == 0
    assert track.index_at(50.2) == 41  # cue40 (starts at 50.0) lies on the bed


def test_the_lookups_follow_the_items_when_they_are_read_again():
    items = [SimpleNamespace(id="a", start=0.0, length=2.0)]
    track = ListTrack(items)
    assert track.duration() == 2.0 and list(track.visible(5.0, 9.0)) == []
    track.source = [*items, SimpleNamespace(id="b", start=6.0, length=1.0)]
    track.stale()
    assert track.duration() == 7.0
    assert list(track.visible(5.0, 9.0)) == [1] and track.index_at(6.5) == 1


def test_a_clips_title_and_take_sound_read_unbuilt_equal_the_built_shots(tmp_path):
    """The video track reads a clip's label and take sound from the stored row without
    building the shot: the same as the built shot says, for every kind of value, and the row
    is left unbuilt."""
    from app.services.studio import Studio
    from app.services.tracks import VideoTrack
    from app.storage.shots import ShotRow

    studio = Studio.open(tmp_path)
    project = studio.create_project("Faces")
    doc = studio.open_project(project.id)
    doc.insert_shots(0, [doc.new_shot(title=t, duration=2.0)
                         for t in ("Dawn", "", "Sea — «quoted» \"x\"", "Ünïcode ✓", "Last")])
    for i, fields in ((1, {"take_audio_muted": True}), (2, {"take_audio_volume": 0.4}),
                      (3, {"take_audio_volume": 2.0, "take_audio_muted": True})):
        doc.update_shot(doc.shots[i].id, **fields)
    studio.close()

    studio = Studio.open(tmp_path)
    lazy = VideoTrack(studio.open_project(project.id))
    assert all(isinstance(e, ShotRow) for e in lazy.doc.shots.entries())
    read = [(lazy.label(i), lazy.take_sound(i)) for i in range(len(lazy))]
    faces = [lazy.face(i) for i in range(len(lazy))]  # both from one read of the row
    assert all(isinstance(e, ShotRow) for e in lazy.doc.shots.entries())  # none built
    assert faces == [(label, *sound) for label, sound in read]
    eager = VideoTrack(studio.open_project(project.id))
    shots = list(eager.doc.shots)  # every shot built
    assert read == [(eager.label(i), eager.take_sound(i)) for i in range(len(eager))]
    assert faces == [eager.face(i) for i in range(len(eager))]
    assert read == [(f"{i + 1}. {s.title}" if s.title else f"{i + 1}.",
                     (s.take_audio_muted, s.take_audio_volume)) for i, s in enumerate(shots)]
    assert read[1] == ("2.", (True, 1.0)) and read[2][1] == (False, 0.4)

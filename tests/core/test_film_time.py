"""Film time (app.domain.cut): where each shot starts and how long the film lasts, when shots
hand over by a dissolve, fade or wipe. The header total, cut_starts, the export's running
time and the track's clips all come from the one rule."""

from __future__ import annotations

import pytest

from app.domain import Take, Transition
from app.domain.cut import film_starts, join_overlaps, transition_overlap
from app.services.commands import UpdateShot
from app.services.exporting import collect
from app.services.history import History
from app.services.project_document import ProjectDocument
from app.services.tracks import VideoTrack


def test_each_kind_of_transition_overlaps_its_two_shots():
    lengths = [4.0, 3.0, 2.0, 1.0, 5.0]
    joins = {0: Transition.DISSOLVE, 1: "fade", 2: Transition.WIPE, 3: Transition.CUT,
             4: Transition.DISSOLVE}  # the last shot's transition has nothing to join
    # 0.5 s each, but the wipe into a 1 s shot is capped at 40 % of it
    assert join_overlaps(lengths, joins) == {0: 0.5, 1: 0.5, 2: 0.4}
    starts = film_starts(lengths, joins)
    assert starts == pytest.approx([0.0, 3.5, 6.0, 7.6, 8.6, 13.6])
    assert starts[-1] == pytest.approx(sum(lengths) - 1.4)
    assert film_starts(lengths) == [0.0, 4.0, 7.0, 9.0, 10.0, 15.0]  # all cuts


def test_a_transition_longer_than_40_percent_of_a_side_is_capped():
    assert transition_overlap("dissolve", 0.75, 4.0) == pytest.approx(0.3)  # not 0.5
    assert transition_overlap("fade", 4.0, 1.0) == pytest.approx(0.4)
    assert transition_overlap("wipe", 0.05, 4.0) == 0.0  # too short for any: a cut
    assert transition_overlap("cut", 4.0, 4.0) == 0.0
    with pytest.raises(ValueError):
        transition_overlap("spin", 4.0, 4.0)


def test_the_document_starts_shots_where_the_film_reaches_them(studio, tmp_path):
    media = tmp_path / "a.mp4"
    media.write_bytes(b"not really a film")  # the rule reads the probed length only
    doc = studio.open_project(studio.create_project("Times").id)
    doc.insert_shots(0, [doc.new_shot(title="A", duration=4.0, transition=Transition.DISSOLVE),
                         doc.new_shot(title="No take", duration=2.0,
                                      transition=Transition.FADE),
                         doc.new_shot(title="Short", duration=3.0, transition=Transition.WIPE),
                         doc.new_shot(title="End", duration=2.0)])
    a, _b, c, _d = doc.shots.ids()
    doc.add_take(Take(shot_id=a, media_path=str(media), duration=5.0, trim_in=1.0))  # 4 s
    doc.add_take(Take(shot_id=c, media_path=str(media), duration=5.0, trim_out=0.5))  # 0.5 s
    assert doc.cut_lengths() == pytest.approx([4.0, 2.0, 0.5, 2.0])
    # dissolve 0.5 s; the fade into the 0.5 s shot and the wipe out of it capped at 0.2 s
    assert doc.cut_overlaps() == pytest.approx({0: 0.5, 1: 0.2, 2: 0.2})
    assert doc.cut_starts() == pytest.approx([0.0, 3.5, 5.3, 5.6, 7.6])
    assert doc.cut_total() == pytest.approx(7.6)

    # the export's running time is the same rule over the same shots
    assert collect(doc).running_time(fill_missing=True) == pytest.approx(doc.cut_total())
    # the track view's clips: at those starts, each its own length, overlapping the next
    track = VideoTrack(doc)
    assert [track.start(i) for i in range(4)] == pytest.approx(doc.cut_starts()[:4])
    assert [track.length(i) for i in range(4)] == pytest.approx([4.0, 2.0, 0.5, 2.0])
    assert track.start(0) + track.length(0) - track.start(1) == pytest.approx(0.5)
    assert track.index_at(3.6) == 1  # inside the dissolve: the incoming shot
    assert track.transition(0) == "dissolve" and track.transition(3) == "cut"
    assert track.duration() == pytest.approx(7.6)

    # editing a transition (undoably) moves every later start, and undo moves them back
    history = History(doc)
    history.execute(UpdateShot(doc, a, transition=Transition.CUT))
    assert doc.cut_starts() == pytest.approx([0.0, 4.0, 5.8, 6.1, 8.1])
    assert track.start(1) == pytest.approx(4.0)
    history.undo()
    assert doc.cut_total() == pytest.approx(7.6) and track.start(1) == pytest.approx(3.5)
    # a move takes each shot's transition along; an inserted shot brings its own
    doc.move_shots([a], 4)  # A (the dissolve) to the end: nothing follows it to blend with
    assert doc.cut_joins() == {0: "fade", 1: "wipe", 3: "dissolve"}
    assert doc.cut_total() == pytest.approx(8.5 - 0.2 - 0.2)
    doc.insert_shots(0, [doc.new_shot(duration=1.0, transition=Transition.WIPE)])
    assert doc.cut_overlap(0) == pytest.approx(0.4) and track.start(1) == pytest.approx(0.6)
    assert doc.cut_starts() == pytest.approx(film_starts(doc.cut_lengths(), doc.cut_joins()))
    # removing the wipe's shot ends its overlap; undoing the removal brings it back
    before = doc.cut_starts()
    removed = doc.remove_shots([doc.shots.id_at(0)])
    assert doc.cut_overlaps() == pytest.approx({0: 0.2, 1: 0.2})  # the fade and the wipe
    assert doc.cut_starts()[1] == pytest.approx(2.0 - 0.2)
    doc.restore_shots(removed)
    assert doc.cut_starts() == pytest.approx(before)


def test_a_reopened_project_reads_its_transitions_without_building_shots(studio):
    doc = studio.open_project(studio.create_project("Many").id)
    doc.insert_shots(0, [doc.new_shot(duration=2.0,
                                      transition=Transition.DISSOLVE if i == 5 else "cut")
                         for i in range(50)])
    # the stored text saying "transition": "cut" elsewhere must not hide a dissolve
    doc.update_shot(doc.shots.id_at(9), transition=Transition.WIPE,
                    prompt='a title card: "transition": "cut"',
                    template_values={"transition": "cut"})
    again = ProjectDocument(doc.db, doc.project)  # as a fresh open reads it
    assert again.cut_total() == pytest.approx(100.0 - 0.5 - 0.5)
    assert again.cut_joins() == {5: "dissolve", 9: "wipe"}
    # the rule read the stored rows: none was built into a Shot
    assert not any(type(e).__name__ == "Shot" for e in again.shots.entries())


def test_lengths_read_for_a_whole_film_equal_the_rule_shot_by_shot():
    """lengths_of (the open's one pass over 10,000 shots) equals span_of's length for every
    kind of take: none, without media, never probed, whole, trimmed at either end or both,
    trimmed past its end, out before in, as a TakeTrim or a plain row tuple."""
    import itertools

    from app.domain.cut import TakeTrim, lengths_of, span_of

    trims: list = [None]
    for media, full, trim_in, trim_out in itertools.product(
            (None, "", "/m.mp4"), (None, 0.0, -1.0, 0.01, 3, 6.0),
            (0.0, -0.5, 1.25, 5.999, 8.0), (None, 0.0, 1.0, 4.0, 6.0, 9.5)):
        trims.append(TakeTrim(media, full, trim_in, trim_out))
        trims.append((media, full, trim_in, trim_out))
    planned = [1.5 + (i % 7) for i in range(len(trims))]
    named = [t if t is None else TakeTrim(*t) for t in trims]  # span_of reads fields by name
    assert lengths_of(planned, trims) == [span_of(p, t).length for p, t in
                                          zip(planned, named, strict=True)]
    assert lengths_of([2, 4.0], [None, ("/m.mp4", 6, 1, None)]) == [2.0, 5.0]


def test_the_rule_written_for_sqlite_equals_the_rule(tmp_path):
    """The open's lengths, worked out by SQLite as it reads the rows (app.storage.project_open),
    equal lengths_of for the same kinds of take, stored as the library stores them: none,
    without media, never probed, whole, trimmed at either end or both, past its end, out
    before in, whole numbers; and a shot whose selected take is deleted plays its planned
    duration."""
    import itertools
    import json

    from app.domain.cut import lengths_of
    from app.services.studio import Studio
    from app.storage.project_open import read_opened
    from app.storage.takes import TRIMS

    studio = Studio.open(tmp_path)
    doc = studio.open_project(studio.create_project("Rule").id)
    cases: list = [None, "deleted"]
    for case in itertools.product((None, "", "/m.mp4"), (None, 0.0, -1.0, 0.01, 3, 6.0),
                                  (None, 0.0, -0.5, 1, 1.25, 5.999, 8.0),
                                  (None, 0.0, 1.0, 4, 6.0, 9.5)):
        cases.append(case)
    doc.insert_shots(0, [doc.new_shot(duration=1.5 + i % 7) for i in range(len(cases))])
    shots = list(doc.shots)
    with studio.db.transaction() as c:
        for n, (shot, case) in enumerate(zip(shots, cases, strict=True)):
            if case is None:
                continue
            take_id = f"take{n}"
            fields = {"media_path": "/m.mp4", "duration": 5.0}  # a live one's, had it been
            if case != "deleted":
                fields = dict(zip(("media_path", "duration", "trim_in", "trim_out"), case,
                                  strict=True))
            c.execute("INSERT INTO takes (id, shot_id, number, deleted, data, created)"
                      " VALUES (?, ?, 1, ?, ?, 0)",
                      (take_id, shot.id, int(case == "deleted"), json.dumps(fields)))
            data = json.loads(c.execute("SELECT data FROM shots WHERE id = ?",
                                        (shot.id,)).fetchone()[0])
            data["selected_take_id"] = take_id
            if n % 2:
                data["duration"] = int(data["duration"])  # a whole number, as JSON keeps it
            c.execute("UPDATE shots SET data = ? WHERE id = ?", (json.dumps(data), shot.id))
    planned = [float(int(1.5 + n % 7) if n % 2 else 1.5 + n % 7) for n in range(len(cases))]
    trims = [None if c in (None, "deleted") else (c[0], c[1], 0.0 if c[2] is None else c[2],
                                                  c[3]) for c in cases]
    opened = read_opened(studio.db, doc.project.id)
    assert opened.lengths == lengths_of(planned, trims)
    assert all(type(x) is float for x in opened.lengths)
    # the open's expressions are the takes_trims index's (migration 8), so SQLite reads the
    # trims from the index instead of parsing each take's JSON
    from app.storage import project_open

    assert TRIMS == ", ".join((project_open._MEDIA, project_open._FULL, project_open._IN,
                               project_open._OUT))
    studio.close()

"""The editor state without Qt: the selection, current shot, playhead and timeline mode that
the timeline, inspector and player bind to, driven the way the CLI or a test would."""

from __future__ import annotations

import pytest

from app.services.commands import AddShots, DeleteShots
from app.services.editor_state import MAX_ZOOM, EditorState
from app.services.history import History
from app.services.studio import Studio


@pytest.fixture
def studio():
    s = Studio.open()
    yield s
    s.close()


@pytest.fixture
def doc(studio):
    doc = studio.open_project(studio.create_project("Cut").id)
    studio.execute(AddShots(doc, 0, [{"title": t} for t in "ABC"]))
    return doc


def recorder(state: EditorState) -> list[tuple[str, object]]:
    events: list[tuple[str, object]] = []
    for name in ("document_changed", "selection_changed", "current_shot_changed",
                 "playhead_changed", "mode_changed", "zoom_changed"):
        getattr(state, name).connect(lambda value, n=name: events.append((n, value)))
    return events


def test_selection_playhead_and_mode_emit_the_right_events(doc):
    state = EditorState()
    events = recorder(state)
    state.open(doc)
    assert events == [("document_changed", doc), ("selection_changed", ()),
                      ("current_shot_changed", None), ("playhead_changed", 0.0)]
    a, b, c = doc.shots.ids()
    events.clear()
    state.select([c, a])  # film order, current defaults to the last given
    assert events == [("current_shot_changed", a), ("selection_changed", (a, c))]
    assert state.selected_ids == [a, c]
    events.clear()
    state.select([a, c], current=c)
    assert events == [("current_shot_changed", c)]  # the same selection is not re-announced
    events.clear()
    state.select(["no-such-shot", b])
    assert events == [("current_shot_changed", b), ("selection_changed", (b,))]
    events.clear()
    state.set_playhead(12.5)
    state.set_playhead(12.5)
    state.set_playhead(-3)
    assert events == [("playhead_changed", 12.5), ("playhead_changed", 0.0)]
    events.clear()
    state.set_mode("timeline")
    state.set_mode("timeline")
    state.set_zoom(10_000)
    assert events == [("mode_changed", "timeline"), ("zoom_changed", MAX_ZOOM)]
    with pytest.raises(ValueError, match="timeline mode must be one of storyboard, timeline"):
        state.set_mode("grid")


def test_deleted_shots_leave_the_selection_and_another_project_starts_afresh(studio, doc):
    state = EditorState()
    state.open(doc)
    a, b, c = doc.shots.ids()
    state.select([a, b], current=b)
    events = recorder(state)
    studio.execute(DeleteShots([b]))
    assert ("selection_changed", (a,)) in events and state.current_shot_id == a
    other = studio.open_project(studio.create_project("Other").id)
    state.set_playhead(3.0)
    state.open(other)
    assert state.document is other and state.selected_ids == [] and state.playhead == 0.0
    studio.execute(AddShots(doc, 0, [{}]))  # the old project no longer reaches the state
    assert state.selected_ids == []


def test_trimming_a_take_is_reversible_and_changes_only_its_length_in_the_cut(studio, doc,
                                                                              tmp_path):
    from app.domain import Take
    from app.services.commands import TrimTake

    media = tmp_path / "take.mp4"
    media.write_bytes(b"not decoded here")
    shot = doc.shots[0]
    take = doc.add_take(Take(shot_id=shot.id, media_path=str(media), duration=3.0))
    assert doc.cut_total() == 3.0 + 4.0 + 4.0
    history = History(doc)
    history.execute(TrimTake(take, 0.5, 2.0))
    assert doc.cut_length(doc.shots[0]) == 1.5 and doc.cut_total() == 9.5
    assert media.read_bytes() == b"not decoded here"  # the media is untouched
    history.undo()
    assert doc.cut_length(doc.shots[0]) == 3.0 and doc.take(take.id).trim_in == 0.0
    history.redo()
    assert doc.take(take.id).trim_in == 0.5 and doc.take(take.id).trim_out == 2.0
    history.execute(TrimTake(doc.take(take.id), -1, 99))  # clamped to the media
    assert (doc.take(take.id).trim_in, doc.take(take.id).trim_out) == (0.0, None)

"""A take that comes, goes or comes back changes only its own shot: ProjectDocument keeps the
other shots' take counts, selected takes and lengths in the cut, and reads that one shot again
(the queue lands 200 takes in a row on the GUI thread; each re-read every shot's count and
trim). What it keeps equals a fresh document's full read after every step of a sequence of
changes, and no step reads every shot again."""

from __future__ import annotations

import pytest

from app.domain import Take
from app.services.project_document import ProjectDocument
from app.services.queue.take_writer import _add_without_document
from app.services.studio import Studio
from app.storage.takes import TakeRepository


def state(doc: ProjectDocument) -> dict:
    """Everything a take change can move, as the document answers it."""
    ids = [s.id for s in doc.shots]
    return {
        "counts": dict(doc._take_counts),
        "each_count": [doc.take_count(i) for i in ids],
        "lengths": list(doc.cut_lengths()),
        "total": doc.cut_total(),
        "selected": [getattr(doc.selected_take(s), "id", None) for s in doc.shots],
        "selected_trims": [(t.trim_in, t.trim_out, t.duration) if t else None
                           for t in map(doc.selected_take, doc.shots)],
    }


@pytest.fixture
def project(tmp_path):
    studio = Studio.open(tmp_path)
    doc = studio.open_project(studio.create_project("Takes").id)
    doc.insert_shots(0, [doc.new_shot(title=f"S{i}", duration=2.0 + i) for i in range(6)])
    yield studio, doc
    studio.close()


def test_each_take_change_leaves_what_a_fresh_read_gives(project, monkeypatch):
    studio, doc = project
    s = [shot.id for shot in doc.shots]
    state(doc)  # everything read once: what follows is kept, not read again
    # a change must not read every shot's count or trim again
    for name in ("counts_for_project", "selected_trims"):
        def whole_project(*_a, _name=name):
            raise AssertionError(f"{_name} read for one take's change")
        monkeypatch.setattr(TakeRepository, name, whole_project)

    first = doc.add_take(Take(shot_id=s[0], media_path="/m/0.mp4", duration=7.0))
    second = doc.add_take(Take(shot_id=s[0], media_path="/m/0b.mp4", duration=1.0))
    trimmed = doc.add_take(Take(shot_id=s[1], media_path="/m/1.mp4", duration=9.0,
                                trim_in=1.5, trim_out=4.0))
    spare = doc.add_take(Take(shot_id=s[1], media_path="/m/1b.mp4", duration=2.5))

    def recorded(shot_id: str, duration: float) -> Take:
        """As the queue lands one: written by the writer, then the document told."""
        take = _add_without_document(studio.db, Take(shot_id=shot_id, media_path="/m/q.mp4",
                                                     duration=duration))
        doc.take_recorded(take)
        return take

    steps = [
        lambda: recorded(s[2], 3.25),
        lambda: recorded(s[2], 5.0),  # a second take: not the selected one
        lambda: doc.set_take_deleted(first, True),  # the selected take goes
        lambda: doc.set_take_deleted(second, True),  # and the shot's last live one
        lambda: doc.set_take_deleted(first, False),  # it comes back
        lambda: doc.update_shot(s[0], selected_take_id=second.id),  # a deleted one chosen
        lambda: doc.set_take_deleted(second, False),
        lambda: doc.update_shot(s[1], selected_take_id=spare.id),
        lambda: doc.set_take_deleted(trimmed, True),  # read before, no longer selected
        lambda: doc.update_shot(s[1], selected_take_id=trimmed.id),  # chosen again: gone
        lambda: doc.remove_shots([s[3]]),
        lambda: recorded(s[3], 4.0),  # its shot is deleted: counted, not in the cut
        lambda: doc.move_shots([s[4]], 0),
        lambda: recorded(s[4], 6.5),  # after a move
        lambda: doc.set_take_deleted(trimmed, False),
    ]
    for step in steps:
        step()
        monkeypatch.undo()  # the fresh document reads everything, as at an open
        fresh = ProjectDocument(studio.db, doc.project)
        assert state(doc) == state(fresh)
        for name in ("counts_for_project", "selected_trims"):
            monkeypatch.setattr(TakeRepository, name, lambda *_a: pytest.fail("read all"))
    assert doc.take_count(s[2]) == 2 and doc.take_count(s[3]) == 1
    assert doc.cut_lengths()[[x.id for x in doc.shots].index(s[2])] == 3.25


def test_live_count_is_the_shots_entry_in_the_projects_counts(project):
    studio, doc = project
    takes = TakeRepository(studio.db)
    s = [shot.id for shot in doc.shots]
    gone = doc.add_take(Take(shot_id=s[0], media_path="/m/a.mp4", duration=1.0))
    doc.add_take(Take(shot_id=s[0], media_path="/m/b.mp4", duration=1.0))
    doc.add_take(Take(shot_id=s[1], media_path="/m/c.mp4", duration=1.0))
    doc.set_take_deleted(gone, True)
    counts = takes.counts_for_project(doc.project.id)
    assert [takes.live_count(i) for i in s] == [counts.get(i, 0) for i in s] == [1, 1, 0, 0, 0,
                                                                                  0]
    assert takes.live_count("no-such-shot") == 0

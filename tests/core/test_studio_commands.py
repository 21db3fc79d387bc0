"""Projects and shots through the service layer: every edit stored at once, undo and redo back
to the exact stored state, and everything still there in a new Studio."""

from __future__ import annotations

import pytest

from app.domain import CameraMove, Element, Shot, ShotType
from app.services.commands import (
    AddElement,
    AddShots,
    DeleteShots,
    DuplicateShots,
    MoveShots,
    RenameProject,
    SplitShot,
    UpdateShot,
)
from app.services.history import History
from app.services.studio import Studio
from app.storage.shots import ShotRow


def stored_rows(studio: Studio, project_id: str) -> list[tuple]:
    """What the database holds for a project's live shots, in order."""
    return [
        (r["id"], r["data"])
        for r in studio.db.conn.execute(
            "SELECT id, data FROM shots WHERE project_id = ? AND deleted = 0 ORDER BY position",
            (project_id,),
        )
    ]


@pytest.fixture
def doc(studio):
    project = studio.create_project("Spring campaign")
    return studio.open_project(project.id)


def titles(doc) -> list[str]:
    return [s.title for s in doc.shots]


def test_create_project_and_add_edit_move_delete_shots(studio, doc):
    h = History(doc)
    h.execute(AddShots(doc, 0, [{"title": t} for t in "ABCDE"]))
    assert titles(doc) == list("ABCDE")
    h.execute(UpdateShot(doc, doc.shots[1].id, prompt="a fox", shot_type=ShotType.WIDE,
                         camera_move=CameraMove.DOLLY_IN))
    assert doc.shots[1].prompt == "a fox" and doc.shots[1].shot_type is ShotType.WIDE
    h.execute(MoveShots([doc.shots[0].id, doc.shots[2].id], 5))
    assert titles(doc) == list("BDEAC")
    h.execute(DeleteShots([doc.shots[0].id]))
    assert titles(doc) == list("DEAC")
    # the database agrees with memory
    assert [r[0] for r in stored_rows(studio, doc.project.id)] == doc.shots.ids()


def test_undo_and_redo_restore_every_stored_state(studio, doc):
    h = History(doc)
    states = [stored_rows(studio, doc.project.id)]
    commands = [
        lambda: AddShots(doc, 0, [{"title": t, "duration": 2 + i} for i, t in enumerate("ABCD")]),
        lambda: UpdateShot(doc, doc.shots[2].id, title="C!", prompt="rain"),
        lambda: MoveShots([doc.shots[3].id], 0),
        lambda: MoveShots([doc.shots[0].id, doc.shots[2].id], 4),
        lambda: DuplicateShots(doc, [doc.shots[1].id, doc.shots[2].id]),
        lambda: SplitShot(doc, doc.shots[0].id, 1.0),
        lambda: DeleteShots([doc.shots[1].id, doc.shots[3].id]),
        lambda: AddShots(doc, 2, [{"title": "inserted"}]),
    ]
    for make in commands:
        h.execute(make())
        states.append(stored_rows(studio, doc.project.id))
    assert len({tuple(s) for s in states}) == len(states)  # every command changed something
    for expected in reversed(states[:-1]):
        h.undo()
        assert stored_rows(studio, doc.project.id) == expected
        assert doc.shots.ids() == [r[0] for r in expected]
    for expected in states[1:]:
        h.redo()
        assert stored_rows(studio, doc.project.id) == expected


def test_typing_in_one_field_merges_into_one_undo_step(doc):
    h = History(doc)
    h.execute(AddShots(doc, 0, [{"title": ""}]))
    sid = doc.shots[0].id
    for text in ("a", "a c", "a ca", "a cat"):
        h.execute(UpdateShot(doc, sid, prompt=text))
    assert h.undo_text.startswith("Edit prompt")
    h.undo()
    assert doc.shots[0].prompt == ""
    h.redo()
    assert doc.shots[0].prompt == "a cat"


def test_everything_is_still_there_after_reopening(reelroom_home):
    s1 = Studio.open()
    project = s1.create_project("Docu")
    doc = s1.open_project(project.id)
    AddShots(doc, 0, [{"title": t, "prompt": f"p{t}"} for t in "XYZ"]).do(doc)
    MoveShots([doc.shots[2].id], 0).do(doc)
    AddElement(Element(project_id=project.id, name="Mara", description="a tall courier")).do(doc)
    RenameProject(doc, "Documentary").do(doc)
    expected = [(s.id, s.title, s.prompt) for s in doc.shots]
    s1.close()

    s2 = Studio.open()
    assert s2.settings.last_project == project.id
    doc2 = s2.open_project(project.id)
    assert [(s.id, s.title, s.prompt) for s in doc2.shots] == expected
    assert doc2.project.name == "Documentary"
    assert doc2.element_named("mara").description == "a tall courier"
    s2.close()


def test_bad_input_is_refused_with_a_clear_message(studio, doc):
    with pytest.raises(ValueError, match="needs a name"):
        studio.create_project("   ")
    AddShots(doc, 0, [{"title": "A", "duration": 4}]).do(doc)
    with pytest.raises(ValueError, match="split point must be inside the shot"):
        SplitShot(doc, doc.shots[0].id, 9)
    with pytest.raises(ValueError, match="one word"):
        Element(project_id=doc.project.id, name="two words")


def test_many_shots_reorder_writes_only_the_moved_rows(studio, doc):
    AddShots(doc, 0, [{"title": str(i)} for i in range(300)]).do(doc)
    block = doc.shots.ids()[:100]
    changes_before = studio.db.conn.total_changes
    MoveShots(block, 300).do(doc)
    written = studio.db.conn.total_changes - changes_before
    assert doc.shots.ids()[-100:] == block
    assert written <= 100 + 2  # the moved rows and the project's timestamp, not all 300


def test_a_reopened_project_builds_shots_only_when_read(studio, doc):
    AddShots(doc, 0, [{"title": f"S{i}", "duration": 1 + i % 3} for i in range(40)]).do(doc)
    DeleteShots([doc.shots[5].id]).do(doc)
    expected = list(doc.shots)
    reopened = studio.open_project(doc.project.id)
    entries = reopened.shots.entries()
    assert all(isinstance(e, ShotRow) for e in entries)
    # order, ids, durations and the running time come without building a shot
    assert reopened.shots.ids() == [s.id for s in expected]
    assert reopened.shots.total_duration() == sum(s.duration for s in expected)
    assert all(isinstance(e, ShotRow) for e in reopened.shots.entries())
    # a block moved while unbuilt is stored where it landed, and stays unbuilt
    block = reopened.shots.ids()[10:20]
    MoveShots(block, 35).do(reopened)
    assert sum(isinstance(e, Shot) for e in reopened.shots.entries()) == 0
    order = reopened.shots.ids()
    assert [r[0] for r in stored_rows(studio, doc.project.id)] == order
    # reading one by index builds that one only, equal to what was stored
    third = reopened.shots[2]
    assert isinstance(third, Shot) and third == studio.open_project(doc.project.id).shots.get(
        third.id)
    assert sum(isinstance(e, Shot) for e in reopened.shots.entries()) == 1
    # walking the list builds them all, with the moved positions
    by_id = {s.id: s for s in expected}
    walked = list(reopened.shots)
    assert [s.id for s in walked] == order
    assert [s.title for s in walked] == [by_id[i].title for i in order]
    positions = [s.position for s in walked]
    assert positions == sorted(positions)

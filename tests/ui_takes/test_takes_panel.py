"""The Takes tab in the studio window: every action through the UI (keys, buttons, double-click)
changes the library, and undo puts the stored rows back exactly as they were."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.support.following import wait_for_panels
from tests.ui_takes.media import add_take
from ui.inspector.take_model import DetailRole
from ui.timeline.model import TakeCountRole


def stored(window) -> tuple:
    """What the library holds for the open project's shots and takes (the truth undo must
    restore), read with plain SQL rather than through the code under test."""
    doc = window.studio.document
    conn = window.studio.db.conn
    shots = conn.execute("SELECT id, data FROM shots WHERE project_id = ? AND deleted = 0"
                         " ORDER BY position", (doc.project.id,)).fetchall()
    takes = conn.execute("SELECT t.id, t.number, t.deleted, t.data FROM takes t JOIN shots s"
                         " ON s.id = t.shot_id WHERE s.project_id = ? ORDER BY t.shot_id, t.number",
                         (doc.project.id,)).fetchall()
    return tuple(map(tuple, shots)), tuple(map(tuple, takes))


def show_takes(window, qtbot):
    wait_for_panels(window, qtbot)
    panel = window.features.takes.takes
    tabs = window.inspector.tabs
    if tabs is not None:
        tabs.setCurrentWidget(panel)
    else:  # the inspector's tabs are not there yet: show the panel on its own
        panel.show()
        qtbot.waitExposed(panel)
    panel.window().activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    panel.view.setFocus()
    return panel


@pytest.fixture
def project(window, clips):
    """One shot with three takes made from real clips; the timeline has that shot current."""
    doc = window.open_project(window.studio.create_project("Film").id)
    doc.insert_shots(0, [doc.new_shot(title="Harbour", provider="animatic", model="card")])
    shot_id = doc.shots[0].id
    takes = [add_take(doc, shot_id, clips[0], seed=1, cost=0.10),
             add_take(doc, shot_id, clips[1], seed=2, cost=0.20, provider="openai",
                      model="sora-2", params={"size": "1280x720", "seconds": "4"}),
             add_take(doc, shot_id, clips[2], seed=3)]
    window.timeline.select_ids([shot_id])
    return doc, shot_id, takes


def test_takes_panel_lists_the_current_shots_takes(window, qtbot, project):
    doc, shot_id, takes = project
    panel = show_takes(window, qtbot)
    assert panel.model.shot_id == shot_id
    assert [panel.model.index(r).data() for r in range(3)] == ["Take 1", "Take 2", "Take 3"]
    assert panel.model.in_use == takes[0].id  # the first take became the shot's take
    assert panel.model.index(1).data(DetailRole).startswith("openai/sora-2 · 1.0 s · $0.20")
    assert panel.summary.text() == "3 takes"
    window.timeline.select_ids([])
    window.timeline.current_shot_changed.emit(None)
    assert panel.model.rowCount() == 0 and "Select a shot" in panel.empty.text()


def test_select_favourite_reject_delete_reuse_each_undo_to_the_stored_state(
        window, qtbot, project):
    doc, shot_id, takes = project
    panel = show_takes(window, qtbot)
    undo = window.actions.undo

    def step(keys_or_action, check) -> None:
        before = stored(window)
        if isinstance(keys_or_action, Qt.Key):
            qtbot.keyClick(panel.view, keys_or_action)
        else:
            keys_or_action()
        check()
        assert stored(window) != before
        undo.trigger()
        assert stored(window) == before

    # select: Return makes take 2 the shot's take
    panel.select_take_ids([takes[1].id])
    step(Qt.Key.Key_Return, lambda: (
        doc.shots.get(shot_id).selected_take_id == takes[1].id or pytest.fail("not selected")))
    assert doc.shots.get(shot_id).selected_take_id == takes[0].id

    # favourite (F) and reject (R): flags stored on the take
    panel.select_take_ids([takes[2].id])
    step(Qt.Key.Key_F, lambda: doc.take(takes[2].id).favourite or pytest.fail("no star"))
    panel.select_take_ids([takes[2].id])
    step(Qt.Key.Key_R, lambda: doc.take(takes[2].id).rejected or pytest.fail("not rejected"))

    # delete the take in use: it leaves the list, the shot has no take, the file stays
    panel.select_take_ids([takes[0].id])

    def deleted() -> None:
        assert [t.id for t in panel.model.takes] == [takes[1].id, takes[2].id]
        assert doc.shots.get(shot_id).selected_take_id is None
        assert Path(takes[0].media_path).is_file()
        assert window.timeline.model.index(0, 0).data(TakeCountRole) == 2
    step(Qt.Key.Key_Delete, deleted)
    assert [t.id for t in panel.model.takes] == [t.id for t in takes]
    assert doc.shots.get(shot_id).selected_take_id == takes[0].id

    # reuse parameters (button): the shot's service/model/settings/seed become take 2's
    panel.select_take_ids([takes[1].id])

    def reused() -> None:
        shot = doc.shots.get(shot_id)
        assert (shot.provider, shot.model) == ("openai", "sora-2")
        assert shot.params == {"size": "1280x720", "seconds": "4", "seed": 2}
    step(panel.reuse_action.trigger, reused)
    assert doc.shots.get(shot_id).provider == "animatic"


def test_several_takes_at_once_and_hide_rejected(window, qtbot, project):
    doc, shot_id, takes = project
    panel = show_takes(window, qtbot)
    before = stored(window)
    panel.select_take_ids([takes[0].id, takes[2].id])
    panel.reject_action.trigger()
    assert [doc.take(t.id).rejected for t in takes] == [True, False, True]
    assert window.actions.undo.text().endswith("Reject 2 takes")
    panel.hide_rejected.setChecked(True)
    assert [t.id for t in panel.model.takes] == [takes[1].id]
    assert panel.summary.text() == "3 takes (2 rejected hidden)"
    window.actions.undo.trigger()  # one step undoes both
    assert stored(window) == before
    assert panel.model.rowCount() == 3


@pytest.mark.no_qt_log  # QtMultimedia + pytest-qt's log capture can deadlock: tests/ui_player
def test_double_click_plays_the_take_in_the_player(window, qtbot, project):
    doc, shot_id, takes = project
    panel = show_takes(window, qtbot)
    played: list[str] = []
    panel.play_requested.connect(played.append)
    rect = panel.view.visualRect(panel.model.index(1))
    # as a mouse does it: a click, then the second press arrives as a double-click
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert played == [takes[1].media_path]
    assert window.player_panel.backend.path == Path(takes[1].media_path)
    window.player_panel.backend.stop()


def test_a_missing_file_is_reported_not_played(window, qtbot, project, tmp_path):
    doc, shot_id, _ = project
    gone = add_take(doc, shot_id, tmp_path / "deleted-by-hand.mp4")
    panel = show_takes(window, qtbot)
    played: list[str] = []
    panel.play_requested.connect(played.append)
    panel.select_take_ids([gone.id])
    panel.play_action.trigger()
    assert played == []
    assert "Take 4's video file is missing" in panel.message.text()

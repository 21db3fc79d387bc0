"""The timeline measured in time: the Storyboard | Timeline toggle (remembered), a ruler to
scrub with the Player following, edge-drag trims that undo, drag to reorder with a ripple,
Ctrl+wheel zoom and fit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from app.services.studio import Studio
from tests.ui_takes.media import add_take, make_clip
from ui.main import create_window
from ui.timeline.track_view import RULER_H, TRACK_H


@pytest.fixture
def cut(window, tmp_path):
    clip = make_clip(tmp_path / "a.mp4", "testsrc2", seconds=1.0)
    doc = window.open_project(window.studio.create_project("Cut", fps=24.0).id)
    doc.insert_shots(0, [doc.new_shot(title="Harbour", duration=3.0),
                         doc.new_shot(title="Market", duration=0.5),
                         doc.new_shot(title="Dusk", duration=1.0)])
    take = add_take(doc, doc.shots[0].id, clip)
    window.timeline.timeline_btn.click()
    view = window.timeline.track_view
    window.resize(1400, 860)
    window.editor.set_zoom(200.0)  # 1 s = 200 px
    view.horizontalScrollBar().setValue(0)
    return doc, take, clip, view


def point(view, seconds: float, y: int = RULER_H + TRACK_H // 2) -> QPoint:
    return QPoint(int(round(view.x_of(seconds))), y)


def drag(qtbot, view, start: QPoint, end: QPoint) -> None:
    vp = view.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    for k in range(1, 6):
        qtbot.mouseMove(vp, start + (end - start) * k / 5)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=end)


def test_the_toggle_shows_the_track_view_and_is_remembered(window, cut, qtbot, reelroom_home):
    doc, take, clip, view = cut
    assert window.timeline.stack.currentWidget() is view
    assert window.editor.mode == "timeline" and window.studio.settings.timeline_mode == "timeline"
    window.close()
    again = create_window(Studio.open())
    qtbot.addWidget(again)
    assert again.editor.mode == "timeline" and again.timeline.timeline_btn.isChecked()
    again.timeline.storyboard_btn.click()
    assert again.timeline.stack.currentWidget() is again.timeline.view
    again.close()
    again.studio.close()


def test_dragging_a_clips_edge_trims_its_take_and_undo_puts_it_back(window, cut, qtbot):
    doc, take, clip, view = cut
    before = clip.read_bytes()
    drag(qtbot, view, point(view, 1.0), point(view, 0.6))  # the out point, 0.4 s earlier
    trimmed = doc.take(take.id)
    assert trimmed.trim_out == pytest.approx(0.6, abs=1 / 200)
    assert doc.cut_total() == pytest.approx(0.6 + 0.5 + 1.0, abs=0.01)
    assert view.tracks.video.start(1) == pytest.approx(0.6, abs=0.01)  # the rest rippled
    assert clip.read_bytes() == before  # the media is untouched
    assert window.undo_stack.undoText() == "Trim take 1"
    window.undo_stack.undo()
    assert doc.take(take.id).trim_out is None and doc.cut_total() == pytest.approx(2.5)
    window.undo_stack.redo()
    assert doc.take(take.id).trim_out == pytest.approx(0.6, abs=1 / 200)
    drag(qtbot, view, point(view, 0.0), point(view, 0.2))  # the in point, 0.2 s later
    assert doc.take(take.id).trim_in == pytest.approx(0.2, abs=1 / 200)


def test_scrubbing_the_ruler_moves_the_playhead_and_the_player_shows_that_shot(window, cut,
                                                                              qtbot):
    doc, take, clip, view = cut
    vp = view.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=point(view, 1.25, y=8))
    qtbot.mouseMove(vp, point(view, 1.3, y=8))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=point(view, 1.3, y=8))
    assert window.editor.playhead == pytest.approx(1.3, abs=0.01)
    player = window.player_panel
    assert window.editor.current_shot_id == doc.shots[1].id
    assert player.showing_card and player.card.card.heading == "SHOT 2 — Market"
    assert player.card.position_ms == pytest.approx(300, abs=10)
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=point(view, 0.5, y=8))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=point(view, 0.5, y=8))
    assert player.active.path == clip and window.editor.current_shot_id == doc.shots[0].id


def test_dragging_a_clip_reorders_with_a_ripple_and_undoes(window, cut, qtbot):
    doc, take, clip, view = cut
    first, second, third = doc.shots.ids()
    drag(qtbot, view, point(view, 0.5), point(view, 2.4))  # Harbour past the end of Dusk
    assert doc.shots.ids() == [second, third, first]
    assert view.tracks.video.start(2) == pytest.approx(1.5)  # ripple: no gap, no overlap
    window.undo_stack.undo()
    assert doc.shots.ids() == [first, second, third]


def test_ctrl_wheel_zooms_and_fit_shows_the_whole_film(window, cut, qtbot):
    doc, take, clip, view = cut
    before = window.editor.zoom
    event = QWheelEvent(QPointF(300, 40), QPointF(view.viewport().mapToGlobal(QPoint(300, 40))),
                        QPoint(0, 0), QPoint(0, 120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase,
                        False)
    QApplication.sendEvent(view.viewport(), event)
    assert window.editor.zoom == pytest.approx(before * 1.25)
    window.timeline.fit_btn.click()
    end_x = view.x_of(doc.cut_total())
    assert 0 < end_x <= view.viewport().width()
    assert end_x > view.viewport().width() * 0.8


def test_drags_snap_to_cuts_and_to_the_playhead(window, cut, qtbot):
    doc, take, clip, view = cut
    market = doc.shots[1].id
    window.editor.set_playhead(1.3)
    drag(qtbot, view, point(view, 1.5), point(view, 1.31))  # Market's out point, near the playhead
    assert doc.shots.get(market).duration == pytest.approx(0.3, abs=1e-3)
    window.undo_stack.undo()
    # near the next cut (the end of Dusk, 2.5 s): the edge lands on it
    drag(qtbot, view, point(view, 1.5), point(view, 2.52))
    assert doc.shots.get(market).duration == pytest.approx(1.5, abs=1e-3)
    window.undo_stack.undo()
    # without a cut or the playhead near, it goes where it is put
    drag(qtbot, view, point(view, 1.5), point(view, 1.9))
    assert doc.shots.get(market).duration == pytest.approx(0.9, abs=1 / 200)
    window.undo_stack.undo()
    vp = view.viewport()  # scrubbing the ruler snaps to a cut too
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=point(view, 0.5, y=8))
    qtbot.mouseMove(vp, point(view, 1.02, y=8))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=point(view, 1.02, y=8))
    assert window.editor.playhead == pytest.approx(1.0, abs=1e-6)


def test_zoom_is_remembered_across_restarts(window, cut, qtbot, reelroom_home):
    doc, take, clip, view = cut
    view.zoom_by(1.25)
    zoom = window.editor.zoom
    assert zoom == pytest.approx(250.0)
    window.close()  # a zoom still waiting to be written is written on closing
    again = create_window(Studio.open())
    qtbot.addWidget(again)
    assert again.editor.zoom == pytest.approx(zoom)
    again.close()
    again.studio.close()


def test_a_film_changed_while_the_track_view_is_hidden_is_laid_out_when_shown(window, cut,
                                                                               qtbot):
    doc, take, clip, view = cut
    window.show()
    qtbot.waitUntil(view.isVisible)
    bar = view.horizontalScrollBar()
    shown_range = bar.maximum()
    window.timeline.storyboard_btn.click()  # the track view hidden, as in Storyboard mode
    assert not view.isVisible()
    doc.update_shot(doc.shots[1].id, duration=9.5)  # 9 s longer: 1,800 px at this zoom
    doc.move_shots([doc.shots[2].id], 0)
    window.timeline.timeline_btn.click()
    qtbot.waitUntil(view.isVisible)
    laid_out = bar.maximum()
    assert laid_out > shown_range  # the longer film scrolls further
    view.set_tracks(view.tracks, view.fps)  # laid out from scratch: the same range
    assert bar.maximum() == laid_out
    assert view.duration() == doc.cut_total()

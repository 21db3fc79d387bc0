"""The compare dialog: two real takes side by side, one transport for both, differences
highlighted, and "Use this take" is an undoable selection."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.ui_takes.media import add_take
from tests.ui_takes.test_takes_panel import show_takes
from ui.theme import colour

pytestmark = pytest.mark.no_qt_log  # QtMultimedia + pytest-qt's log capture: see ui_player


@pytest.fixture
def two_takes(window, clips):
    doc = window.open_project(window.studio.create_project("Film").id)
    doc.insert_shots(0, [doc.new_shot(title="Pier")])
    shot_id = doc.shots[0].id
    a = add_take(doc, shot_id, clips[0], seed=11, params={"size": "720p"})
    b = add_take(doc, shot_id, clips[1], seed=12, params={"size": "720p", "style": "noir"})
    window.timeline.select_ids([shot_id])
    return doc, shot_id, a, b


def test_compare_two_selected_takes_in_sync_and_use_one(window, qtbot, two_takes):
    doc, shot_id, a, b = two_takes
    panel = show_takes(window, qtbot)
    panel.select_take_ids([a.id, b.id])
    assert panel.compare_action.isEnabled()
    qtbot.keyClick(panel.view, Qt.Key.Key_C)
    dialog = panel.compare_dialog
    assert dialog is not None and dialog.isVisible()
    left, right = dialog.backends
    assert (left.path, right.path) == (Path(a.media_path), Path(b.media_path))
    # what differs is highlighted; what is the same is not
    assert {"Seed", "style"} <= dialog.differences
    assert "Service" not in dialog.differences and "size" not in dialog.differences
    params = dialog.right.params.text()
    assert colour("compare-highlight").name() in params and "noir" in params

    dialog.play_button.click()
    qtbot.waitUntil(lambda: left.state == right.state == "playing", timeout=10_000)
    assert dialog.play_button.text() == "Pause both"
    qtbot.waitUntil(lambda: left.position_ms > 200, timeout=10_000)
    dialog.play_button.click()
    qtbot.waitUntil(lambda: left.state == right.state == "paused", timeout=10_000)
    qtbot.waitUntil(lambda: abs(left.position_ms - right.position_ms) <= 150, timeout=10_000)
    dialog.seek(500)  # the slider drives both
    qtbot.waitUntil(lambda: abs(left.position_ms - 500) < 60 and
                    abs(right.position_ms - 500) < 60, timeout=10_000)

    before = doc.shots.get(shot_id).selected_take_id
    assert before == a.id and not dialog.left.use_button.isEnabled()
    dialog.right.use_button.click()
    assert doc.shots.get(shot_id).selected_take_id == b.id
    assert dialog.right.use_button.text() == "In use" and dialog.left.use_button.isEnabled()
    assert panel.model.in_use == b.id
    window.actions.undo.trigger()
    assert doc.shots.get(shot_id).selected_take_id == a.id
    dialog.close()


def test_compare_one_take_with_the_one_in_use_and_say_when_it_cannot(window, qtbot, two_takes):
    doc, shot_id, a, b = two_takes
    panel = show_takes(window, qtbot)
    panel.select_take_ids([a.id])  # the take in use alone: nothing to compare it with
    assert not panel.compare_action.isEnabled()
    assert panel.compare_selected() is None
    assert "Select two takes" in panel.message.text()
    panel.select_take_ids([b.id])
    dialog = panel.compare_selected()
    assert dialog.left.take.id == a.id and dialog.right.take.id == b.id
    dialog.close()


def test_compare_shows_each_takes_first_frame_before_play(window, qtbot, two_takes):
    doc, shot_id, a, b = two_takes
    panel = show_takes(window, qtbot)
    panel.select_take_ids([a.id, b.id])
    qtbot.keyClick(panel.view, Qt.Key.Key_C)
    dialog = panel.compare_dialog
    qtbot.waitUntil(dialog.pictures_shown, timeout=10_000)
    assert not dialog.playing()
    for side in (dialog.left, dialog.right):
        picture = side.backend.video_widget().grab().toImage().scaled(16, 9)
        brightest = max(max(picture.pixelColor(x, y).value() for x in range(16))
                        for y in range(9))
        assert brightest > 60, f"take {side.take.number} is black"
    dialog.close()

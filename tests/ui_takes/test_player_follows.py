"""The Player follows the editor state's selection: a shot with a take is cued on its first
frame, paused; Space (from the storyboard) plays it; double-clicking a card plays it; a shot
with no take shows its animatic card for its planned length."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui_takes.media import add_take


def project_with_and_without_a_take(window, clips):
    doc = window.open_project(window.studio.create_project("Film").id)
    doc.insert_shots(0, [doc.new_shot(title="Harbour", duration=3.0),
                         doc.new_shot(title="Market", prompt="stalls at noon", duration=2.5)])
    with_take, without = doc.shots.ids()
    add_take(doc, with_take, clips[0])
    return doc, with_take, without


def test_selection_cues_the_take_and_space_plays_it(window, qtbot, clips):
    doc, with_take, without = project_with_and_without_a_take(window, clips)
    player = window.player_panel
    window.editor.select([with_take])
    assert player.backend.path == clips[0]  # cued by selecting, nothing pressed
    assert player.active is player.backend and player.backend.state == "paused"
    view = window.timeline.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: player.backend.state == "playing", timeout=10_000)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: player.backend.state == "paused", timeout=10_000)


def test_a_shot_without_a_take_shows_its_card_for_its_planned_length(window, qtbot, clips):
    doc, with_take, without = project_with_and_without_a_take(window, clips)
    player = window.player_panel
    window.timeline.select_ids([without])  # as a click in the storyboard does
    assert player.showing_card
    assert player.card.card.heading == "SHOT 2 — Market"
    assert player.card.card.body == "stalls at noon"
    assert player.card.duration_ms == 2500 and player.transport.slider.maximum() == 2500
    assert player.card.state == "paused"
    player.toggle()
    qtbot.waitUntil(lambda: player.card.position_ms > 0, timeout=2000)
    player.card.seek(2400)
    qtbot.waitUntil(lambda: player.card.state == "stopped", timeout=3000)
    assert player.card.position_ms == 2500


def test_double_clicking_a_card_plays_its_take(window, qtbot, clips):
    doc, with_take, without = project_with_and_without_a_take(window, clips)
    window.editor.select([without])
    view = window.timeline.view
    rect = view.visualRect(window.timeline.model.index(0, 0))
    # what a real double-click delivers: press, release, then the double-click
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    player = window.player_panel
    assert window.editor.current_shot_id == with_take
    qtbot.waitUntil(lambda: player.backend.state == "playing", timeout=10_000)
    assert player.backend.path == clips[0]


def test_a_take_landing_on_the_shot_in_the_player_replaces_its_card(window, clips):
    doc = window.open_project(window.studio.create_project("Film").id)
    doc.insert_shots(0, [doc.new_shot(title="Harbour", duration=3.0)])
    (shot,) = doc.shots.ids()
    player = window.player_panel
    window.editor.select([shot])
    assert player.showing_card  # no take yet
    add_take(doc, shot, clips[0])  # as the queue lands a generated take
    assert not player.showing_card and player.backend.path == clips[0]
    assert player.backend.state == "paused"
    second = add_take(doc, shot, clips[1])
    doc.update_shot(shot, selected_take_id=second.id)  # the Takes tab chooses another take
    assert player.backend.path == clips[1]

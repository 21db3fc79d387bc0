"""Play film: the whole cut in order in the Player (trimmed takes, a take-less shot as its
card), the playhead in film time with film timecode, the timeline following, and scrubbing to
any moment showing the right shot at the right place."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.domain.timecode import film_timecode
from tests.ui_takes.media import add_take, make_clip


@pytest.fixture
def film(window, tmp_path):
    clips = [make_clip(tmp_path / f"{n}.mp4", src, seconds=1.0)
             for n, src in (("a", "testsrc2"), ("c", "smptebars"))]
    doc = window.open_project(window.studio.create_project("Film", fps=24.0).id)
    doc.insert_shots(0, [doc.new_shot(title="Harbour", duration=3.0),
                         doc.new_shot(title="Market", duration=0.5),
                         doc.new_shot(title="Dusk", duration=3.0)])
    a, b, c = doc.shots.ids()
    add_take(doc, a, clips[0])
    take = add_take(doc, c, clips[1])
    doc.update_take(take.model_copy(update={"trim_in": 0.25}))  # plays 0.75 s of it
    return doc, (a, b, c), clips


def test_play_film_goes_through_every_shot_in_order_and_ends_at_the_films_length(
        window, qtbot, film):
    doc, ids, clips = film
    player, editor = window.player_panel, window.editor
    total = doc.cut_total()
    assert total == pytest.approx(1.0 + 0.5 + 0.75, abs=0.02)
    program = window.features.player.program
    order: list[str] = []
    program.shot_changed.connect(order.append)
    window.actions.play_film.trigger()
    assert program.active and program.playing
    assert player.transport.duration_label.text() == film_timecode(total, 24.0)
    with qtbot.waitSignal(program.finished, timeout=15_000):
        pass
    assert order == list(ids)
    assert editor.playhead == pytest.approx(total, abs=1e-6)
    assert player.transport.position_label.text() == film_timecode(total, 24.0)
    assert editor.selected_ids == [ids[2]]  # the timeline followed the film


def test_scrubbing_the_playhead_shows_the_right_shot(window, qtbot, film):
    doc, (a, b, c), clips = film
    player = window.player_panel
    program = window.features.player.program
    program.seek(1.2)  # 0.2 s into the card of the take-less shot
    assert program.segments[program.index].shot_id == b
    assert player.active is player.card and player.card.position_ms == 200
    assert window.editor.current_shot_id == b and window.editor.playhead == pytest.approx(1.2)
    program.seek(1.75)  # 0.25 s into shot 3, whose take is trimmed to start at 0.25 s
    assert program.segments[program.index].shot_id == c
    assert player.active.path == clips[1]
    qtbot.waitUntil(lambda: abs(player.active.position_ms - 500) < 60, timeout=10_000)
    program.seek(0.5)
    assert player.active.path == clips[0] and window.editor.current_shot_id == a


def test_film_keys_home_end_and_next_previous_shot(window, qtbot, film):
    doc, (a, b, c), clips = film
    player = window.player_panel
    program = window.features.player.program
    program.seek(0.3)
    player.setFocus()
    qtbot.keyClick(player, Qt.Key.Key_Down)
    assert window.editor.current_shot_id == b and window.editor.playhead == pytest.approx(1.0)
    qtbot.keyClick(player, Qt.Key.Key_Down)
    assert window.editor.current_shot_id == c
    qtbot.keyClick(player, Qt.Key.Key_Up)  # at a shot's start: the previous one
    assert window.editor.current_shot_id == b
    qtbot.keyClick(player, Qt.Key.Key_End)
    assert window.editor.current_shot_id == c and not program.playing
    qtbot.keyClick(player, Qt.Key.Key_Home)
    assert window.editor.current_shot_id == a and window.editor.playhead == 0.0
    qtbot.keyClick(player, Qt.Key.Key_Space)
    assert program.playing
    qtbot.keyClick(player, Qt.Key.Key_K)
    assert not program.playing


def test_frame_steps_act_on_film_time_across_shots(window, qtbot, film):
    doc, (a, b, c), clips = film
    player, editor = window.player_panel, window.editor
    program = window.features.player.program
    program.seek(23 / 24 + 1e-6)  # the last frame of shot 1
    player.setFocus()
    qtbot.keyClick(player, Qt.Key.Key_Right)
    assert editor.current_shot_id == b and editor.playhead == pytest.approx(1.0, abs=1e-3)
    assert player.showing_card and player.card.position_ms == 0
    qtbot.keyClick(player, Qt.Key.Key_Left)
    assert editor.current_shot_id == a and editor.playhead == pytest.approx(23 / 24, abs=1e-3)
    assert player.active.path == clips[0]
    program.seek(1.5 + 1e-6)  # the first frame of shot 3
    qtbot.keyClick(player, Qt.Key.Key_Left)
    assert editor.current_shot_id == b
    assert player.card.position_ms == pytest.approx(500 - 1000 / 24, abs=2)
    for _ in range(3):
        qtbot.keyClick(player, Qt.Key.Key_Right)
    assert editor.current_shot_id == c
    assert editor.playhead == pytest.approx(1.5 + 2 / 24, abs=1e-3)
    qtbot.keyClick(player, Qt.Key.Key_End)
    qtbot.keyClick(player, Qt.Key.Key_Right)  # the last frame is as far as it goes
    assert editor.playhead == pytest.approx(53 / 24, abs=1e-3) and not program.playing


def test_j_k_l_shuttle_the_film_across_shots(window, qtbot, film):
    doc, (a, b, c), clips = film
    player, editor = window.player_panel, window.editor
    program = window.features.player.program
    program.seek(1.0 + 1e-6)  # the first frame of shot 2
    player.setFocus()
    qtbot.keyClick(player, Qt.Key.Key_J)  # paused: one film frame back, into shot 1
    assert editor.current_shot_id == a and editor.playhead == pytest.approx(23 / 24, abs=1e-3)
    program.seek(1.1)
    qtbot.keyClick(player, Qt.Key.Key_L)
    assert program.playing and program.rate == 1.0
    qtbot.keyClick(player, Qt.Key.Key_L)  # faster, on whatever shot plays
    assert program.rate == 2.0 and player.active.rate == 2.0
    assert player.transport.rate == 2.0
    qtbot.keyClick(player, Qt.Key.Key_K)
    assert not program.playing and program.rate == 1.0 and player.active.rate == 1.0
    program.seek(1.1)
    qtbot.keyClick(player, Qt.Key.Key_L)
    qtbot.keyClick(player, Qt.Key.Key_J)  # playing: runs backwards, over the cut into shot 1
    assert not program.playing
    qtbot.waitUntil(lambda: editor.current_shot_id == a, timeout=5_000)
    assert editor.playhead < 1.0 and player.active.path == clips[0]
    qtbot.keyClick(player, Qt.Key.Key_K)
    here = editor.playhead
    qtbot.wait(450)
    assert editor.playhead == here  # K stopped the reverse run


def test_the_playhead_moves_once_a_screen_frame_while_joins_are_checked_more_often(
        window, qtbot, film):
    """The film clock checks for a join every TICK_MS, but the playhead (timeline, transport,
    sound and subtitles) is told only once a frame: at 200 moves a second the telling was a
    tenth of the GUI thread's work while the queue ran."""
    from ui.player.program import PUBLISH_EVERY_S, TICK_MS

    doc, ids, clips = film
    program = window.features.player.program
    told: list[float] = []
    checks = [0]
    tick = program._tick

    def counted_tick() -> None:
        checks[0] += 1
        tick()

    program._clock.timeout.disconnect(program._tick)
    program._clock.timeout.connect(counted_tick)
    window.editor.playhead_changed.connect(told.append)
    window.actions.play_film.trigger()
    with qtbot.waitSignal(program.finished, timeout=15_000):
        pass
    assert TICK_MS / 1000 < PUBLISH_EVERY_S
    assert 0 < len(told) < checks[0]  # fewer moves than checks
    # at most one move a frame (plus the joins and the end, told at once)
    assert len(told) <= doc.cut_total() / PUBLISH_EVERY_S + 2 * len(ids) + 2
    assert told[-1] == pytest.approx(doc.cut_total(), abs=1e-6)

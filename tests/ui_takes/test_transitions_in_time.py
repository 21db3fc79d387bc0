"""Transitions in film time: with a dissolve and a fade in the cut, the header total, the
track view's clips, scrubbing and program playback all put each shot where the one length
rule (app.domain.cut) and the exported film put it: the clips overlap by the transition, and
the Player switches to the incoming shot at its film start."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from app.domain import Transition
from tests.ui_takes.media import add_take, make_clip
from ui.timeline.panel import format_running_time
from ui.timeline.track_view import RULER_H, TRACK_H


@pytest.fixture
def blended(window, tmp_path):
    clips = [make_clip(tmp_path / f"{n}.mp4", src, seconds=1.0)
             for n, src in (("a", "testsrc2"), ("c", "smptebars"))]
    doc = window.open_project(window.studio.create_project("Blend", fps=24.0).id)
    doc.insert_shots(0, [
        doc.new_shot(title="Harbour", duration=3.0, transition=Transition.DISSOLVE),
        doc.new_shot(title="Market", duration=1.0, transition=Transition.FADE),
        doc.new_shot(title="Dusk", duration=3.0)])
    a, b, c = doc.shots.ids()
    add_take(doc, a, clips[0])
    add_take(doc, c, clips[1])
    # each join capped at 40 % of a 1 s shot: 0.4 s; so 0, 0.6, 1.2 and a 2.2 s film
    assert doc.cut_starts() == pytest.approx([0.0, 0.6, 1.2, 2.2])
    window.timeline.timeline_btn.click()
    view = window.timeline.track_view
    window.resize(1400, 860)
    window.editor.set_zoom(200.0)  # 1 s = 200 px
    view.horizontalScrollBar().setValue(0)
    return doc, (a, b, c), clips, view


def test_header_and_track_view_put_the_clips_at_the_rules_starts(window, blended, tmp_path):
    doc, ids, clips, view = blended
    assert window.timeline.total.text() == f"3 shots · {format_running_time(2.2)}"
    starts = doc.cut_starts()
    for i in range(3):
        r = view.clip_rect(i)
        assert r.left() == pytest.approx(view.x_of(starts[i]))
        assert r.width() == pytest.approx(doc.cut_lengths()[i] * view.zoom)
    # the clips overlap where the transition is, and that region is marked
    assert view.clip_rect(0).right() - view.clip_rect(1).left() == pytest.approx(0.4 * 200)
    mark = view.transition_rect(0)
    assert mark.left() == pytest.approx(view.x_of(0.6)) and mark.width() == pytest.approx(80)
    assert view.transition_rect(2) is None  # the last clip hands over to nothing
    assert view.duration() == pytest.approx(doc.cut_total())
    view.viewport().grab().save(str(tmp_path / "transitions.png"))


def test_scrubbing_into_a_transition_shows_the_incoming_shot(window, blended, qtbot):
    doc, (a, b, c), clips, view = blended
    vp = view.viewport()
    at = QPoint(int(round(view.x_of(0.75))), 8)  # inside the dissolve, 0.15 s into Market
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=at)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=at)
    player = window.player_panel
    assert window.editor.playhead == pytest.approx(0.75, abs=0.01)
    assert window.editor.current_shot_id == b
    assert player.showing_card and player.card.position_ms == pytest.approx(150, abs=10)
    # a click on the clip in the overlap's track area selects the shot on top: the incoming
    hit = view.hit(view.x_of(0.8), RULER_H + TRACK_H // 2)
    assert hit == ("clip", 1)


def test_program_playback_follows_the_rules_starts_and_ends_at_the_films_length(
        window, qtbot, blended):
    doc, ids, clips, view = blended
    program = window.features.player.program
    order: list[str] = []
    program.shot_changed.connect(order.append)
    window.actions.play_film.trigger()
    assert [s.start for s in program.segments] == pytest.approx(doc.cut_starts()[:-1])
    assert program.total == pytest.approx(doc.cut_total())
    with qtbot.waitSignal(program.finished, timeout=15_000):
        pass
    assert order == list(ids)
    assert window.editor.playhead == pytest.approx(2.2, abs=1e-6)
    program.seek(1.3)  # 0.1 s into Dusk, which starts inside the fade
    assert program.segments[program.index].shot_id == ids[2]
    assert window.player_panel.active.path == clips[1]
    program.seek(0.5)  # before the dissolve: still Harbour, half a second into its take
    assert window.editor.current_shot_id == ids[0]
    qtbot.waitUntil(lambda: abs(window.player_panel.active.position_ms - 500) < 60,
                    timeout=10_000)

"""Selecting a shot with a take: the Player is cued first, and the panels that follow the
selection (inspector, takes, comments, the storyboard's highlight) show the new shot once the
take's first frame is on screen (ui.wiring.after_picture), never stay on the old one."""

from __future__ import annotations

import pytest

from tests.support.following import wait_for_panels
from tests.ui_takes.media import add_take
from ui.wiring.after_picture import AfterPicture

pytestmark = pytest.mark.no_qt_log  # QtMultimedia + pytest-qt's log capture: see ui_player


@pytest.fixture
def two_shots(window, clips):
    doc = window.open_project(window.studio.create_project("Pier").id)
    doc.insert_shots(0, [doc.new_shot(title="Harbour"), doc.new_shot(title="Market"),
                         doc.new_shot(title="Dusk")])
    a, b, c = doc.shots.ids()
    add_take(doc, a, clips[0])
    add_take(doc, b, clips[1])
    return doc, (a, b, c)


def shown_by_panels(window) -> tuple:
    takes, comments = window.features.takes.takes, window.features.takes.comments
    return (window.inspector.shot_id, takes.model.shot_id, comments.model.shot_id,
            window.timeline._view_current_id())


def test_the_player_is_cued_before_the_panels_and_they_follow_its_first_frame(
        window, qtbot, two_shots, clips):
    doc, (a, b, _c) = two_shots
    window.editor.select([a])
    wait_for_panels(window, qtbot)
    assert shown_by_panels(window) == (a, a, a, a)
    player = window.player_panel
    with qtbot.waitSignal(player.picture_shown, timeout=5_000):
        window.editor.select([b])
        # the take is loading in the Player; the panels have not spent its time yet
        assert player.backend.path == clips[1]
        assert window.after_picture.holding
        assert shown_by_panels(window) == (a, a, a, a)
    wait_for_panels(window, qtbot)
    assert shown_by_panels(window) == (b, b, b, b)
    assert window.inspector.title.text() == "Market"


def test_a_shot_without_a_take_is_followed_at_once(window, qtbot, two_shots):
    doc, (a, _b, c) = two_shots
    window.editor.select([c])  # its card is drawn on the spot: nothing to wait for
    assert not window.after_picture.holding
    assert shown_by_panels(window) == (c, c, c, c)


def test_held_calls_run_at_the_latest_after_the_hold(qtbot):
    gate = AfterPicture(hold_ms=30)
    seen: list[tuple] = []
    first, second = gate.follow(lambda *a: seen.append(("first", *a))), \
        gate.follow(lambda *a: seen.append(("second", *a)))
    gate.hold()
    first(1)
    second(2)
    first(3)  # coalesced: the latest arguments, in first-arrival order
    assert seen == []
    qtbot.waitUntil(lambda: not gate.holding, timeout=2_000)  # no picture ever came
    assert seen == [("first", 3), ("second", 2)]
    gate.hold()
    first(4)
    gate.discard()  # another project opened: nothing stale runs
    assert not gate.holding and seen == [("first", 3), ("second", 2)]

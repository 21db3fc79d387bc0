"""The Player panel as a user drives it: keys, drops, sequences, full screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.support.dnd import drag_event
from ui.player.player_panel import EMPTY_TEXT, PlayerPanel
from ui.player.sequence import SequenceItem

FRAME_MS = 1000 / 30


@pytest.fixture(params=["qt", "vlc"])
def panel(request: pytest.FixtureRequest, qtbot: QtBot) -> Iterator[PlayerPanel]:
    widget = PlayerPanel(preference=request.param)
    assert widget.backend_name == request.param
    qtbot.addWidget(widget)
    widget.resize(640, 420)
    widget.show()
    yield widget
    widget.shutdown()


def key(panel: PlayerPanel, qtbot: QtBot, k: Qt.Key) -> None:
    qtbot.keyClick(panel, k)


def test_auto_picks_vlc_here_and_qt_can_be_forced(qtbot: QtBot) -> None:
    auto = PlayerPanel()
    forced = PlayerPanel(preference="qt")
    qtbot.addWidget(auto)
    qtbot.addWidget(forced)
    try:
        assert auto.backend_name == "vlc" and auto.backend_reason.startswith("libvlc 3.")
        assert forced.backend_name == "qt"
        assert forced.backend_reason == "Qt Multimedia (chosen in settings)"
    finally:
        auto.shutdown()
        forced.shutdown()


def test_empty_state_until_something_is_loaded(panel: PlayerPanel, clip: Path) -> None:
    assert panel.screen.currentWidget() is panel.empty_label
    assert panel.empty_label.text() == EMPTY_TEXT
    assert not panel.transport.isEnabled()
    panel.load_file(clip)
    assert panel.screen.currentWidget() is panel.backend.video_widget()
    assert panel.transport.isEnabled()


def test_space_toggles_play_and_pause(panel: PlayerPanel, qtbot: QtBot, clip: Path) -> None:
    panel.load_file(clip)
    key(panel, qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: panel.backend.state == "playing", timeout=3000)
    qtbot.waitUntil(lambda: panel.backend.position_ms > 200, timeout=3000)
    key(panel, qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: panel.backend.state == "paused", timeout=3000)
    assert panel.transport.play_button.toolTip() == "Play (Space)"
    key(panel, qtbot, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: panel.backend.state == "playing", timeout=3000)
    assert panel.transport.play_button.toolTip() == "Pause (Space)"


def test_arrows_step_one_frame_while_paused(
    panel: PlayerPanel, qtbot: QtBot, clip: Path
) -> None:
    b = panel.backend
    panel.load_file(clip)
    qtbot.waitUntil(lambda: b.state == "paused" and b.duration_ms > 0, timeout=3000)
    b.seek(1500)
    qtbot.waitUntil(lambda: abs(b.position_ms - 1500) < 5, timeout=3000)
    key(panel, qtbot, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: b.position_ms > 1500, timeout=3000)
    assert b.position_ms - 1500 == pytest.approx(FRAME_MS, abs=2)
    assert b.state == "paused"
    # The label counts frames: 1.5 s is frame 15, one step later frame 16.
    qtbot.waitUntil(lambda: panel.transport.position_label.text() == "00:01.16", timeout=2000)
    key(panel, qtbot, Qt.Key.Key_Left)
    key(panel, qtbot, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: b.position_ms < 1500, timeout=3000)
    assert 1500 - b.position_ms == pytest.approx(FRAME_MS, abs=2)


def test_home_and_end(panel: PlayerPanel, qtbot: QtBot, clip: Path) -> None:
    b = panel.backend
    panel.load_file(clip)
    qtbot.waitUntil(lambda: b.duration_ms > 0, timeout=3000)
    key(panel, qtbot, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: b.position_ms > 2900, timeout=3000)
    assert b.position_ms <= b.duration_ms and b.state == "paused"
    key(panel, qtbot, Qt.Key.Key_Home)
    qtbot.waitUntil(lambda: b.position_ms < 5, timeout=3000)


def test_jkl_shuttle(panel: PlayerPanel, qtbot: QtBot, clip: Path) -> None:
    b = panel.backend
    panel.load_file(clip)
    key(panel, qtbot, Qt.Key.Key_L)
    qtbot.waitUntil(lambda: b.state == "playing", timeout=3000)
    assert b.rate == 1.0
    key(panel, qtbot, Qt.Key.Key_L)
    assert b.rate == 2.0 and panel.transport.speed_combo.currentText() == "2×"
    key(panel, qtbot, Qt.Key.Key_L)
    key(panel, qtbot, Qt.Key.Key_L)
    assert b.rate == 4.0, "L tops out at 4×"
    key(panel, qtbot, Qt.Key.Key_J)
    assert b.rate == 2.0, "J on fast forward slows down first"
    key(panel, qtbot, Qt.Key.Key_K)
    qtbot.waitUntil(lambda: b.state == "paused", timeout=3000)
    assert b.rate == 1.0 and panel.transport.speed_combo.currentText() == "1×"

    # J on a clip playing at 1× shuttles backwards in steps.
    b.seek(2000)
    key(panel, qtbot, Qt.Key.Key_L)
    qtbot.waitUntil(lambda: b.state == "playing", timeout=3000)
    key(panel, qtbot, Qt.Key.Key_J)
    start = b.position_ms
    qtbot.waitUntil(lambda: b.position_ms < start - 400, timeout=3000)
    assert b.state == "paused"
    key(panel, qtbot, Qt.Key.Key_K)
    stopped_at = b.position_ms
    qtbot.wait(450)
    assert abs(b.position_ms - stopped_at) <= 2, "K stops the reverse shuttle"

    # J on a paused clip steps back exactly one frame.
    b.seek(1000)
    qtbot.waitUntil(lambda: abs(b.position_ms - 1000) < 5, timeout=3000)
    key(panel, qtbot, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: b.position_ms < 1000, timeout=3000)
    assert 1000 - b.position_ms == pytest.approx(FRAME_MS, abs=2)


def test_full_screen_with_f_and_escape(panel: PlayerPanel, qtbot: QtBot, clip: Path) -> None:
    panel.load_file(clip)
    key(panel, qtbot, Qt.Key.Key_F)
    assert panel.is_full_screen and panel.stage.isFullScreen()
    assert panel.transport.full_screen_button.isChecked()
    # Keys typed into the full-screen window still drive the player.
    qtbot.keyClick(panel.stage, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: panel.backend.state == "playing", timeout=3000)
    qtbot.keyClick(panel.stage, Qt.Key.Key_Escape)
    assert not panel.is_full_screen
    assert panel.stage.parent() is panel and panel.stage.isVisible()
    assert not panel.transport.full_screen_button.isChecked()


def test_handle_key_reports_what_it_used(panel: PlayerPanel, clip: Path) -> None:
    def press(k: Qt.Key, mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> bool:
        return panel.handle_key(QKeyEvent(QKeyEvent.Type.KeyPress, k, mods))

    assert press(Qt.Key.Key_Space) is False, "nothing loaded: let the key go elsewhere"
    panel.load_file(clip)
    assert press(Qt.Key.Key_Space) is True
    assert press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier) is False
    assert press(Qt.Key.Key_Escape) is False, "Esc outside full screen is not ours"


def _drop(panel: PlayerPanel, mime: QMimeData) -> tuple[bool, bool]:
    pos = QPointF(panel.width() / 2, panel.height() / 3)
    enter = drag_event(
        QDragEnterEvent, pos.toPoint(), Qt.DropAction.CopyAction, mime,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(panel, enter)
    drop = QDropEvent(
        pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(panel, drop)
    return enter.isAccepted(), drop.isAccepted()


def test_dropping_a_video_plays_it(
    panel: PlayerPanel, qtbot: QtBot, clip: Path, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a video")
    text_mime = QMimeData()
    text_mime.setUrls([QUrl.fromLocalFile(str(notes))])
    assert _drop(panel, text_mime) == (False, False)
    assert not panel.has_media

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(notes)), QUrl.fromLocalFile(str(clip))])
    with qtbot.waitSignal(panel.file_dropped, timeout=2000) as dropped:
        accepted = _drop(panel, mime)
    assert accepted == (True, True)
    assert dropped.args == [str(clip)]
    qtbot.waitUntil(
        lambda: panel.backend.state == "playing" and panel.backend.position_ms > 100,
        timeout=3000,
    )
    assert panel.backend.path == clip


def test_sequence_plays_in_order_and_marks_the_missing_take(
    panel: PlayerPanel, qtbot: QtBot, short_clips: list[Path]
) -> None:
    b = panel.backend
    starts: list[tuple[object, Path | None, int]] = []
    skipped: list[tuple[object, str, str]] = []
    finished: list[Path | None] = []
    # What was playing, and how far, at the moment each shot starts.
    panel.sequence_shot_changed.connect(lambda sid: starts.append((sid, b.path, b.position_ms)))
    panel.sequence_item_skipped.connect(lambda sid, msg: skipped.append((sid, msg, panel.message)))
    b.finished.connect(lambda: finished.append(b.path))
    items = [
        SequenceItem("s1", short_clips[0], "Shot 1"),
        SequenceItem("s2", None, "Shot 2"),
        SequenceItem("s3", short_clips[1], "Shot 3"),
    ]
    with qtbot.waitSignal(panel.sequence_finished, timeout=10_000):
        panel.play_sequence(items)
        assert panel.sequence_active
    assert [sid for sid, _, _ in starts] == ["s1", "s2", "s3"]
    # Shot 2 began only once take A had played to its end.
    assert starts[1][1] == short_clips[0] and starts[1][2] >= 900
    assert finished == [short_clips[0], short_clips[1]]
    message = "Shot 2 has no take — skipped"
    assert skipped == [("s2", message, message)], "the marker is on screen when announced"
    assert not panel.sequence_active
    assert panel.message == ""


def test_skip_marker_stays_up_about_a_second(
    panel: PlayerPanel, qtbot: QtBot, short_clips: list[Path]
) -> None:
    panel.play_sequence([
        SequenceItem(7, None, "Shot 3"),
        SequenceItem(8, short_clips[0], "Shot 4"),
    ])
    assert panel.message == "Shot 3 has no take — skipped"
    qtbot.wait(700)
    assert panel.message == "Shot 3 has no take — skipped"
    qtbot.waitUntil(lambda: panel.backend.state == "playing", timeout=2000)
    assert panel.message == ""
    assert panel.backend.path == short_clips[0]


def test_transport_controls_drive_the_player(
    panel: PlayerPanel, qtbot: QtBot, clip: Path
) -> None:
    t, b = panel.transport, panel.backend
    panel.load_file(clip)
    qtbot.waitUntil(lambda: b.duration_ms > 0, timeout=3000)
    assert t.duration_label.text() == "00:03.00" and t.slider.maximum() == b.duration_ms
    t.mute_button.click()
    assert b.muted is True and t.mute_button.toolTip() == "Unmute"
    t.volume_slider.setValue(35)
    assert b.volume == 35
    t.speed_combo.setCurrentIndex(t.speed_combo.findText("0.5×"))
    t.speed_combo.activated.emit(t.speed_combo.currentIndex())
    assert b.rate == 0.5
    t.loop_button.click()
    assert b.loop is True
    # Clicking the groove / dragging seeks.
    t.slider.setSliderPosition(2000)
    t.slider.triggerAction(t.slider.SliderAction.SliderMove)
    qtbot.waitUntil(lambda: abs(b.position_ms - 2000) < 5, timeout=3000)
    t.play_button.click()
    qtbot.waitUntil(lambda: b.state == "playing", timeout=3000)


def test_switching_engine_takes_effect_at_once_and_keeps_the_clip(
    qtbot: QtBot, clip: Path,
) -> None:
    panel = PlayerPanel(preference="qt")
    qtbot.addWidget(panel)
    panel.show()
    try:
        panel.load_file(clip)
        qtbot.waitUntil(lambda: panel.backend.duration_ms > 0, timeout=10_000)
        panel.backend.seek(1000)
        qtbot.waitUntil(lambda: abs(panel.backend.position_ms - 1000) < 100, timeout=10_000)
        seen: list[tuple[str, str]] = []
        panel.backend_changed.connect(lambda name, why: seen.append((name, why)))
        panel.switch_backend("vlc")
        assert panel.backend_name == "vlc" and panel.backend.name == "vlc"
        assert seen == [("vlc", panel.backend_reason)]
        assert panel.backend.path == clip and panel.has_media
        assert abs(panel.backend.position_ms - 1000) < 100  # where it was
        assert panel.screen.currentWidget() is panel.backend.video_widget()
        panel.toggle()  # the transport now drives the new engine
        qtbot.waitUntil(lambda: panel.backend.state == "playing", timeout=10_000)
        panel.switch_backend("qt")
        assert panel.backend_name == "qt"
        qtbot.waitUntil(lambda: panel.backend.state == "playing", timeout=10_000)
    finally:
        panel.shutdown()

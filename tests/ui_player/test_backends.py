"""Both engines, driven the same way through the PlayerBackend interface, offscreen."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from ui.player.backend import PlayerBackend
from ui.player.qt_backend import QtBackend
from ui.player.vlc_backend import VlcBackend, vlc_instance_args

FRAME_MS = 1000 / 30


def wait_state(qtbot: QtBot, backend: PlayerBackend, state: str, timeout: int = 5000) -> None:
    qtbot.waitUntil(lambda: backend.state == state, timeout=timeout)


def paused_at(qtbot: QtBot, backend: PlayerBackend, ms: int) -> None:
    backend.pause()
    wait_state(qtbot, backend, "paused")
    backend.seek(ms)
    qtbot.waitUntil(lambda: abs(backend.position_ms - ms) < 5, timeout=5000)


def test_plays_the_clip_to_the_end(qtbot: QtBot, backend: PlayerBackend, clip: Path) -> None:
    durations: list[int] = []
    positions: list[int] = []
    states: list[str] = []
    backend.duration_changed.connect(durations.append)
    backend.position_changed.connect(positions.append)
    backend.state_changed.connect(states.append)

    backend.load(clip)
    started = time.monotonic()
    with qtbot.waitSignal(backend.finished, timeout=10_000):
        backend.play()
    elapsed = time.monotonic() - started

    assert abs(backend.duration_ms - 3000) <= 100
    assert durations and abs(durations[-1] - 3000) <= 100
    assert states[0] == "playing" and states[-1] == "stopped"
    assert backend.state == "stopped"
    # Real-time playback, not a decode-as-fast-as-possible run.
    assert 2.5 <= elapsed <= 6.0
    assert abs(positions[-1] - 3000) <= 100
    assert len(positions) >= 20, "the scrubber would barely move"
    assert positions[len(positions) // 2] < positions[-1]
    if isinstance(backend, QtBackend):
        # Frames counted as they arrive through the player's QVideoSink (videoFrameChanged).
        # 90 frames in the file; allow a few dropped on a loaded 2-core machine.
        assert backend.frame_view.frames_received >= 75


def test_frame_step_moves_one_frame_each_way(
    qtbot: QtBot, backend: PlayerBackend, clip: Path
) -> None:
    backend.load(clip)
    qtbot.waitUntil(lambda: backend.duration_ms > 0, timeout=5000)
    paused_at(qtbot, backend, 1000)
    assert backend.fps == pytest.approx(30, abs=0.01)

    backend.step_frame(+1)
    qtbot.waitUntil(lambda: backend.position_ms > 1000, timeout=3000)
    assert backend.position_ms - 1000 == pytest.approx(FRAME_MS, abs=2)
    assert backend.state == "paused"

    backend.step_frame(-1)
    backend.step_frame(-1)
    qtbot.waitUntil(lambda: backend.position_ms < 1000, timeout=3000)
    assert 1000 - backend.position_ms == pytest.approx(FRAME_MS, abs=2)


def test_stepping_from_a_playing_clip_pauses_it(
    qtbot: QtBot, backend: PlayerBackend, clip: Path
) -> None:
    backend.load(clip)
    backend.play()
    qtbot.waitUntil(lambda: backend.state == "playing" and backend.position_ms > 300, timeout=5000)
    backend.step_frame(+1)
    wait_state(qtbot, backend, "paused")
    before = backend.position_ms
    qtbot.wait(300)
    assert abs(backend.position_ms - before) <= FRAME_MS


def test_toggle_and_stop(qtbot: QtBot, backend: PlayerBackend, clip: Path) -> None:
    backend.load(clip)
    backend.toggle()
    wait_state(qtbot, backend, "playing")
    backend.toggle()
    wait_state(qtbot, backend, "paused")
    backend.stop()
    wait_state(qtbot, backend, "stopped")
    assert backend.position_ms == 0


def test_loop_restarts_instead_of_finishing(
    qtbot: QtBot, backend: PlayerBackend, short_clips: list[Path]
) -> None:
    finished: list[bool] = []
    backend.finished.connect(lambda: finished.append(True))
    backend.set_loop(True)
    backend.load(short_clips[0])
    positions: list[int] = []
    backend.position_changed.connect(positions.append)
    backend.play()
    # Wait for the position to wrap from near the end back to the start.
    qtbot.waitUntil(
        lambda: any(a > 700 and b < 300 for a, b in zip(positions, positions[1:], strict=False)),
        timeout=6000,
    )
    assert not finished
    assert backend.state == "playing"


def test_missing_file_reports_an_error(
    qtbot: QtBot, backend: PlayerBackend, tmp_path: Path
) -> None:
    with qtbot.waitSignal(backend.error, timeout=2000) as blocker:
        backend.load(tmp_path / "gone.mp4")
    assert blocker.args[0] == f"File not found: {tmp_path / 'gone.mp4'}"
    backend.play()  # nothing loaded: must be a no-op, not a crash
    assert backend.state == "stopped"


def test_qt_backend_draws_subtitles_over_the_picture(
    qtbot: QtBot, clip: Path, vtt_file: Path
) -> None:
    backend = QtBackend()
    view = backend.video_widget()
    qtbot.addWidget(view)
    view.resize(320, 180)
    view.show()
    try:
        backend.load(clip)
        assert backend.subtitles(vtt_file)
        paused_at(qtbot, backend, 1500)
        qtbot.waitUntil(lambda: backend.caption == "A subtitle on the picture", timeout=3000)
        qtbot.waitUntil(lambda: backend.frame_view.current_image() is not None, timeout=3000)
        image: QImage = view.grab().toImage()
        # testsrc2 is colourful: the picture is not black...
        centre = image.pixelColor(160, 60)
        assert centre.red() + centre.green() + centre.blue() > 60
        # ...and the caption band near the bottom has pure-white text pixels in it.
        white = sum(
            1 for x in range(0, 320, 2) for y in range(130, 178, 2)
            if image.pixelColor(x, y).lightness() > 245
        )
        assert white > 20
        backend.seek(2500)
        qtbot.waitUntil(lambda: backend.caption == "", timeout=3000)
    finally:
        backend.shutdown()


def test_vlc_accepts_a_subtitle_file(qtbot: QtBot, clip: Path, vtt_file: Path) -> None:
    backend = VlcBackend()
    try:
        assert backend.subtitles(vtt_file) is False  # nothing loaded yet
        backend.load(clip)
        assert backend.subtitles(vtt_file) is True
        with qtbot.waitSignal(backend.state_changed, timeout=3000):
            backend.play()
    finally:
        backend.shutdown()


def test_vlc_uses_dummy_outputs_offscreen(
    qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = vlc_instance_args()
    assert "--vout=dummy" in args and "--aout=dummy" in args
    assert "--vout=dummy" not in vlc_instance_args(headless=False)
    monkeypatch.setenv("REELROOM_VLC_ARGS", "--no-video --verbose=0")
    args = vlc_instance_args(headless=False)
    assert args[-2:] == ["--no-video", "--verbose=0"]


def test_vlc_pauses_a_restarted_input_where_it_is(qtbot: QtBot, clip: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Program playback cues a shot in a hidden engine, which may run to its end before its
    turn; played, the input restarts while libvlc still says Ended for a moment. Pausing
    then must pause it where it is, not restart it (a black picture, the playhead at 0)."""
    import vlc

    backend = VlcBackend()
    try:
        backend.load(clip)
        backend.play()
        # until the player has told where it is (what the transport and the film show)
        qtbot.waitUntil(lambda: backend._last_position > 300, timeout=5000)
        before = backend._last_position
        monkeypatch.setattr(backend._mp, "get_state", lambda: vlc.State.Ended)
        backend.pause()
        assert backend.state == "paused" and not backend._cueing
        assert backend.position_ms >= before - 100
    finally:
        monkeypatch.undo()
        backend.shutdown()


def test_a_released_vlc_engine_is_never_called_again(qtbot: QtBot, clip: Path,
                                                     vtt_file: Path) -> None:
    """A closed window's player can still be asked to cue (a take lands on the shot it showed):
    libvlc's player is freed by then, and a call into it segfaulted the process."""
    from unittest.mock import Mock

    backend = VlcBackend()
    backend.load(clip)
    backend.shutdown()
    backend._mp = freed = Mock()  # stands in for the freed libvlc player: records any call
    backend.load(clip)
    backend.set_rate(2.0)
    backend.set_volume(40)
    backend.set_muted(True)
    backend.play()
    backend.pause()
    backend.seek(500)
    backend.stop()
    assert backend.subtitles(vtt_file) is False
    assert backend.path is None
    assert freed.mock_calls == []

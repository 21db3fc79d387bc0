"""The Qt engine announces a loaded clip's picture (picture_shown) once it is painted, not
while the frame is still on its way to the screen: what waits for the picture (the panels that
follow the selection, the idle player letting its media go) never holds up its paint. The
idle player keeps its media until that picture is up, every turn, not only the first."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.ui_player.conftest import make_clip
from ui.player.qt_backend import _RELEASE_MS, QtBackend


@pytest.fixture
def shown(qtbot: QtBot):
    backend = QtBackend()
    view = backend.video_widget()
    qtbot.addWidget(view)
    view.resize(320, 180)
    view.show()
    qtbot.waitExposed(view)
    yield backend
    backend.shutdown()


@pytest.fixture(scope="module")
def second_clip(media_dir: Path) -> Path:
    return make_clip(media_dir / "bars1s.mp4", 1.0, "smptebars")


def cue(qtbot: QtBot, backend: QtBackend, path: Path) -> list[int]:
    """Load `path` paused; the painted-frame count each time the picture is announced."""
    painted_at_announce: list[int] = []
    backend.picture_shown.connect(
        lambda: painted_at_announce.append(backend.frame_view.frames_painted))
    before = backend.frame_view.frames_painted
    with qtbot.waitSignal(backend.picture_shown, timeout=5_000):
        backend.load(path)
        backend.pause()
    return [n - before for n in painted_at_announce]


def test_the_picture_is_announced_after_it_is_painted(
        qtbot: QtBot, shown: QtBackend, clip: Path, second_clip: Path) -> None:
    assert cue(qtbot, shown, clip) == [1]
    # the next clip, in the other player: painted (its own frame) before it is announced
    assert cue(qtbot, shown, second_clip)[-1] >= 1
    image = shown.frame_view.current_image()
    assert image is not None and not image.isNull()


def test_a_hidden_view_still_announces_its_picture(qtbot: QtBot, clip: Path) -> None:
    backend = QtBackend()  # its view never shown: nothing will paint it
    try:
        with qtbot.waitSignal(backend.picture_shown, timeout=5_000):
            backend.load(clip)
            backend.pause()
        assert backend.frame_view.frames_painted == 0
    finally:
        backend.shutdown()


def test_the_idle_player_keeps_its_media_until_the_new_picture_every_turn(
        qtbot: QtBot, shown: QtBackend, clip: Path, second_clip: Path) -> None:
    cue(qtbot, shown, clip)
    for path in (second_clip, clip, second_clip):
        old = shown._player
        with qtbot.waitSignal(shown.picture_shown, timeout=5_000):
            shown.load(path)
            shown.pause()
            # the player that showed the last clip is not torn down while this one opens
            assert shown._player is not old and not old.source().isEmpty()
            assert shown._release.interval() == _RELEASE_MS
        # once the new picture is up, it lets go soon after
        qtbot.waitUntil(lambda o=old: o.source().isEmpty(), timeout=2_000)


def test_sound_devices_are_asked_for_when_they_change_not_per_clip(
        qtbot: QtBot, shown: QtBackend, clip: Path, second_clip: Path, monkeypatch) -> None:
    import ui.player.qt_backend as qt_backend

    asked: list[bool] = []

    class Devices:
        @staticmethod
        def audioOutputs():  # noqa: N802 - Qt's name
            asked.append(True)
            return ["a headset"]

    monkeypatch.setattr(qt_backend, "QMediaDevices", Devices)
    # The routing is recorded, not handed to Qt Multimedia: the headset is made up, and an
    # output attached with no sound server behind it can block the FFmpeg backend's
    # setAudioOutput(None) for good (it hung a full run once, inside Qt).
    routed: dict[int, object] = {}
    for player in shown._players:
        key = id(player)
        player.setAudioOutput = lambda output, key=key: routed.__setitem__(key, output)
        player.audioOutput = lambda key=key: routed.get(key)
    shown._devices.audioOutputsChanged.emit()  # a headset plugged in
    assert shown._player.audioOutput() is shown._audio
    cue(qtbot, shown, clip)
    cue(qtbot, shown, second_clip)  # the other player: sound follows it there
    assert shown._player.audioOutput() is shown._audio
    [other] = [p for p in shown._players if p is not shown._player]
    assert other.audioOutput() is None  # one output, on the player in use only
    assert len(asked) == 1


def test_an_engine_shut_down_before_its_paint_is_announced_stays_quiet(
        qtbot: QtBot, clip: Path) -> None:
    backend = QtBackend()
    announced: list[bool] = []
    backend.picture_shown.connect(lambda: announced.append(True))
    backend.load(clip)
    # its first frame has arrived and been painted: the announcement is on its way ...
    backend._awaiting_picture = False
    backend.frame_view.after_next_paint(backend._picture_painted)
    backend.shutdown()  # ... when the engine is switched (Settings) or the window closes
    backend.frame_view.deleteLater()
    backend.deleteLater()
    qtbot.wait(100)  # an exception in the event loop would fail the test (pytest-qt)
    assert announced == []

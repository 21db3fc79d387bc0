"""Playback through QtMultimedia (its FFmpeg backend): the fallback when libvlc is missing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, QUrl
from PySide6.QtMultimedia import (
    QAudioOutput,
    QMediaDevices,
    QMediaMetaData,
    QMediaPlayer,
    QtAudio,
    QVideoSink,
)
from PySide6.QtWidgets import QWidget

from ui.player.backend import PlayerBackend
from ui.player.frame_view import FrameView
from ui.player.subtitles import SubtitleError, SubtitleTrack, load_subtitles
from ui.player.timefmt import DEFAULT_FPS

_RELEASE_MS = 400  # at the latest, the idle player lets its media go this long after a turn

_STATES = {
    QMediaPlayer.PlaybackState.PlayingState: "playing",
    QMediaPlayer.PlaybackState.PausedState: "paused",
    QMediaPlayer.PlaybackState.StoppedState: "stopped",
}


class QtBackend(PlayerBackend):
    name = "qt"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._audio = QAudioOutput(self)
        self._view = FrameView()
        self._track: SubtitleTrack | None = None
        self._pending_seek: int | None = None
        self._awaiting_picture = False
        self._shut_down = False  # a paint's announcement may still be on its way after that
        # Two players take turns: a clip opens in the one that is idle, whose previous media
        # was let go after the last picture came up. Opening in a player still holding
        # media first tears that down, which is what made a selection's first frame slower
        # than a fresh player's (benchmarks/playback.py (a)).
        self._players = (self._make_player(), self._make_player())
        self._player = self._players[0]
        self._release = QTimer(self)
        self._release.setSingleShot(True)
        self._release.setInterval(_RELEASE_MS)
        self._release.timeout.connect(self._release_idle)
        self._devices = QMediaDevices(self)
        self._devices.audioOutputsChanged.connect(self._devices_changed)
        self._has_audio_device = bool(QMediaDevices.audioOutputs())
        self._attach_audio()
        # connected after the view's own slot: the frame is painted before anyone hears of it
        self._view.sink.videoFrameChanged.connect(self._on_frame)

    def _make_player(self) -> QMediaPlayer:
        player = QMediaPlayer(self)
        sink = QVideoSink(player)
        player.setVideoSink(sink)

        def current(slot):
            return lambda *args: slot(*args) if player is self._player else None

        # only the player in use reaches the view and the backend's signals
        sink.videoFrameChanged.connect(current(self._view.sink.setVideoFrame))
        player.positionChanged.connect(current(self._on_position))
        player.durationChanged.connect(current(lambda ms: self.duration_changed.emit(int(ms))))
        player.playbackStateChanged.connect(current(self._on_state))
        player.mediaStatusChanged.connect(current(self._on_status))
        player.errorOccurred.connect(current(self._on_error))
        return player

    def _take_turn(self) -> None:
        """Open the next clip in the other player; the one in use goes quiet, and lets its
        media go once the new picture is up (or soon after, whatever happens)."""
        if self._player.source().isEmpty():
            return
        old = self._player
        self._player = self._players[1] if old is self._players[0] else self._players[0]
        old.pause()
        old.setAudioOutput(None)
        self._attach_audio()
        self._player.setLoops(QMediaPlayer.Loops.Infinite if self._loop else 1)
        self._player.setPlaybackRate(self._rate)
        self._set_state("stopped")  # what setSource on one player used to say
        # No duration (0, at the frame rate of no metadata) is announced for the gap: the
        # transport would lay out and repaint twice before the picture for nothing; the new
        # player reports its own duration as it loads.
        # the full delay each turn (start(0) below shortens the timer's interval for good):
        # tearing the old media down while the new clip opens would slow its first frame
        self._release.start(_RELEASE_MS)

    def _release_idle(self) -> None:
        for player in self._players:
            if player is not self._player and not player.source().isEmpty():
                player.setSource(QUrl())

    # -- PlayerBackend ---------------------------------------------------------------------

    def load(self, path: str | Path) -> None:
        path = Path(path)
        self._track = None
        self._pending_seek = None
        self._view.set_caption("")
        if not path.is_file():
            self._path = None
            self._view.clear()
            self._player.setSource(QUrl())
            self.error.emit(f"File not found: {path}")
            return
        # setSource stops what played; the last picture stays up until the new one replaces
        # it (no black flash between two takes, and no repaint before the frame that matters)
        self._path = path
        self._awaiting_picture = True
        self._take_turn()
        self._player.setSource(QUrl.fromLocalFile(str(path.resolve())))
        self.position_changed.emit(0)

    def play(self) -> None:
        if self._path is not None:
            self._player.play()

    def pause(self) -> None:
        # From StoppedState this shows the first frame paused, which frame stepping relies on.
        if self._path is not None:
            self._player.pause()

    def stop(self) -> None:
        self._player.stop()

    def seek(self, ms: int) -> None:
        if self._path is None:
            return
        duration = self.duration_ms
        ms = max(0, int(ms))
        if duration > 0:
            ms = min(ms, duration)
        if self._player.mediaStatus() in (QMediaPlayer.MediaStatus.LoadingMedia,
                                          QMediaPlayer.MediaStatus.NoMedia):
            self._pending_seek = ms  # Qt drops a position set before the media has loaded
        self._player.setPosition(ms)

    @property
    def position_ms(self) -> int:
        return int(self._player.position())

    @property
    def duration_ms(self) -> int:
        return max(0, int(self._player.duration()))

    @property
    def fps(self) -> float:
        rate = self._player.metaData().value(QMediaMetaData.Key.VideoFrameRate)
        try:
            value = float(rate)
        except (TypeError, ValueError):
            return DEFAULT_FPS
        return value if value > 0 else DEFAULT_FPS

    def set_rate(self, rate: float) -> None:
        self._rate = self.clamp_rate(rate)
        self._player.setPlaybackRate(self._rate)

    def set_volume(self, volume: int) -> None:
        self._volume = max(0, min(100, int(volume)))
        # Sliders feel linear to the ear only on a logarithmic scale.
        linear = QtAudio.convertVolume(
            self._volume / 100.0,
            QtAudio.VolumeScale.LogarithmicVolumeScale,
            QtAudio.VolumeScale.LinearVolumeScale,
        )
        self._audio.setVolume(linear)

    def set_muted(self, muted: bool) -> None:
        self._muted = bool(muted)
        self._audio.setMuted(self._muted)

    def set_loop(self, loop: bool) -> None:
        super().set_loop(loop)
        # Qt loops without a gap; EndOfMedia (and so `finished`) never arrives while looping.
        self._player.setLoops(QMediaPlayer.Loops.Infinite if self._loop else 1)

    def video_widget(self) -> QWidget:
        return self._view

    def subtitles(self, path: str | Path) -> bool:
        try:
            self._track = load_subtitles(path)
        except (OSError, SubtitleError) as exc:
            self._track = None
            self.error.emit(f"Could not load subtitles {Path(path).name}: {exc}")
            return False
        self._on_position(self._player.position())
        return True

    def shutdown(self) -> None:
        self._shut_down = True
        self._release.stop()
        for player in self._players:
            player.stop()
            player.setVideoSink(None)
            player.setSource(QUrl())

    # -- helpers ---------------------------------------------------------------------------

    @property
    def frame_view(self) -> FrameView:
        return self._view

    @property
    def caption(self) -> str:
        return self._view.caption

    def _devices_changed(self) -> None:
        # asked of the system only when it changes: the list costs a third of a millisecond,
        # and every clip opened would ask again on its way to the first frame
        self._has_audio_device = bool(QMediaDevices.audioOutputs())
        self._attach_audio()

    def _attach_audio(self) -> None:
        """Route sound only when a sound device exists.

        With none (CI, containers, a headset just unplugged) the FFmpeg backend's audio
        thread would log "No audio device detected" on every play.  Without an output the
        player simply runs on the system clock, so the video still plays in real time.
        """
        wanted = self._audio if self._has_audio_device else None
        if self._player.audioOutput() is not wanted:
            self._player.setAudioOutput(wanted)

    def _on_frame(self, frame) -> None:
        if self._awaiting_picture and frame.isValid():
            self._awaiting_picture = False
            # announced once it is painted: what follows the picture (the panels that follow
            # the selection, the idle player's teardown) must not hold up the paint itself
            self._view.after_next_paint(self._picture_painted)

    def _picture_painted(self) -> None:
        if self._shut_down:
            return  # the engine was switched or the window closed: nobody waits, and Qt
            # may already have deleted this object's signals
        if self._awaiting_picture:
            return  # another clip was loaded meanwhile; its own picture will be announced
        self.picture_shown.emit()
        if self._release.isActive():
            self._release.start(0)  # the picture is up: the other player can let go now

    def _on_position(self, ms: int) -> None:
        if self._track is not None:
            self._view.set_caption(self._track.text_at(int(ms)))
        self.position_changed.emit(int(ms))

    def _on_state(self, state: QMediaPlayer.PlaybackState) -> None:
        self._set_state(_STATES[state])  # type: ignore[arg-type]

    def _on_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status == QMediaPlayer.MediaStatus.LoadedMedia and not self._player.hasVideo():
            self._view.clear()  # nothing will replace the previous clip's picture
        if status == QMediaPlayer.MediaStatus.LoadedMedia and self._pending_seek is not None:
            target, self._pending_seek = self._pending_seek, None
            self._player.setPosition(target)
        # Qt reports StoppedState first, then EndOfMedia, so `finished` follows "stopped".
        if status == QMediaPlayer.MediaStatus.EndOfMedia and not self._loop:
            self.finished.emit()

    def _on_error(self, _error: QMediaPlayer.Error, message: str) -> None:
        name = self._path.name if self._path else "the file"
        self.error.emit(f"Could not play {name}: {message or 'unknown error'}")

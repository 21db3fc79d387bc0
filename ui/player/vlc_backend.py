"""Playback through libvlc (python-vlc), drawn into a native child widget.

Threading: libvlc fires its events on its own threads, and touching Qt from there is
undefined behaviour.  Instead a 50 ms QTimer on the GUI thread polls the player's state and
time; that is cheap (a few C calls) and keeps every signal on the Qt thread by construction.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import QWidget

from ui.player.backend import PlayerBackend
from ui.player.timefmt import DEFAULT_FPS
from ui.player.vlc_log import route_libvlc_log
from ui.player.vlc_surface import VlcSurface

POLL_MS = 50
# libvlc updates its clock coarsely (every ~250 ms); between updates the position is
# extrapolated so the scrubber moves smoothly, but never further than this past a real reading.
_MAX_EXTRAPOLATION_MS = 400
# How long a seek target is reported as the position while libvlc catches up.
_SEEK_SETTLE_S = 1.0

HEADLESS_PLATFORMS = ("offscreen", "minimal")


def is_headless() -> bool:
    app = QGuiApplication.instance()
    platform = QGuiApplication.platformName() if app is not None else ""
    return platform in HEADLESS_PLATFORMS


def vlc_instance_args(headless: bool | None = None) -> list[str]:
    """Arguments for ``vlc.Instance``.

    With no window system (offscreen/minimal Qt platforms) there is nothing to draw into,
    so video and audio go to libvlc's dummy outputs.  REELROOM_VLC_ARGS is appended last
    (later options win), e.g. ``REELROOM_VLC_ARGS="--vout=dummy --aout=dummy"`` on a
    headless box whose Qt platform is not offscreen.
    """
    args = ["--quiet", "--no-video-title-show", "--no-snapshot-preview"]
    if sys.platform.startswith("linux"):
        # libvlc's Xlib plugins need XInitThreads(), which Qt does not call; the xcb ones do not.
        args.append("--no-xlib")
    if is_headless() if headless is None else headless:
        args += ["--vout=dummy", "--aout=dummy"]
    args += shlex.split(os.environ.get("REELROOM_VLC_ARGS", ""))
    return args


_EXPOSED = (QEvent.Type.Expose, QEvent.Type.Paint)


class VlcBackend(PlayerBackend):
    name = "vlc"

    def __init__(self, parent: QObject | None = None, args: list[str] | None = None) -> None:
        super().__init__(parent)
        import vlc  # noqa: PLC0415 - only imported once the probe said libvlc works

        self._vlc = vlc
        self._args = vlc_instance_args() if args is None else list(args)
        self._headless = any(a in ("--vout=dummy", "--no-video") for a in self._args)
        instance = vlc.Instance(self._args)
        if instance is None:
            raise RuntimeError(f"libvlc refused to start with {' '.join(self._args)}")
        route_libvlc_log(vlc, instance)
        self._instance = instance
        self._mp = instance.media_player_new()
        self._media = None
        self._surface = VlcSurface()
        self._surface.handle_changed.connect(self._attach_output)

        self._duration = 0
        self._fps = 0.0
        self._ended = False
        self._pending_seek: int | None = None  # applied once the input is running
        self._seek_target: int | None = None
        self._seek_time = 0.0
        self._clock = (0, 0.0)  # (libvlc time, monotonic seconds when it was read)
        self._clock_live = False
        self._audio_synced = False
        self._last_position = -1
        self._error_reported = False
        self._released = False
        self._cueing = False  # started to show the first frame; paused once it is drawn
        self._awaiting_picture = False
        self._watched: QWindow | None = None  # the surface's top-level window (_watch_window)
        self._redisplay_soon = QTimer(self)
        self._redisplay_soon.setSingleShot(True)
        # after the window over the picture is gone from the screen, not as it is going
        self._redisplay_soon.setInterval(50)
        self._redisplay_soon.timeout.connect(self._redisplay)
        QGuiApplication.instance().focusWindowChanged.connect(self._window_may_have_closed)

        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    # -- PlayerBackend ---------------------------------------------------------------------

    def load(self, path: str | Path) -> None:
        if self._released:
            # a closed window's player can still be asked (a take lands on the shot it had
            # cued): libvlc's player is freed, and any call into it segfaulted the process
            return
        path = Path(path)
        self._mp.stop()
        self._reset_media_state()
        if not path.is_file():
            self._path = None
            self._mp.set_media(None)
            self._set_state("stopped")
            self.error.emit(f"File not found: {path}")
            return
        self._path = path
        self._awaiting_picture = True
        self._media = self._instance.media_new_path(str(path.resolve()))
        self._mp.set_media(self._media)
        # Parse in the background so the duration is known before the first play.
        self._media.parse_with_options(self._vlc.MediaParseFlag.local, 0)
        self._attach_output()
        self._set_state("stopped")
        self.duration_changed.emit(0)
        self._emit_position(0)
        self._timer.start()

    def play(self) -> None:
        if self._path is None:
            return
        state = self._mp.get_state()
        S = self._vlc.State
        if state in (S.Paused, S.Opening, S.Buffering):
            # Also cancels a pause still queued while the input opens.
            self._mp.set_pause(0)
        elif state != S.Playing:
            self._restart_input()
        self._ended = False
        self._clock_live = False
        self._audio_synced = False
        self._set_state("playing")
        self._timer.start()

    def pause(self) -> None:
        if self._path is None:
            return
        state = self._mp.get_state()
        S = self._vlc.State
        # "playing" and not ended: the input runs even if libvlc still reports the state of
        # the one it restarted (an input cued while hidden can have run to its end first);
        # restarting it here would blank the picture and put it back at 0
        running = self._state == "playing" and not self._ended
        if state in (S.Playing, S.Opening, S.Buffering, S.Paused) or running:
            self._mp.set_pause(1)
        else:
            # libvlc can only show (and seek within) a running input. Pausing it as it opens
            # leaves the window black (no picture was drawn yet), so it runs muted until the
            # first frame is on screen and is paused then (see _sync_running).
            if self._ended and self._pending_seek is None:
                self._pending_seek = self.last_frame_ms()
            self._cueing = True
            self._mp.audio_set_mute(True)
            self._restart_input()
        self._ended = False
        self._set_state("paused")
        self._timer.start()

    def stop(self) -> None:
        if self._released:
            return
        self._mp.stop()
        if self._cueing:
            self._cueing = False
            self._mp.audio_set_mute(self._muted)
        self._ended = False
        self._pending_seek = None
        self._seek_target = None
        self._set_state("stopped")
        self._emit_position(0)

    def seek(self, ms: int) -> None:
        if self._path is None:
            return
        ms = max(0, int(ms))
        if self._duration > 0:
            ms = min(ms, self._duration)
        S = self._vlc.State
        if self._mp.get_state() in (S.Playing, S.Paused) and self._mp.is_seekable():
            self._mp.set_time(ms)
            self._seek_target, self._seek_time = ms, time.monotonic()
            self._clock_live = False
        else:
            self._pending_seek = ms
        self._ended = False
        self._emit_position(ms)
        self._timer.start()

    @property
    def position_ms(self) -> int:
        if self._path is None:
            return 0
        if self._ended:
            return self._duration
        if self._seek_target is not None:
            return self._seek_target
        if self._pending_seek is not None:
            return self._pending_seek
        if self._cueing:
            return 0  # running on to draw the first frame; to the user it is paused at 0
        S = self._vlc.State
        state = self._mp.get_state()
        if state not in (S.Playing, S.Paused):
            # between states (see pause): where it last was, not 0
            return max(0, self._last_position)
        now = time.monotonic()
        real = max(0, int(self._mp.get_time()))
        if real != self._clock[0]:
            self._clock = (real, now)
            self._clock_live = state == S.Playing
        position = real
        if state == S.Playing and self._clock_live and self._state == "playing":
            ahead = (now - self._clock[1]) * 1000.0 * self._rate
            position = real + int(min(ahead, _MAX_EXTRAPOLATION_MS))
        if self._duration > 0:
            position = min(position, self._duration)
        return position

    @property
    def duration_ms(self) -> int:
        return self._duration

    @property
    def fps(self) -> float:
        return self._fps if self._fps > 0 else DEFAULT_FPS

    def set_rate(self, rate: float) -> None:
        self._rate = self.clamp_rate(rate)
        if not self._released:
            self._mp.set_rate(self._rate)

    def set_volume(self, volume: int) -> None:
        self._volume = max(0, min(100, int(volume)))
        self._audio_synced = False
        if not self._released:
            self._mp.audio_set_volume(self._volume)

    def set_muted(self, muted: bool) -> None:
        self._muted = bool(muted)
        self._audio_synced = False
        if not self._released:
            self._mp.audio_set_mute(self._muted)

    def video_widget(self) -> QWidget:
        return self._surface

    def subtitles(self, path: str | Path) -> bool:
        path = Path(path)
        if self._path is None or not path.is_file():
            return False
        uri = path.resolve().as_uri()
        added = self._mp.add_slave(self._vlc.MediaSlaveType.subtitle, uri, True) == 0
        if not added:
            # Older libvlc: the deprecated call still works for local files.
            added = bool(self._mp.video_set_subtitle_file(str(path.resolve())))
        return added

    def shutdown(self) -> None:
        if self._released:
            return
        self._released = True
        self._path = None  # play, pause, seek and subtitles do nothing without a clip
        self._timer.stop()
        self._mp.stop()
        self._mp.release()
        self._instance.release()

    # -- helpers ---------------------------------------------------------------------------

    @property
    def instance_args(self) -> list[str]:
        return list(self._args)

    def _reset_media_state(self) -> None:
        self._duration, self._fps = 0, 0.0
        self._ended = False
        self._pending_seek = self._seek_target = None
        self._clock, self._clock_live = (0, 0.0), False
        self._error_reported = False
        self._last_position = -1
        if self._cueing:
            self._cueing = False
            self._mp.audio_set_mute(self._muted)

    def _restart_input(self) -> None:
        # An Ended/Error input must be stopped before libvlc will play it again.
        self._mp.stop()
        if self._mp.play() == -1:
            self._report_error()

    def _attach_output(self) -> None:
        if self._headless or self._released:
            return
        handle = int(self._surface.winId())
        if sys.platform.startswith("win"):
            self._mp.set_hwnd(handle)
        elif sys.platform == "darwin":
            self._mp.set_nsobject(handle)
        else:
            self._mp.set_xwindow(handle)
            self._watch_window()

    # libvlc draws into a child window of its own, and on X it does not draw that window again
    # when it is exposed while paused: a menu, a dialog or another program's window closed over
    # a paused picture left a black hole where it had been. Qt never hears of that window's
    # exposes, so the paused picture is drawn again when what usually goes with one happens:
    # the window manager gives the focus back (a menu or dialog closed, another program's
    # window left), or the X server exposes part of the surface's top-level window.
    def _watch_window(self) -> None:
        top = self._surface.window().windowHandle()
        if top is self._watched:
            return
        if self._watched is not None:
            with contextlib.suppress(RuntimeError):  # the old window is already gone
                self._watched.removeEventFilter(self)
        self._watched = top
        if top is not None:
            top.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Qt 6 hands a window already on screen its exposes as QEvent.Paint
        if event.type() in _EXPOSED and self._state == "paused":
            self._redisplay_soon.start()
        return False

    def _window_may_have_closed(self, _window: QWindow | None) -> None:
        if self._state == "paused":
            self._redisplay_soon.start()

    def _redisplay(self) -> None:
        """Draw the paused picture again: libvlc draws a frame when a paused input seeks."""
        if self._released or self._path is None or self._state != "paused" or self._cueing:
            return
        self.seek(self.position_ms)

    def _first_frame_shown(self) -> bool:
        return bool(self._mp.has_vout()) and self._mp.get_time() > 0

    def _emit_position(self, ms: int) -> None:
        if ms != self._last_position:
            self._last_position = ms
            self.position_changed.emit(ms)

    def _report_error(self) -> None:
        if not self._error_reported:
            self._error_reported = True
            name = self._path.name if self._path else "the file"
            self.error.emit(f"VLC could not play {name}")

    def _poll(self) -> None:
        S = self._vlc.State
        state = self._mp.get_state()
        self._update_media_info()
        if state in (S.Playing, S.Paused):
            self._sync_running(state)
        elif state == S.Ended:
            self._on_end()
            return
        elif state == S.Error:
            self._report_error()
            self._set_state("stopped")
            self._timer.stop()
            return
        elif (
            state in (S.Stopped, S.NothingSpecial)
            and self._state == "stopped"
            and self._duration > 0
        ):
            # Idle with everything known: nothing to poll for.
            self._timer.stop()
        self._emit_position(self.position_ms)

    def _update_media_info(self) -> None:
        if self._duration <= 0:
            length = self._mp.get_length()
            if length <= 0 and self._media is not None:
                length = self._media.get_duration()
            if length > 0:
                self._duration = int(length)
                self.duration_changed.emit(self._duration)
        if self._fps <= 0:
            fps = self._mp.get_fps()
            if fps and fps > 0:
                self._fps = float(fps)

    def _sync_running(self, state: object) -> None:
        """Steer libvlc towards the state the user asked for.

        Our ``state`` is what the user last asked for and is authoritative; libvlc applies
        play/pause asynchronously (a pause sent while the input opens lands later), so any
        disagreement is corrected here rather than copied back.
        """
        S = self._vlc.State
        if self._awaiting_picture and (self._headless or self._first_frame_shown()):
            self._awaiting_picture = False
            self.picture_shown.emit()
        if self._cueing and (self._state != "paused" or self._headless or self._first_frame_shown()):
            self._cueing = False
            self._mp.audio_set_mute(self._muted)
            if self._state == "paused" and self._pending_seek is None:
                self._pending_seek = 0  # back onto the first frame
        if self._cueing:
            pass  # running on until the first picture is drawn
        elif self._state == "playing" and state == S.Paused:
            self._mp.set_pause(0)
        elif self._state in ("paused", "stopped") and state == S.Playing:
            self._mp.set_pause(1)
        if self._pending_seek is not None and self._mp.is_seekable():
            target, self._pending_seek = self._pending_seek, None
            self._mp.set_time(target)
            self._seek_target, self._seek_time = target, time.monotonic()
        if self._seek_target is not None:
            settled = abs(self._mp.get_time() - self._seek_target) < 250
            if settled or time.monotonic() - self._seek_time > _SEEK_SETTLE_S:
                self._seek_target = None
                self._clock = (-1, 0.0)
        if state == S.Playing:
            if abs(self._mp.get_rate() - self._rate) > 0.01:
                self._mp.set_rate(self._rate)
            if not self._audio_synced:
                # libvlc ignores volume changes until an audio output exists.
                ok = self._mp.audio_set_volume(self._volume) == 0
                self._mp.audio_set_mute(self._muted)
                self._audio_synced = ok

    def _on_end(self) -> None:
        if self._loop:
            self._restart_input()
            self._clock_live = False
            self._emit_position(0)
            return
        self._ended = True
        self._seek_target = self._pending_seek = None
        self._timer.stop()
        self._emit_position(self._duration)
        self._set_state("stopped")
        self.finished.emit()

"""The one interface both playback engines (libvlc, QtMultimedia) implement.

A QObject base class rather than a Protocol because the contract includes Qt signals, and the
behaviour that is identical for every engine (toggle, frame stepping, state bookkeeping)
lives here once.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from ui.bool_guard import install_bool_guard
from ui.player.timefmt import DEFAULT_FPS, frame_ms

# Every backend emits its position many times a second: see bool_guard for why this matters.
install_bool_guard()

PlaybackState = Literal["playing", "paused", "stopped"]

MIN_RATE = 0.25
MAX_RATE = 4.0


class PlayerBackend(QObject):
    """Abstract playback engine.  Subclasses override the methods that raise.

    Signals are always emitted on the Qt (GUI) thread.
    """

    position_changed = Signal(int)
    duration_changed = Signal(int)
    # "playing" | "paused" | "stopped"
    state_changed = Signal(str)
    # Reached the end of the media with looping off.
    finished = Signal()
    error = Signal(str)
    # The first picture of what was last loaded is on screen (once per load): what a person
    # who selected a shot is waiting for, so the rest of the window can follow after it.
    picture_shown = Signal()

    name: str = "abstract"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state: PlaybackState = "stopped"
        self._path: Path | None = None
        self._loop = False
        self._rate = 1.0
        self._volume = 100
        self._muted = False

    # -- engine-specific -------------------------------------------------------------------

    def load(self, path: str | Path) -> None:
        raise NotImplementedError

    def play(self) -> None:
        raise NotImplementedError

    def pause(self) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def seek(self, ms: int) -> None:
        raise NotImplementedError

    @property
    def position_ms(self) -> int:
        raise NotImplementedError

    @property
    def duration_ms(self) -> int:
        """0 while unknown."""
        raise NotImplementedError

    @property
    def fps(self) -> float:
        """The clip's frame rate, or 30 when the engine cannot tell."""
        return DEFAULT_FPS

    def set_rate(self, rate: float) -> None:
        raise NotImplementedError

    def set_volume(self, volume: int) -> None:
        raise NotImplementedError

    def set_muted(self, muted: bool) -> None:
        raise NotImplementedError

    def set_loop(self, loop: bool) -> None:
        self._loop = bool(loop)

    def video_widget(self) -> QWidget:
        raise NotImplementedError

    def subtitles(self, path: str | Path) -> bool:
        """Show this subtitle file over the picture; False when the engine cannot."""
        return False

    def shutdown(self) -> None:
        """Release the engine; the object is unusable afterwards."""

    # -- shared behaviour ------------------------------------------------------------------

    @property
    def state(self) -> PlaybackState:
        return self._state

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def rate(self) -> float:
        return self._rate

    @property
    def volume(self) -> int:
        return self._volume

    @property
    def muted(self) -> bool:
        return self._muted

    @property
    def loop(self) -> bool:
        return self._loop

    def toggle(self) -> None:
        if self._state == "playing":
            self.pause()
        else:
            self.play()

    def step_frame(self, frames: int = 1) -> None:
        """Pause and move ``frames`` frames (negative = back) using the clip's frame rate."""
        if self._path is None:
            return
        self.pause()
        step = frame_ms(self.fps)
        # Work in frame indices and land just inside the target frame, so repeated steps
        # never get stuck on rounding (a frame is 33.33 ms at 30 fps).
        index = math.floor(self.position_ms / step + 1e-6) + frames
        target = math.ceil(max(0, index) * step)
        if self.duration_ms > 0:
            target = min(target, self.last_frame_ms())
        self.seek(max(0, target))

    def last_frame_ms(self) -> int:
        """Where the final frame starts (0 while the duration is unknown)."""
        duration = self.duration_ms
        if duration <= 0:
            return 0
        step = frame_ms(self.fps)
        return math.ceil(max(0, math.floor((duration - 1) / step)) * step)

    @staticmethod
    def clamp_rate(rate: float) -> float:
        return max(MIN_RATE, min(MAX_RATE, float(rate)))

    def _set_state(self, state: PlaybackState) -> None:
        if state != self._state:
            self._state = state
            self.state_changed.emit(state)

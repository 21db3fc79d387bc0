"""J/K/L shuttle control, the editor's way of scrubbing with one hand.

Neither libvlc nor QtMultimedia plays video backwards reliably (both decode forwards from
key frames), so "reverse" is emulated: J on a clip playing at normal speed pauses it and
jumps back in steps (every 200 ms, by 200 ms × the reverse speed), the picture updating at
each step.  Pressed again, J doubles the reverse speed (up to 4×).  J on a clip playing
faster than 1× first halves the speed; J on a paused clip steps back one frame.
L plays at 1×, and on each further press doubles the speed up to 4×; L during reverse
returns to forward play at 1×.  K pauses and resets the speed to 1×.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from ui.player.backend import MAX_RATE, PlayerBackend

REVERSE_TICK_MS = 200


class Shuttle(QObject):
    # The forward rate the shuttle chose, so the speed combo can follow.
    rate_changed = Signal(float)

    def __init__(
        self,
        backend: Callable[[], PlayerBackend],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._backend = backend
        self._reverse_speed = 0.0  # 0 = not reversing
        self._timer = QTimer(self)
        self._timer.setInterval(REVERSE_TICK_MS)
        self._timer.timeout.connect(self._reverse_tick)

    @property
    def reverse_speed(self) -> float:
        return self._reverse_speed

    @property
    def reversing(self) -> bool:
        return self._reverse_speed > 0

    def cancel_reverse(self) -> None:
        self._reverse_speed = 0.0
        self._timer.stop()

    def press_j(self) -> None:
        b = self._backend()
        if self.reversing:
            self._reverse_speed = min(MAX_RATE, self._reverse_speed * 2)
        elif b.state == "playing" and b.rate > 1.0:
            self._set_rate(max(1.0, b.rate / 2))
        elif b.state == "playing":
            b.pause()
            self._reverse_speed = 1.0
            self._reverse_tick()
            self._timer.start()
        else:
            b.step_frame(-1)

    def press_k(self) -> None:
        self.cancel_reverse()
        b = self._backend()
        b.pause()
        if b.rate != 1.0:
            self._set_rate(1.0)

    def press_l(self) -> None:
        b = self._backend()
        if self.reversing:
            self.cancel_reverse()
            self._set_rate(1.0)
            b.play()
        elif b.state == "playing":
            self._set_rate(min(MAX_RATE, max(1.0, b.rate * 2)))
        else:
            if b.rate < 1.0:
                self._set_rate(1.0)
            b.play()

    def _set_rate(self, rate: float) -> None:
        self._backend().set_rate(rate)
        self.rate_changed.emit(rate)

    def _reverse_tick(self) -> None:
        b = self._backend()
        position = b.position_ms
        if position <= 0:
            self.cancel_reverse()
            return
        b.seek(max(0, position - int(REVERSE_TICK_MS * self._reverse_speed)))

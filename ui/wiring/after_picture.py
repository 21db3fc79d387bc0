"""The picture first: when a selection cues a take in the Player, the panels that follow the
selection (inspector, takes, comments, the storyboard's highlight) refresh once the take's first
frame is on screen, not before it.

Those panels rebuild forms and repaint on the GUI thread; done first, they push the frame the
person is waiting for back by their whole cost (benchmarks/playback.py (a)). Held calls are
coalesced per slot (the latest arguments win) and run in the order they first arrived, when
the Player reports its picture, on a playback error, or after HOLD_MS at the latest, so a slow
or failing engine never leaves a panel showing the previous shot."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

HOLD_MS = 120


class AfterPicture(QObject):
    def __init__(self, parent: QObject | None = None, hold_ms: int = HOLD_MS) -> None:
        super().__init__(parent)
        self._held: dict[Callable, tuple] = {}
        self._holding = False
        self._cap = QTimer(self)
        self._cap.setSingleShot(True)
        self._cap.setInterval(hold_ms)
        self._cap.timeout.connect(self.release)

    @property
    def holding(self) -> bool:
        return self._holding

    def hold(self) -> None:
        """A picture is on its way: follow-ups wait for it (at most HOLD_MS)."""
        self._holding = True
        self._cap.start()

    def release(self, *_args) -> None:
        self._cap.stop()
        self._holding = False
        while self._held:
            slot = next(iter(self._held))
            args = self._held.pop(slot)
            slot(*args)

    def discard(self, *_args) -> None:
        """Forget what is held: it was for a project that is no longer shown (or a window
        that is closing), and its panels are told about the new one anyway."""
        self._cap.stop()
        self._holding = False
        self._held.clear()

    def follow(self, slot: Callable) -> Callable:
        """`slot`, run now, or once the picture is shown when one is awaited."""
        def call(*args) -> None:
            if self._holding:
                self._held[slot] = args
            else:
                slot(*args)
        return call

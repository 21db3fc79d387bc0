"""A shot without a take plays as its animatic card: the shot's number, title and prompt on a
dark card, held for the shot's planned length. It is a PlayerBackend (a clock instead of a
decoder) so the Player's transport, keys and program playback treat it like any clip."""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import QObject, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.player.backend import PlayerBackend

TICK_MS = 20
FPS = 24.0


def aspect_ratio(text: str) -> float:
    """"16:9" → 1.777…; anything unreadable is 16:9."""
    try:
        w, h = (float(x) for x in text.split(":"))
        return w / h if w > 0 and h > 0 else 16 / 9
    except ValueError:
        return 16 / 9


@dataclass(frozen=True, slots=True)
class Card:
    heading: str  # "SHOT 3 — Harbour at dawn"
    body: str  # the prompt
    seconds: float  # planned length


class CardView(QWidget):
    """Paints the card letterboxed at the project's aspect, never cropping its words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.card: Card | None = None
        self.aspect = 16 / 9
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 90)

    def sizeHint(self) -> QSize:
        return QSize(640, 360)

    def show_card(self, card: Card | None, aspect: float = 16 / 9) -> None:
        self.card, self.aspect = card, aspect
        self.update()

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor(0, 0, 0))
        w, h = self.width(), self.height()
        cw = min(w, h * self.aspect)
        ch = cw / self.aspect
        box = QRectF((w - cw) / 2, (h - ch) / 2, cw, ch)
        p.fillRect(box, QColor(0x20, 0x24, 0x2c))
        if self.card is None:
            return
        margin = box.width() * 0.07
        inner = box.adjusted(margin, margin, -margin, -margin)
        p.setPen(QColor(0xf2, 0xf2, 0xf2))
        title = QFont(self.font())
        title.setPixelSize(max(10, int(ch / 11)))
        title.setBold(True)
        p.setFont(title)
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap
        head = p.boundingRect(inner, int(flags | Qt.AlignmentFlag.AlignTop), self.card.heading)
        p.drawText(inner, int(flags | Qt.AlignmentFlag.AlignTop), self.card.heading)
        body = QFont(self.font())
        body.setPixelSize(max(9, int(ch / 18)))
        p.setFont(body)
        p.setPen(QColor(0xb8, 0xbe, 0xc8))
        rest = inner.adjusted(0, head.height() + ch * 0.05, 0, 0)
        p.drawText(rest, int(flags | Qt.AlignmentFlag.AlignTop), self.card.body)
        p.setPen(QColor(0x88, 0x90, 0x9c))
        p.drawText(inner, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
                   f"{self.card.seconds:.1f} s · no take yet")


class CardBackend(PlayerBackend):
    """The clock of a card: plays, pauses, seeks and ends like a clip of `card.seconds`."""

    name = "card"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._view = CardView()
        self._card: Card | None = None
        self._base_ms = 0.0  # position when the clock last started or was set
        self._started: float | None = None  # monotonic seconds while running
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    @property
    def card(self) -> Card | None:
        return self._card

    def show(self, card: Card, aspect: float = 16 / 9) -> None:
        self._timer.stop()
        self._card, self._base_ms, self._started = card, 0.0, None
        self._path = None
        self._view.show_card(card, aspect)
        self._set_state("paused")
        self.duration_changed.emit(self.duration_ms)
        self.position_changed.emit(0)

    # -- PlayerBackend ---------------------------------------------------------------------
    def load(self, path) -> None:
        raise TypeError("a card has no file; use show(card)")

    def play(self) -> None:
        if self._card is None or self._state == "playing":
            return
        if self._base_ms >= self.duration_ms:
            self._base_ms = 0.0
        self._started = time.monotonic()
        self._set_state("playing")
        self._timer.start()

    def pause(self) -> None:
        if self._card is None:
            return
        self._base_ms = float(self.position_ms)
        self._started = None
        self._timer.stop()
        self._set_state("paused")

    def stop(self) -> None:
        self._timer.stop()
        self._base_ms, self._started = 0.0, None
        self._set_state("stopped")
        self.position_changed.emit(0)

    def seek(self, ms: int) -> None:
        self._base_ms = float(max(0, min(int(ms), self.duration_ms)))
        if self._started is not None:
            self._started = time.monotonic()
        self.position_changed.emit(int(self._base_ms))

    @property
    def position_ms(self) -> int:
        ms = self._base_ms
        if self._started is not None:
            ms += (time.monotonic() - self._started) * 1000.0 * self._rate
        return int(min(ms, self.duration_ms))

    @property
    def duration_ms(self) -> int:
        return int(round(self._card.seconds * 1000)) if self._card else 0

    @property
    def fps(self) -> float:
        return FPS

    def step_frame(self, frames: int = 1) -> None:
        self.pause()
        self.seek(self.position_ms + int(frames * 1000 / FPS))

    @property
    def path(self):
        return None

    def set_rate(self, rate: float) -> None:
        self._base_ms = float(self.position_ms)
        if self._started is not None:
            self._started = time.monotonic()
        self._rate = self.clamp_rate(rate)

    def set_volume(self, volume: int) -> None:
        self._volume = volume

    def set_muted(self, muted: bool) -> None:
        self._muted = muted

    def video_widget(self) -> QWidget:
        return self._view

    def shutdown(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        ms = self.position_ms
        self.position_changed.emit(ms)
        if ms >= self.duration_ms:
            self._timer.stop()
            self._base_ms, self._started = float(self.duration_ms), None
            self._set_state("stopped")
            self.finished.emit()

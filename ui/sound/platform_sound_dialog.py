"""Generate → Music or Sound Effects… and Generate → Narration (Text to Speech)…: a clip made
on the studio platform, placed at the playhead or under the selected shot on a chosen track.

The price is worked out as the user types (8 credits per 30 s of music; 6 credits a minute of
speech, from the text's length at the chosen speed) and shown before anything is sent. The
voice picker is filled from the platform's own list (/api/tts/voices) once it answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

TITLES = {"music": "Music or Sound Effects", "speech": "Narration (Text to Speech)"}


class PlatformSoundDialog(QDialog):
    sound_requested = Signal(dict)  # the values (see values())

    def __init__(self, mode: str, tracks: list[str], default_track: str, playhead: float,
                 shot: tuple[str, float] | None, price: Callable[[dict[str, Any]], str],
                 parent: QWidget | None = None) -> None:
        """`shot`: (its label, its start) when one is selected; `price(values)` the cost
        line for what is filled in (or why it cannot be priced)."""
        super().__init__(parent)
        self.mode = mode
        self._price = price
        self.setWindowTitle(TITLES[mode])
        self.setMinimumWidth(480)
        form = QFormLayout()
        if mode == "music":
            self.prompt = QPlainTextEdit()
            self.prompt.setPlaceholderText("e.g. warm ambient piano, slow, hopeful")
            self.prompt.setFixedHeight(60)
            self.seconds = QDoubleSpinBox()
            self.seconds.setRange(1, 240)
            self.seconds.setDecimals(1)
            self.seconds.setValue(30)
            self.seconds.setSuffix(" s")
            self.tags = QLineEdit()
            self.tags.setPlaceholderText("ambient, piano (optional)")
            form.addRow("Describe it", self.prompt)
            form.addRow("Length", self.seconds)
            form.addRow("Tags", self.tags)
            self.seconds.valueChanged.connect(self._sync)
        else:
            self.prompt = QPlainTextEdit()
            self.prompt.setPlaceholderText("What the narrator says")
            self.prompt.setFixedHeight(90)
            self.voice = QComboBox()
            self.voice.addItem("Asking the platform for its voices…", None)
            self.voice.setEnabled(False)
            self.speed = QDoubleSpinBox()
            self.speed.setRange(0.5, 2.0)
            self.speed.setSingleStep(0.1)
            self.speed.setValue(1.0)
            self.speed.setSuffix(" ×")
            form.addRow("Text", self.prompt)
            form.addRow("Voice", self.voice)
            form.addRow("Speed", self.speed)
            self.speed.valueChanged.connect(self._sync)
            self.voice.currentIndexChanged.connect(self._sync)
        self.prompt.textChanged.connect(self._sync)

        self.track = QComboBox()
        self.track.addItems(tracks)
        if default_track in tracks:
            self.track.setCurrentText(default_track)
        form.addRow("Track", self.track)
        self.where = QButtonGroup(self)
        self.at_playhead = QRadioButton(f"At the playhead ({playhead:.2f} s)")
        self.under_shot = QRadioButton(f"Under the selected shot ({shot[0]}, {shot[1]:.2f} s)"
                                       if shot else "Under the selected shot (none selected)")
        self.under_shot.setEnabled(shot is not None)
        for b in (self.at_playhead, self.under_shot):
            self.where.addButton(b)
        (self.under_shot if shot else self.at_playhead).setChecked(True)
        place = QVBoxLayout()
        place.addWidget(self.at_playhead)
        place.addWidget(self.under_shot)
        form.addRow("Place it", place)

        self.cost = QLabel()
        self.cost.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.queue_button = self.buttons.addButton("Queue", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.cost)
        layout.addWidget(self.buttons)
        self._sync()

    # -- voices ---------------------------------------------------------------------------
    def set_voices(self, voices: list[tuple[str, str]]) -> None:
        self.voice.clear()
        for vid, description in voices:
            self.voice.addItem(f"{description} ({vid})", vid)
        self.voice.setEnabled(bool(voices))
        if not voices:
            self.voice.addItem("The platform lists no voices", None)
        self._sync()

    def voices_failed(self, why: str) -> None:
        self.voice.clear()
        self.voice.addItem("Voices unavailable", None)
        self.voice.setToolTip(why)
        self.cost.setText(why)
        self.queue_button.setEnabled(False)

    # -- values ---------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.prompt.toPlainText().strip(),
                               "track": self.track.currentText(),
                               "under_shot": self.under_shot.isChecked()}
        if self.mode == "music":
            out.update(seconds=self.seconds.value(), tags=self.tags.text().strip())
        else:
            out.update(voice=self.voice.currentData(), speed=round(self.speed.value(), 2))
        return out

    def problem(self) -> str:
        values = self.values()
        if not values["text"]:
            return "Describe the sound first." if self.mode == "music" else "Type the text first."
        if self.mode == "speech" and not values["voice"]:
            return "Choose a voice (the platform's list has not arrived)."
        return ""

    def _sync(self, *_args) -> None:
        problem = self.problem()
        self.cost.setText(problem or f"Cost: {self._price(self.values())}")
        self.queue_button.setEnabled(not problem)

    def _accept(self) -> None:
        if self.problem():
            self._sync()
            return
        self.sound_requested.emit(self.values())
        self.accept()

"""An audio clip's properties: where it starts in the film, which part of its file plays,
its volume (in dB, as editors show it) and its fades. OK makes one undoable change."""

from __future__ import annotations

import math

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.domain.soundtrack import MAX_GAIN, AudioClip
from app.services.commands.sound import UpdateAudioClip

MIN_DB = -60.0


def gain_to_db(gain: float) -> float:
    return MIN_DB if gain <= 0 else max(MIN_DB, 20 * math.log10(gain))


def db_to_gain(db: float) -> float:
    return 0.0 if db <= MIN_DB else min(MAX_GAIN, 10 ** (db / 20))


def _seconds(parent: QWidget, value: float, top: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox(parent)
    box.setDecimals(3)
    box.setRange(0.0, top)
    box.setSingleStep(0.1)
    box.setSuffix(" s")
    box.setValue(value)
    return box


class AudioClipDialog(QDialog):
    def __init__(self, clip: AudioClip, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clip = clip
        self.setWindowTitle(f"Audio clip — {clip.name or 'audio'}")
        full = clip.media_duration or 24 * 3600.0
        self.start = _seconds(self, clip.start, 24 * 3600.0)
        self.src_in = _seconds(self, clip.src_in, full)
        self.src_out = _seconds(self, clip.src_out if clip.src_out is not None else full, full)
        self.volume = QDoubleSpinBox(self)
        self.volume.setRange(MIN_DB, round(gain_to_db(MAX_GAIN), 1))
        self.volume.setDecimals(1)
        self.volume.setSuffix(" dB")
        self.volume.setSpecialValueText("silent")
        self.volume.setValue(round(gain_to_db(clip.volume), 1))
        self.fade_in = _seconds(self, clip.fade_in, full)
        self.fade_out = _seconds(self, clip.fade_out, full)
        form = QFormLayout()
        form.addRow("Starts in the film at", self.start)
        form.addRow("Plays the file from", self.src_in)
        form.addRow("to", self.src_out)
        form.addRow("Volume", self.volume)
        form.addRow("Fade in", self.fade_in)
        form.addRow("Fade out", self.fade_out)
        self.message = QLabel("", self)
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, parent=self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def changes(self) -> dict:
        clip = self.clip
        out = self.src_out.value()
        full = clip.media_duration
        wanted = {
            "start": round(self.start.value(), 3),
            "src_in": round(self.src_in.value(), 3),
            "src_out": None if full and out >= full - 1e-3 else round(out, 3),
            "volume": round(db_to_gain(self.volume.value()), 4),
            "fade_in": round(self.fade_in.value(), 3),
            "fade_out": round(self.fade_out.value(), 3),
        }
        if abs(gain_to_db(clip.volume) - self.volume.value()) < 0.05:
            wanted["volume"] = clip.volume  # untouched: no rounding drift
        return {k: v for k, v in wanted.items() if v != getattr(clip, k)}

    def command(self) -> UpdateAudioClip | None:
        """The edit, or None when nothing changed; ValueError in words for impossible values."""
        changes = self.changes()
        return UpdateAudioClip(self.clip, **changes) if changes else None

    def accept(self) -> None:
        try:
            self.command()
        except ValueError as exc:
            from app.validation_text import user_text

            self.message.setText(user_text(exc))
            return
        super().accept()

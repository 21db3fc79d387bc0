"""Generate → Subtitles from the Platform…: Whisper subtitles of the selected shot's take or of
the whole film (exported as a preview and uploaded), 5 credits; a translation of the
platform's newest subtitles (Pro plan and above, 5 credits) onto a track of their own; or the
shot's subtitles burned into a new take in one of the platform's styles."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

ACTIONS = {
    "generate": "Generate subtitles (Whisper, 5 credits)",
    "translate": "Translate the platform's subtitles (Pro plan and above, 5 credits)",
    "burn": "Burn the shot's subtitles into a new take",
}
STYLES = {"default": "Default", "bold-yellow": "Bold yellow", "minimal": "Minimal"}
PRICES = {"generate": "5 credits (published price, flat)",
          "translate": "5 credits (published price, flat); needs the Pro plan or higher",
          "burn": "billed by the service (the platform publishes no price for burning)"}


def _language_field(text: str) -> QLineEdit:
    field = QLineEdit(text)
    field.setValidator(QRegularExpressionValidator(
        QRegularExpression(r"[a-z]{2,3}(-[A-Za-z]{2,4})?"), field))
    field.setPlaceholderText("ISO 639-1, e.g. en")
    field.setMaximumWidth(120)
    return field


class SubtitlesDialog(QDialog):
    subtitles_requested = Signal(str, dict)  # action, values

    def __init__(self, shot: str | None, parent: QWidget | None = None) -> None:
        """`shot`: the selected shot's label, or None."""
        super().__init__(parent)
        self.setWindowTitle("Subtitles from the Platform")
        self.setMinimumWidth(500)
        self.action_group = QButtonGroup(self)
        self.action_buttons: dict[str, QRadioButton] = {}
        actions = QVBoxLayout()
        for key, label in ACTIONS.items():
            b = QRadioButton(label)
            self.action_group.addButton(b)
            self.action_buttons[key] = b
            actions.addWidget(b)
        self.action_buttons["generate"].setChecked(True)
        self.action_buttons["burn"].setEnabled(shot is not None)
        self.source = QButtonGroup(self)
        self.of_shot = QRadioButton(f"The take of {shot}" if shot else "A shot (none selected)")
        self.of_shot.setEnabled(shot is not None)
        self.of_film = QRadioButton("The whole film (exported as a preview and uploaded)")
        for b in (self.of_shot, self.of_film):
            self.source.addButton(b)
        (self.of_shot if shot else self.of_film).setChecked(True)
        source = QVBoxLayout()
        source.addWidget(self.of_shot)
        source.addWidget(self.of_film)
        self.language = _language_field("en")
        self.target = _language_field("fr")
        self.style = QComboBox()
        for value, name in STYLES.items():
            self.style.addItem(name, value)
        form = QFormLayout()
        form.addRow("Do", actions)
        form.addRow("Of", source)
        form.addRow("Spoken language", self.language)
        form.addRow("Translate into", self.target)
        form.addRow("Burn style", self.style)
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
        self.action_group.buttonToggled.connect(lambda *_: self._sync())
        for f in (self.language, self.target):
            f.textChanged.connect(lambda *_: self._sync())
        self._sync()

    def action(self) -> str:
        return next(k for k, b in self.action_buttons.items() if b.isChecked())

    def values(self) -> dict[str, Any]:
        return {"film": self.of_film.isChecked(), "language": self.language.text(),
                "to": self.target.text(), "style": self.style.currentData()}

    def _sync(self) -> None:
        action = self.action()
        for w, on in ((self.language, action == "generate"), (self.target, action == "translate"),
                      (self.style, action == "burn")):
            w.setEnabled(on)
        self.of_film.setEnabled(action == "generate")
        field = {"generate": self.language, "translate": self.target}.get(action)
        ok = field is None or field.hasAcceptableInput()
        self.cost.setText(f"Cost: {PRICES[action]}" if ok
                          else "Give the language as a code, e.g. en, fr, de.")
        self.queue_button.setEnabled(ok)

    def _accept(self) -> None:
        self.subtitles_requested.emit(self.action(), self.values())
        self.accept()

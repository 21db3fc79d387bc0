"""Shot → Describe Take… and File → Describe Film…: audio description by ViddyScribe.

The user chooses what comes back (text onto the Audio description subtitle track, a narration
clip on the Audio description audio track, or a narrated video as a new take — for the film,
a narrated film saved beside the project), the language and category from the service's own
lists (type to search), standard or extended description, the voice, custom instructions and
whether on-screen text is read. Nothing is sent from here: `chosen()` is what the wiring
queues, priced and confirmed like every paid job."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.services.describe_vocabulary import (
    AD_TYPE_NAMES,
    TEXT_FORMATS,
    categories,
    languages,
)
from ui.sound.picker import SearchablePicker

PRICE_NOTE = ("ViddyScribe bills this against your plan's allocation; it publishes no "
              "per-job price. The job is queued like every paid job.")


class DescribeDialog(QDialog):
    describe_requested = Signal(str, dict)  # kind, options

    def __init__(self, subject: str, *, film: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.film = film
        self.setWindowTitle("Describe Film" if film else "Describe Take")
        self.setMinimumWidth(520)
        head = QLabel(f"Audio description of {subject}, by ViddyScribe."
                      + (" The cut is exported as a preview first, then uploaded." if film
                         else ""))
        head.setWordWrap(True)

        self.kinds = QButtonGroup(self)
        self.kind_buttons: dict[str, QRadioButton] = {}
        kind_box = QVBoxLayout()
        video_label = ("Narrated film — saved beside the project" if film
                       else "Narrated video — a new take of this shot")
        for kind, label in (("text", "Text — onto the Audio description subtitle track"),
                            ("audio", "Audio — a clip on the Audio description track, in film "
                                      "time"),
                            ("video", video_label)):
            button = QRadioButton(label)
            self.kinds.addButton(button)
            self.kind_buttons[kind] = button
            kind_box.addWidget(button)
        self.kind_buttons["text"].setChecked(True)

        self.format = QComboBox()
        for value, name in TEXT_FORMATS.items():
            self.format.addItem(name, value)
        self.language = SearchablePicker(languages(), "en-US")
        self.language.setToolTip("Type to search the 52 languages ViddyScribe narrates")
        self.category = SearchablePicker(categories(), "auto")
        self.category.setToolTip("Type to search the 14 video categories")
        self.ad_type = QButtonGroup(self)
        ad_row = QHBoxLayout()
        self.ad_buttons: dict[str, QRadioButton] = {}
        for value, name in AD_TYPE_NAMES.items():
            button = QRadioButton(name)
            button.setToolTip("Extended pauses the video for longer descriptions"
                              if value == "extended_ad" else "Descriptions fit the gaps")
            self.ad_type.addButton(button)
            self.ad_buttons[value] = button
            ad_row.addWidget(button)
        ad_row.addStretch(1)
        self.ad_buttons["standard_ad"].setChecked(True)
        self.voice = QLineEdit()
        self.voice.setPlaceholderText("the service's default voice")
        self.instructions = QPlainTextEdit()
        self.instructions.setPlaceholderText("e.g. Name the fox “Vera”; keep it brief.")
        self.instructions.setFixedHeight(64)
        self.read_text = QCheckBox("Read on-screen text aloud")

        form = QFormLayout()
        form.addRow("Output", kind_box)
        form.addRow("Text format", self.format)
        form.addRow("Language", self.language)
        form.addRow("Category", self.category)
        form.addRow("Description", ad_row)
        form.addRow("Voice", self.voice)
        form.addRow("Custom instructions", self.instructions)
        form.addRow("", self.read_text)

        self.price = QLabel(PRICE_NOTE)
        self.price.setWordWrap(True)
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #e0a040;")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.queue_button = self.buttons.addButton("Queue Description",
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addLayout(form)
        layout.addWidget(self.price)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.kinds.buttonToggled.connect(lambda *_: self._sync())
        self.language.currentTextChanged.connect(lambda *_: self._sync())
        self.category.currentTextChanged.connect(lambda *_: self._sync())
        self._sync()

    # -- state ------------------------------------------------------------------------------
    def kind(self) -> str:
        return next(k for k, b in self.kind_buttons.items() if b.isChecked())

    def set_kind(self, kind: str) -> None:
        self.kind_buttons[kind].setChecked(True)

    def options(self) -> dict[str, Any]:
        """generation_config as ViddyScribe takes it (names the adapter checks again)."""
        opts: dict[str, Any] = {
            "language": self.language.value(),
            "category": self.category.value(),
            "ad_type": next(v for v, b in self.ad_buttons.items() if b.isChecked()),
            "read_all_onscreen_text": self.read_text.isChecked(),
        }
        kind = self.kind()
        opts["format"] = self.format.currentData() if kind == "text" else "json"
        if kind != "text" and self.voice.text().strip():
            opts["voice"] = self.voice.text().strip()
        text = self.instructions.toPlainText().strip()
        if text:
            opts["custom_instructions"] = text
        return opts

    def problem_text(self) -> str:
        if self.language.value() is None:
            return f"“{self.language.currentText()}” is not one of ViddyScribe's languages."
        if self.category.value() is None:
            return f"“{self.category.currentText()}” is not one of ViddyScribe's categories."
        if len(self.instructions.toPlainText()) > 4000:
            return "Custom instructions: at most 4000 characters."
        return ""

    def _sync(self) -> None:
        kind = self.kind()
        self.format.setEnabled(kind == "text")
        self.voice.setEnabled(kind != "text")
        problem = self.problem_text()
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        self.queue_button.setEnabled(not problem)

    def _accept(self) -> None:
        self._sync()
        if self.problem_text():
            return
        self.describe_requested.emit(self.kind(), self.options())
        self.accept()

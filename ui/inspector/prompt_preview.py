"""The exact prompt the chosen model will receive, its length against the model's limit, and
what to fix before sending.

The frame has one height whatever it says: the warnings and the image-input line share a fixed
strip that scrolls when it holds more, so a warning appearing never moves the fields below."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout

from app.services.prompting import ComposedPrompt
from ui.inspector.fixed_strip import fixed_strip
from ui.theme import colour, set_tone


class PromptPreview(QFrame):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("promptPreview")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.heading = QLabel("Sent to the model")
        self.heading.setStyleSheet("font-weight: 600;")
        self.count = QLabel("")
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setFrameShape(QFrame.Shape.NoFrame)
        self.text.setPlaceholderText("The final prompt appears here as you type.")
        self.text.viewport().setAutoFillBackground(False)
        lines = QFontMetricsF(self.text.font()).lineSpacing()
        self.text.setFixedHeight(int(lines * 3 + 10))
        self.warnings = QLabel("")
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.RichText)
        self.warnings.hide()
        self.images = QLabel("")
        self.images.setWordWrap(True)
        set_tone(self.images, "muted")
        self.images.hide()
        self.ready = QLabel("Nothing to fix before sending.")
        set_tone(self.ready, "muted")
        self.notes = fixed_strip([self.ready, self.images, self.warnings], 2)

        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.text)
        layout.addWidget(self.notes)
        self.result: ComposedPrompt | None = None

    def show_result(self, result: ComposedPrompt, model_label: str = "") -> None:
        self.result = result
        if self.text.toPlainText() != result.text:
            self.text.setPlainText(result.text)
        self.heading.setText(f"Sent to {model_label}" if model_label else "Sent to the model")
        self.count.setText(result.count_text())
        set_tone(self.count, "error" if result.over_limit else "muted")
        font = self.count.font()
        font.setBold(result.over_limit)
        self.count.setFont(font)
        names = ", ".join(Path(p).name for p in result.reference_images)
        self.images.setText(f"Image input: {names}" if names else "")
        self.images.setVisible(bool(names))
        if result.warnings:
            items = "".join(
                f"<div style='margin-top:2px'>⚠ {html.escape(w.message)}</div>"
                for w in result.warnings)
            self.warnings.setText(f"<div style='color:{colour('warning').name()}'>{items}</div>")
            self.warnings.show()
        else:
            self.warnings.clear()
            self.warnings.hide()
        self.ready.setVisible(not names and not result.warnings)

    def final_text(self) -> str:
        return self.text.toPlainText()

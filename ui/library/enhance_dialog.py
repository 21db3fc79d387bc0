"""Shot → Enhance Prompt: the studio platform suggests a richer prompt for the current shot;
the shot changes only when the user accepts (one undoable edit), and the suggestion can be
touched up first."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from app.services.commands import UpdateShot
from app.services.prompt_tools import PromptTools
from app.services.studio import Studio
from ui.library.tasks import Tasks
from ui.library.templates_dialog import ERROR_STYLE, OK_STYLE
from ui.theme import set_tone
from ui.undo import UndoController


class EnhanceDialog(QDialog):
    def __init__(self, studio: Studio, undo: UndoController, shot_id: str, parent=None) -> None:
        super().__init__(parent)
        assert undo.doc is not None
        self.studio, self.undo, self.doc, self.shot_id = studio, undo, undo.doc, shot_id
        self.tasks = Tasks()
        shot = self.doc.shots.get(shot_id)
        self.setWindowTitle(f"Enhance prompt — {shot.title or 'shot'}")
        self.original = QPlainTextEdit(shot.prompt)
        self.original.setReadOnly(True)
        self.original.setMaximumHeight(90)
        self.suggestion = QPlainTextEdit()
        self.suggestion.setPlaceholderText("Waiting for the studio platform…")
        self.suggestion.textChanged.connect(self._changed)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.accept_btn = QPushButton("Use this prompt")
        self.accept_btn.setEnabled(False)
        self.accept_btn.clicked.connect(self.use_suggestion)
        self.retry_btn = QPushButton("Ask again")
        self.retry_btn.clicked.connect(self.start)
        self.retry_btn.setAutoDefault(False)
        self.accept_btn.setDefault(True)  # Enter takes the suggestion
        keep = QPushButton("Keep mine")
        keep.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.retry_btn)
        buttons.addStretch(1)
        buttons.addWidget(self.accept_btn)
        buttons.addWidget(keep)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Current prompt</b>"))
        layout.addWidget(self.original)
        layout.addWidget(QLabel("<b>Suggested by the studio platform</b> (you can edit it)"))
        layout.addWidget(self.suggestion, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(620, 420)

    def _changed(self) -> None:
        self.accept_btn.setEnabled(bool(self.suggestion.toPlainText().strip())
                                   and not self.tasks.busy)

    def start(self):
        prompt = self.original.toPlainText()

        async def run() -> str:
            async with PromptTools.connect(self.studio) as tools:
                return await tools.enhance(prompt)

        def done(text: str) -> None:
            self.retry_btn.setEnabled(True)
            self.suggestion.setPlainText(text)
            set_tone(self.status, OK_STYLE)
            self.status.setText("Review the suggestion; the shot changes only if you use it.")
            self._changed()

        def failed(text: str) -> None:
            self.retry_btn.setEnabled(True)
            set_tone(self.status, ERROR_STYLE)
            self.status.setText(text)
            self._changed()

        self.retry_btn.setEnabled(False)
        self.accept_btn.setEnabled(False)
        set_tone(self.status, OK_STYLE)
        self.status.setText("Asking the studio platform…")
        return self.tasks.start(run(), done, failed)

    def use_suggestion(self) -> None:
        text = self.suggestion.toPlainText().strip()
        if text and text != self.doc.shots.get(self.shot_id).prompt:
            cmd = UpdateShot(self.doc, self.shot_id, prompt=text)
            cmd.merge_key = None  # its own undo step, not merged into typing that follows
            self.undo.push(cmd)
        self.accept()

    def done(self, result: int) -> None:
        self.tasks.cancel_all()
        super().done(result)

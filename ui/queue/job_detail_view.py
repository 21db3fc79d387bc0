"""The Queue's job detail pane: the one selected job's service, state and prompt, and — while
an agent works — its live answer and reasoning summary, bound to app.services.queue.job_detail
(the Qt-free model). Hidden when no single job is selected."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QFrame, QLabel, QPlainTextEdit, QVBoxLayout

from app.services.queue.job_detail import JobDetail
from ui.theme import set_tone


class JobDetailView(QFrame):
    def __init__(self, detail: JobDetail, parent=None) -> None:
        super().__init__(parent)
        self.detail = detail
        self.setObjectName("jobDetail")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.title.setObjectName("jobDetailTitle")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        set_tone(self.prompt, "muted")
        self.answer_label = QLabel("Agent's answer so far")
        self.answer = QPlainTextEdit()
        self.answer.setReadOnly(True)
        self.answer.setMaximumHeight(110)
        self.reasoning_label = QLabel("Its reasoning")
        self.reasoning = QPlainTextEdit()
        self.reasoning.setReadOnly(True)
        self.reasoning.setMaximumHeight(70)
        col = QVBoxLayout(self)
        col.setContentsMargins(6, 4, 6, 4)
        col.setSpacing(2)
        for w in (self.title, self.status, self.prompt, self.answer_label, self.answer,
                  self.reasoning_label, self.reasoning):
            col.addWidget(w)
        detail.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        d = self.detail
        self.setVisible(d.job is not None)
        if d.job is None:
            return
        self.title.setText(f"<b>{d.title}</b>")
        self.status.setText(d.status)
        set_tone(self.status, "error" if d.job.last_error and d.job.state.finished
                 else "normal")
        self.prompt.setText(d.prompt[:300])
        self.prompt.setVisible(bool(d.prompt))
        for label, box, text in ((self.answer_label, self.answer, d.answer),
                                 (self.reasoning_label, self.reasoning, d.reasoning)):
            label.setVisible(bool(text))
            box.setVisible(bool(text))
            if box.toPlainText() != text:
                box.setPlainText(text)
                box.moveCursor(QTextCursor.MoveOperation.End)  # follow the stream

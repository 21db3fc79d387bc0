"""Shot inspector: the selected shot's fields. Every change is an undoable command; typing in a
field merges into one undo step per field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain import CameraMove, Shot, ShotType, Transition
from app.services.commands import UpdateShot
from app.services.project_document import ProjectDocument
from ui.undo import UndoController


def _label(value: str) -> str:
    return value[:1].upper() + value[1:] if value else "—"


class ShotInspector(QWidget):
    def __init__(self, undo: UndoController, parent=None) -> None:
        super().__init__(parent)
        self.undo = undo
        self.doc: ProjectDocument | None = None
        self.shot_id: str | None = None
        self._loading = False

        self.title = QLineEdit()
        self.title.setPlaceholderText("Shot title")
        self.prompt = QPlainTextEdit()
        self.prompt.setPlaceholderText("Describe what the camera sees: subject, action, place, "
                                       "light. Use @Name for characters, props and locations.")
        self.negative = QPlainTextEdit()
        self.negative.setPlaceholderText("What to avoid (optional)")
        self.negative.setMaximumHeight(60)
        self.duration = QDoubleSpinBox()
        self.duration.setRange(0.1, 600)
        self.duration.setDecimals(1)
        self.duration.setSuffix(" s")
        self.shot_type = self._combo(ShotType)
        self.camera_move = self._combo(CameraMove)
        self.transition = self._combo(Transition)
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Notes for yourself or the team")
        self.notes.setMaximumHeight(60)

        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("Prompt", self.prompt)
        form.addRow("Negative", self.negative)
        form.addRow("Duration", self.duration)
        form.addRow("Shot type", self.shot_type)
        form.addRow("Camera", self.camera_move)
        form.addRow("Transition", self.transition)
        form.addRow("Notes", self.notes)
        editor = QWidget()
        editor.setLayout(form)

        self.empty = QLabel("Select a shot in the timeline to edit its prompt, duration, "
                            "camera and takes.")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName("emptyState")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(editor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.stack)

        self.title.textEdited.connect(lambda t: self._edit(title=t))
        self.prompt.textChanged.connect(lambda: self._edit(prompt=self.prompt.toPlainText()))
        self.negative.textChanged.connect(
            lambda: self._edit(negative_prompt=self.negative.toPlainText()))
        self.notes.textChanged.connect(lambda: self._edit(notes=self.notes.toPlainText()))
        self.duration.valueChanged.connect(lambda v: self._edit(duration=round(v, 3)))
        self.shot_type.currentIndexChanged.connect(
            lambda: self._edit(shot_type=self.shot_type.currentData()))
        self.camera_move.currentIndexChanged.connect(
            lambda: self._edit(camera_move=self.camera_move.currentData()))
        self.transition.currentIndexChanged.connect(
            lambda: self._edit(transition=self.transition.currentData()))

    @staticmethod
    def _combo(enum) -> QComboBox:
        box = QComboBox()
        for member in enum:
            box.addItem(_label(member.value), member)
        return box

    def set_document(self, doc: ProjectDocument | None) -> None:
        if self.doc is not None:
            self.doc.shots.changed.disconnect(self._shot_changed)
        self.doc = doc
        if doc is not None:
            doc.shots.changed.connect(self._shot_changed)
        self.show_shot(None)

    def show_shot(self, shot_id: str | None) -> None:
        self.shot_id = shot_id
        if self.doc is None or shot_id is None:
            self.stack.setCurrentWidget(self.empty)
            return
        self.stack.setCurrentIndex(1)
        self._load(self.doc.shots.get(shot_id))

    def _shot_changed(self, row: int) -> None:
        shot = self.doc.shots[row]
        if shot.id == self.shot_id:
            self._load(shot)

    def _load(self, shot: Shot) -> None:
        """Show the shot's values without turning them into new edits; keep the cursor where
        the user is typing when the change came from their own keystroke."""
        self._loading = True
        try:
            if self.title.text() != shot.title:
                self.title.setText(shot.title)
            for box, value in ((self.prompt, shot.prompt), (self.negative, shot.negative_prompt),
                               (self.notes, shot.notes)):
                if box.toPlainText() != value:
                    box.setPlainText(value)
            if abs(self.duration.value() - shot.duration) > 1e-6:
                self.duration.setValue(shot.duration)
            for box, value in ((self.shot_type, shot.shot_type),
                               (self.camera_move, shot.camera_move),
                               (self.transition, shot.transition)):
                box.setCurrentIndex(max(0, box.findData(value)))
        finally:
            self._loading = False

    def _edit(self, **changes) -> None:
        if self._loading or self.doc is None or self.shot_id is None:
            return
        shot = self.doc.shots.get(self.shot_id)
        if all(getattr(shot, k) == v for k, v in changes.items()):
            return
        self.undo.push(UpdateShot(self.doc, self.shot_id, **changes))

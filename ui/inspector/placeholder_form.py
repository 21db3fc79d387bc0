"""One line edit per `{placeholder}` in the shot's prompt, editing `shot.template_values`.

The form keeps one height whatever the prompt holds (it scrolls inside past two rows, and says
how to add a placeholder when there is none), so typing a `{` never moves the preview or the
fields under it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.inspector.form_label import form_label
from ui.theme import set_tone

EMPTY_TEXT = ("Placeholder values: none in this prompt. Type { to add a {placeholder}; its "
              "value is filled in here.")
ROWS = 2  # rows shown before the form scrolls


class PlaceholderForm(QFrame):
    value_edited = Signal(str, str)  # placeholder name, new value

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("placeholderForm")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.hint = QLabel(EMPTY_TEXT)
        self.hint.setWordWrap(True)
        set_tone(self.hint, "muted")
        rows = QWidget()
        self.form = QFormLayout(rows)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setVerticalSpacing(4)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(rows)
        self.scroll.hide()
        row_height = QLineEdit().sizeHint().height() + self.form.verticalSpacing()
        height = max(row_height * ROWS, int(QFontMetricsF(self.font()).lineSpacing() * 2 + 4))
        self.scroll.setFixedHeight(height)
        self.hint.setFixedHeight(height)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        layout.addWidget(self.hint)
        layout.addWidget(self.scroll)
        self.fields: dict[str, QLineEdit] = {}

    def show_placeholders(self, names: Sequence[str], values: Mapping[str, str]) -> None:
        """Rebuild only when the set of placeholders changed, so typing in one field keeps its
        focus and cursor while the shot reloads."""
        if list(names) != list(self.fields):
            while self.form.rowCount():
                self.form.removeRow(0)
            self.fields = {}
            for name in names:
                edit = QLineEdit()
                edit.setPlaceholderText(f"value for {{{name}}}")
                edit.textEdited.connect(lambda text, n=name: self.value_edited.emit(n, text))
                self.form.addRow(form_label(name.replace("_", " ")), edit)
                self.fields[name] = edit
        for name, edit in self.fields.items():
            value = values.get(name, "")
            if edit.text() != value:
                edit.setText(value)
        self.scroll.setVisible(bool(self.fields))
        self.hint.setVisible(not self.fields)

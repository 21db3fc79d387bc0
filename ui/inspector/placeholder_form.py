"""One line edit per `{placeholder}` in the shot's prompt, editing `shot.template_values`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLineEdit


class PlaceholderForm(QGroupBox):
    value_edited = Signal(str, str)  # placeholder name, new value

    def __init__(self, parent=None) -> None:
        super().__init__("Placeholder values", parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(8, 6, 8, 6)
        self.fields: dict[str, QLineEdit] = {}
        self.hide()

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
                self.form.addRow(name.replace("_", " "), edit)
                self.fields[name] = edit
        for name, edit in self.fields.items():
            value = values.get(name, "")
            if edit.text() != value:
                edit.setText(value)
        self.setVisible(bool(self.fields))

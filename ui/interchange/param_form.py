"""A form for a tool's pydantic parameter model: a spin box per number (with the model's own
bounds), a combo per choice, a line edit per text, a file chooser per image. The model stays
the one place that says what is allowed; the form only makes it easy to give."""

from __future__ import annotations

from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from ui.file_places import file_dialog

IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.webp)"


def _bounds(field, default_low: float, default_high: float) -> tuple[float, float]:
    low, high = default_low, default_high
    for m in field.metadata:
        for name in ("ge", "gt"):
            if getattr(m, name, None) is not None:
                low = getattr(m, name)
        for name in ("le", "lt"):
            if getattr(m, name, None) is not None:
                high = getattr(m, name)
    return low, high


class _FileField(QWidget):
    changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Choose a PNG, JPEG or WebP image (max 10 MB)")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(browse)
        self.edit.textChanged.connect(self.changed)
        self._dialog: QFileDialog | None = None

    def _browse(self) -> None:
        self._dialog = file_dialog(self, "Choose an image", "image", IMAGE_FILTER)
        self._dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        self._dialog.fileSelected.connect(self.edit.setText)
        self._dialog.open()

    def text(self) -> str:
        return self.edit.text().strip()


class ParamForm(QWidget):
    changed = Signal()

    def __init__(self, model: type[BaseModel], skip: tuple[str, ...] = (), parent=None) -> None:
        super().__init__(parent)
        self.widgets: dict[str, QWidget] = {}
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for name, field in model.model_fields.items():
            if name in skip:
                continue
            widget = self._widget(name, field)
            self.widgets[name] = widget
            layout.addRow(field.description or name.replace("_", " ").capitalize(), widget)

    def _widget(self, name: str, field) -> QWidget:
        ann, default = field.annotation, field.default
        if get_origin(ann) is Literal:
            combo = QComboBox()
            combo.addItems([str(a) for a in get_args(ann)])
            combo.setCurrentText(str(default))
            combo.currentTextChanged.connect(self.changed)
            return combo
        if ann is int:
            spin = QSpinBox()
            low, high = _bounds(field, 0, 100_000)
            spin.setRange(int(low), int(high))
            spin.setValue(int(default))
            spin.valueChanged.connect(self.changed)
            return spin
        if ann is float:
            dspin = QDoubleSpinBox()
            low, high = _bounds(field, 0.0, 3600.0)
            dspin.setDecimals(2)
            dspin.setSingleStep(0.25)
            dspin.setRange(float(low), float(high))
            dspin.setValue(float(default))
            dspin.valueChanged.connect(self.changed)
            return dspin
        if "image" in name:
            chooser = _FileField()
            chooser.changed.connect(self.changed)
            return chooser
        edit = QLineEdit(str(default or ""))
        edit.textChanged.connect(self.changed)
        return edit

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, w in self.widgets.items():
            if isinstance(w, QComboBox):
                out[name] = w.currentText()
            elif isinstance(w, (QSpinBox, QDoubleSpinBox)):
                out[name] = w.value()
            elif isinstance(w, _FileField):
                out[name] = w.text()
            elif isinstance(w, QLineEdit):
                out[name] = w.text()
        return out

    def set_value(self, name: str, value: Any) -> None:
        w = self.widgets[name]
        if isinstance(w, QComboBox):
            w.setCurrentText(str(value))
        elif isinstance(w, (QSpinBox, QDoubleSpinBox)):
            w.setValue(value)
        elif isinstance(w, _FileField):
            w.edit.setText(str(value))
        elif isinstance(w, QLineEdit):
            w.setText(str(value))

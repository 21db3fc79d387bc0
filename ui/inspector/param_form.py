"""A model's parameters as a form, generated from its pydantic model (see param_fields):
numbers → spin boxes within the model's bounds, choices → combos, booleans → check boxes, text
→ line edits; an optional value can be left at "Default". Every edit is checked against the
model before it is offered: a refused value stays visible with the model's own message under
it (naming the field and what it allows) and is not written to the shot."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.service_models import ModelInfo
from app.validation_text import user_text
from ui.inspector.form_label import form_label
from ui.inspector.param_fields import (
    INT_LIMIT,
    ParamField,
    check_edit,
    convert,
    current_params,
    describe_params,
)
from ui.theme import set_tone

DEFAULT_TEXT = "Default"
ERROR_STYLE = "error"  # a tone (ui.theme), not a colour


class ParamForm(QWidget):
    params_edited = Signal(dict)  # the shot's new (valid) params

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.info: ModelInfo | None = None
        self.provider = ""
        self.params: dict[str, Any] = {}
        self.fields: dict[str, ParamField] = {}
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self._loading = False
        self._key: tuple[Any, ...] | None = None
        self.form = QFormLayout()
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.empty = QLabel("")
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.form)
        layout.addWidget(self.empty)

    # -- building --------------------------------------------------------------------------
    def set_model(self, provider: str, info: ModelInfo | None,
                  hidden: frozenset[str] = frozenset(), empty_text: str = "") -> None:
        """Show `info`'s parameters (rebuilt only when the model changes)."""
        key = (provider, info.id if info else None, info.params if info else None)
        if key == self._key:
            return
        self._key = key
        self.provider, self.info = provider, info
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields, self.editors, self.errors = {}, {}, {}
        if info is not None:
            for field in describe_params(info.params, hidden):
                self._add_row(field)
        self.empty.setText(empty_text if info is None else
                           ("" if self.fields else "This model has no settings."))
        self.empty.setVisible(bool(self.empty.text()))
        self.set_values(self.params)

    def _add_row(self, field: ParamField) -> None:
        editor = self._editor(field)
        editor.setToolTip(field.description)
        error = QLabel("")
        error.setWordWrap(True)
        set_tone(error, ERROR_STYLE)
        error.hide()
        box = QWidget()
        col = QVBoxLayout(box)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(2)
        col.addWidget(editor)
        col.addWidget(error)
        self.form.addRow(form_label(field.label), box)
        self.fields[field.name], self.editors[field.name] = field, editor
        self.errors[field.name] = error

    def _editor(self, field: ParamField) -> QWidget:
        name = field.name
        if field.kind == "bool":
            box = QCheckBox()
            box.toggled.connect(lambda on: self._edited(name, on))
            return box
        if field.kind == "choice":
            combo = QComboBox()
            if field.optional:
                combo.addItem(DEFAULT_TEXT, None)
            for value in field.choices:
                combo.addItem(str(value), value)
            if not field.fixed_choices:
                # a suggestion list the model's validator enforces: other values can be typed
                combo.setEditable(True)
                combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
                combo.lineEdit().editingFinished.connect(lambda: self._typed(name))
            combo.activated.connect(lambda i: self._edited(name, combo.itemData(i)))
            return combo
        if field.kind in ("int", "float"):
            return self._spin(field)
        edit = QLineEdit()
        edit.setPlaceholderText(DEFAULT_TEXT if field.optional else
                                ("comma-separated" if field.kind == "list" else ""))
        edit.editingFinished.connect(lambda: self._typed(name))
        return edit

    def _spin(self, field: ParamField) -> QWidget:
        spin: QSpinBox | QDoubleSpinBox
        if field.kind == "int":
            spin = QSpinBox()
            # a spin box holds 32-bit values; a wider bound (a 64-bit seed) is cut to fit
            lo = max(int(field.minimum), -INT_LIMIT + 1) if field.minimum is not None \
                else -INT_LIMIT + 1
            hi = min(int(field.maximum), INT_LIMIT) if field.maximum is not None else INT_LIMIT
            step = int(field.step or 1)
        else:
            spin = QDoubleSpinBox()
            spin.setDecimals(2)
            lo = field.minimum if field.minimum is not None else -1e9
            hi = field.maximum if field.maximum is not None else 1e9
            step = field.step or (0.1 if hi - lo <= 10 else 1.0)
        if field.optional:
            lo -= step  # one step below the range stands for "not set"
            spin.setSpecialValueText(DEFAULT_TEXT)
        spin.setRange(lo, hi)
        spin.setSingleStep(step)
        spin.setKeyboardTracking(False)  # one edit per committed number, not per digit
        spin.valueChanged.connect(lambda v, n=field.name: self._spun(n, v))
        return spin

    # -- values ------------------------------------------------------------------------------
    def set_values(self, params: dict[str, Any]) -> None:
        """Show the shot's params (the model's defaults where unset) without making edits."""
        self.params = dict(params)
        self._loading = True
        try:
            for name, field in self.fields.items():
                self._show(field, self.editors[name], params.get(name, field.default))
                self._set_error(name, None)
        finally:
            self._loading = False
        if self.info is not None:  # a stored value the model refuses is shown, not hidden
            stale = current_params(self.info.params, self.params)
            for name, value in stale.items():
                _, error = check_edit(self.info.params, self.provider, stale, name, value)
                if error is not None and self._error_names(error) & {name}:
                    self._set_error(name, error)

    @staticmethod
    def _error_names(message: str) -> set[str]:
        return {part.split(" ", 1)[0] for part in message.split("; ")}

    def _show(self, field: ParamField, editor: QWidget, value: Any) -> None:
        if isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QComboBox):
            index = editor.findData(value)
            if index >= 0:
                editor.setCurrentIndex(index)
            elif editor.isEditable():
                editor.setEditText("" if value is None else str(value))
        elif isinstance(editor, (QSpinBox, QDoubleSpinBox)):
            editor.setValue(editor.minimum() if value is None else value)
        elif isinstance(editor, QLineEdit):
            text = ", ".join(map(str, value)) if isinstance(value, list) else (
                "" if value is None else str(value))
            editor.setText(text)

    def _spun(self, name: str, value: float) -> None:
        field, spin = self.fields[name], self.editors[name]
        if field.optional and value == spin.minimum():  # type: ignore[attr-defined]
            self._edited(name, None)
        else:
            self._edited(name, int(value) if field.kind == "int" else round(value, 6))

    def _typed(self, name: str) -> None:
        field, editor = self.fields[name], self.editors[name]
        raw = editor.currentText() if isinstance(editor, QComboBox) else editor.text()
        if isinstance(editor, QComboBox) and editor.findText(raw) >= 0:
            raw = editor.itemData(editor.findText(raw))
            if raw is None:
                self._edited(name, None)
                return
        if isinstance(raw, str) and not raw.strip() and field.optional:
            self._edited(name, None)
            return
        try:
            value = convert(field, raw)
        except ValueError as exc:
            self._set_error(name, user_text(exc))
            return
        self._edited(name, value)

    def _edited(self, name: str, value: Any) -> str | None:
        """Check one edit against the model; offer it when valid. Returns the refusal."""
        if self._loading or self.info is None:
            return None
        new, error = check_edit(self.info.params, self.provider, self.params, name, value)
        self._set_error(name, error)
        if new is None:
            return error
        if new != current_params(self.info.params, self.params):
            self.params = new
            self.params_edited.emit(dict(new))
        return None

    def set_value(self, name: str, value: Any) -> str | None:
        """Edit one field as if the user had (tests and tools); returns the refusal, if any."""
        editor = self.editors[name]
        self._loading = True
        try:
            self._show(self.fields[name], editor, value)
        finally:
            self._loading = False
        return self._edited(name, value)

    def _set_error(self, name: str, message: str | None) -> None:
        label = self.errors.get(name)
        if label is None:
            return
        label.setText(message or "")
        label.setVisible(bool(message))

    def summary(self) -> str:
        """The values shown, in one line ("Width 1280 · Height 720 · Fps 24")."""
        if self.info is None or not self.fields:
            return self.empty.text()
        parts = []
        for name, field in self.fields.items():
            value = self.params.get(name, field.default)
            if value is None:
                continue
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            parts.append(f"{field.label} {value}")
        return " · ".join(parts)

    def error_text(self, name: str) -> str:
        label = self.errors[name]
        return label.text() if not label.isHidden() else ""

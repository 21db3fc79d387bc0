"""The templates list (built-in and the user's own) as a Qt list model."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from app.domain import Template

TEMPLATE_ROLE = Qt.ItemDataRole.UserRole + 1


class TemplateListModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._templates: list[Template] = []
        self._italic = QFont()
        self._italic.setItalic(True)

    def set_templates(self, templates: Sequence[Template]) -> None:
        self.beginResetModel()
        self._templates = list(templates)
        self.endResetModel()

    def template(self, row: int) -> Template | None:
        return self._templates[row] if 0 <= row < len(self._templates) else None

    def row_of(self, template_id: str) -> int:
        return next((i for i, t in enumerate(self._templates) if t.id == template_id), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._templates)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0):
        t = self.template(index.row()) if index.isValid() else None
        if t is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{t.name}   · built-in" if t.builtin else t.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return t.description or t.body
        if role == Qt.ItemDataRole.FontRole and t.builtin:
            return self._italic
        if role == TEMPLATE_ROLE:
            return t
        return None

"""A table cell edited by picking one of an enum's values (shot type, camera move): a combo box
offers exactly the allowed values, so a typo can never reach the model."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget


def choice_label(value: str) -> str:
    """How an enum value reads in a list: capitalised, and the empty value as a dash."""
    return value[:1].upper() + value[1:] if value else "—"


class ChoiceDelegate(QStyledItemDelegate):
    def __init__(self, enum: type[Enum], parent=None) -> None:
        super().__init__(parent)
        self._members = list(enum)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        box = QComboBox(parent)
        for member in self._members:
            box.addItem(choice_label(member.value), member.value)
        # one click on an item commits: a combo that needs Enter as well feels broken in a table
        box.activated.connect(lambda _i, box=box: self.commitData.emit(box))
        return box

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        at = editor.findData(index.data(Qt.ItemDataRole.EditRole))
        editor.setCurrentIndex(max(at, 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)

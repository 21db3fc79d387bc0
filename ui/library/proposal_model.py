"""Proposed shots under review, as a table: tick to keep; edit title, prompt, duration, shot type
and camera move."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from app.domain import CameraMove, ShotType
from app.services.script_split import ProposedShot
from ui.choice_delegate import choice_label

COLUMNS = ("", "Title", "Prompt", "Seconds", "Shot type", "Camera")
KEEP, TITLE, PROMPT, SECONDS, TYPE, CAMERA = range(len(COLUMNS))
EDITABLE = {TITLE, PROMPT, SECONDS, TYPE, CAMERA}


class ProposalModel(QAbstractTableModel):
    kept_changed = Signal(int)  # how many shots are ticked

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.shots: list[ProposedShot] = []

    def set_shots(self, shots: Sequence[ProposedShot]) -> None:
        self.beginResetModel()
        self.shots = list(shots)
        self.endResetModel()
        self.kept_changed.emit(self.kept())

    def kept(self) -> int:
        return sum(1 for s in self.shots if s.include)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.shots)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return str(section + 1)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == KEEP:
            f |= Qt.ItemFlag.ItemIsUserCheckable
        elif index.column() in EDITABLE:
            f |= Qt.ItemFlag.ItemIsEditable
        return f

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0):
        if not index.isValid():
            return None
        s, col = self.shots[index.row()], index.column()
        if role == Qt.ItemDataRole.CheckStateRole and col == KEEP:
            return Qt.CheckState.Checked if s.include else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == TITLE:
                return s.title
            if col == PROMPT:
                return s.prompt
            if col == SECONDS:
                return s.duration if role == Qt.ItemDataRole.EditRole else f"{s.duration:g}"
            if col in (TYPE, CAMERA):
                value = (s.shot_type if col == TYPE else s.camera_move).value
                return value if role == Qt.ItemDataRole.EditRole else choice_label(value)
        if role == Qt.ItemDataRole.ToolTipRole and col == PROMPT:
            return s.prompt
        if role == Qt.ItemDataRole.ForegroundRole and not s.include and col != KEEP:
            # a dropped shot stays visible (it can be ticked again) but reads as set aside
            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value, role: int = 0) -> bool:
        if not index.isValid():
            return False
        s, col = self.shots[index.row()], index.column()
        if col == KEEP and role == Qt.ItemDataRole.CheckStateRole:
            s.include = Qt.CheckState(value) == Qt.CheckState.Checked
            row = self.index(index.row(), 0), self.index(index.row(), len(COLUMNS) - 1)
            self.dataChanged.emit(*row)
            self.kept_changed.emit(self.kept())
            return True
        if role != Qt.ItemDataRole.EditRole:
            return False
        if col == TITLE:
            s.title = str(value).strip()
        elif col == PROMPT:
            if not str(value).strip():
                return False  # an empty prompt is refused; untick the shot to drop it
            s.prompt = str(value).strip()
        elif col == SECONDS:
            try:
                seconds = float(value)
            except (TypeError, ValueError):
                return False
            if not 0 < seconds <= 600:
                return False
            s.duration = round(seconds, 2)
        elif col == TYPE:
            try:
                s.shot_type = ShotType(value)
            except ValueError:
                return False
        elif col == CAMERA:
            try:
                s.camera_move = CameraMove(value)
            except ValueError:
                return False
        else:
            return False
        self.dataChanged.emit(index, index)
        return True

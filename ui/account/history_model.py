"""A service's history as a table: thumbnail and prompt, model, status, when, where it was
made. Thumbnails arrive after the rows (fetched one by one) and repaint only their cell."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSize, Qt
from PySide6.QtGui import QPixmap

from app.services.remote_history.items import RemoteItem

HEADERS = ("Generation", "Model", "Status", "Made", "Where")
THUMB = QSize(96, 54)


class HistoryModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.items: list[RemoteItem] = []
        self.thumbs: dict[str, QPixmap] = {}

    def reset(self, items: list[RemoteItem]) -> None:
        self.beginResetModel()
        self.items, self.thumbs = list(items), {}
        self.endResetModel()

    def extend(self, items: list[RemoteItem]) -> None:
        if not items:
            return
        self.beginInsertRows(QModelIndex(), len(self.items), len(self.items) + len(items) - 1)
        self.items += items
        self.endInsertRows()

    def remove(self, item: RemoteItem) -> None:
        row = self.items.index(item)
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.items[row]
        self.endRemoveRows()

    def changed(self, item: RemoteItem) -> None:
        row = self.items.index(item)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))

    def set_thumbnail(self, item: RemoteItem, data: bytes) -> bool:
        pixmap = QPixmap()
        if not pixmap.loadFromData(data):
            return False
        self.thumbs[item.remote_id] = pixmap.scaled(
            THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        if item in self.items:
            row = self.items.index(item)
            self.dataChanged.emit(self.index(row, 0), self.index(row, 0),
                                  [Qt.ItemDataRole.DecorationRole])
        return True

    def item(self, row: int) -> RemoteItem:
        return self.items[row]

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item, col = self.items[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            marks = ("★ " if item.favourite else "") + ("(public) " if item.public else "")
            return (f"{marks}{item.prompt or '(no prompt)'}\n{item.remote_id}",
                    item.model or "—", item.status or "—", item.when_text or "—",
                    "here" if item.made_here else "elsewhere")[col]
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return self.thumbs.get(item.remote_id)
        if role == Qt.ItemDataRole.ToolTipRole:
            params = ", ".join(f"{k}={v}" for k, v in item.params.items())
            return f"{item.prompt}\n{item.kind} · {item.remote_id}" + (
                f"\n{params}" if params else "")
        return None

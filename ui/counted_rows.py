"""A list model whose row count lives on the C++ side: a QStringListModel of one empty string
per row, so a view's layout asks Qt (not Python) how many rows there are, thousands of times
per reset. The rows change only through the owner's own calls (its data's signals), never
through a view or a drag: every editing entry point a view may call is refused here.
Subclasses answer `data()` from their own rows and move the count with `_count_reset`,
`_count_inserted` and `_count_removed`."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QStringListModel, Qt


class CountedRowsModel(QStringListModel):
    # -- the owner's calls: QStringListModel's own, which announce themselves to views
    def _count_reset(self, rows: int) -> None:
        QStringListModel.setStringList(self, [""] * rows)

    def _count_inserted(self, first: int, count: int) -> None:
        QStringListModel.insertRows(self, first, count)

    def _count_removed(self, first: int, count: int) -> None:
        QStringListModel.removeRows(self, first, count)

    # -- what views and drags may ask: refused
    def insertRows(self, row: int, count: int, parent: QModelIndex = QModelIndex()) -> bool:
        return False

    def removeRows(self, row: int, count: int, parent: QModelIndex = QModelIndex()) -> bool:
        return False

    def moveRows(self, source_parent, source_row, count, dest_parent, dest_child) -> bool:
        return False

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        return False

    def setStringList(self, strings) -> None:
        raise TypeError(f"the rows of a {type(self).__name__} come from its owner's data")

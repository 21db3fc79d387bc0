"""The horizontal strip of shot cards. Qt's own drop logic decides above/below an item by the
vertical position, which is wrong for a left-to-right strip, so drops are placed here by x:
the outer quarters of a card mean "between shots", the middle means "onto this shot"."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QDragMoveEvent, QDropEvent, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import QAbstractItemView, QListView

from ui.scroll_bars import paint_scroll_bars_alone
from ui.timeline.model import SHOT_MIME


class TimelineView(QListView):
    move_requested = Signal(int)  # -1 left, +1 right (Ctrl+arrows)
    delete_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(False)
        self.setViewMode(QListView.ViewMode.ListMode)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(False)  # we draw a vertical insertion line instead
        self.setDragDropOverwriteMode(False)
        self.setUniformItemSizes(True)  # fixed-width cards: O(1) layout for 10,000 shots
        self.setSpacing(2)
        paint_scroll_bars_alone(self)
        self.setMinimumHeight(170)
        self._indicator_x: int | None = None

    # -- keyboard -------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if ctrl and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.move_requested.emit(-1 if event.key() == Qt.Key.Key_Left else 1)
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not event.modifiers():
            self.delete_requested.emit()
            return
        super().keyPressEvent(event)

    def selected_rows(self) -> list[int]:
        return sorted(i.row() for i in self.selectionModel().selectedIndexes())

    def dataChanged(self, top_left, bottom_right, roles=()) -> None:  # noqa: N802 (Qt API)
        """Repaint only the cards that changed. QListView repaints its whole viewport on any
        dataChanged, even of one row: every card in view, ~10 ms a time, each time a job's
        badge moves on while a queue runs (benchmarks/queue.py). With fixed-width cards no
        change of data can move a card, so the item view's own handling (the changed cards'
        rects, editors, accessibility) is all there is to do; proportional widths keep
        QListView's."""
        if self.uniformItemSizes():
            QAbstractItemView.dataChanged(self, top_left, bottom_right, list(roles))
        else:
            super().dataChanged(top_left, bottom_right, list(roles))

    # -- drops ----------------------------------------------------------------------------
    def drop_target(self, pos: QPoint, files: bool) -> tuple[int, QModelIndex]:
        """(row to insert before, or -1) and the shot dropped onto (files only)."""
        model = self.model()
        index = self.indexAt(pos)
        if not index.isValid():
            # past the last card (or an empty strip): append
            return model.rowCount(), QModelIndex()
        rect = self.visualRect(index)
        quarter = rect.width() / 4
        if files and rect.left() + quarter <= pos.x() <= rect.right() - quarter:
            return -1, index
        before = pos.x() < rect.center().x()
        return (index.row() if before else index.row() + 1), QModelIndex()

    def _accepts(self, event) -> bool:
        mime = event.mimeData()
        return mime.hasFormat(SHOT_MIME) or mime.hasUrls()

    def dragEnterEvent(self, event) -> None:
        if self._accepts(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if not self._accepts(event):
            event.ignore()
            return
        row, on = self.drop_target(event.position().toPoint(), event.mimeData().hasUrls())
        self._indicator_x = None
        if not on.isValid():
            model = self.model()
            if row < model.rowCount():
                self._indicator_x = self.visualRect(model.index(row, 0)).left()
            elif model.rowCount():
                self._indicator_x = self.visualRect(model.index(row - 1, 0)).right()
        event.acceptProposedAction()
        self.viewport().update()

    def dragLeaveEvent(self, event) -> None:
        self._indicator_x = None
        self.viewport().update()

    def dropEvent(self, event: QDropEvent) -> None:
        self._indicator_x = None
        self.viewport().update()
        mime = event.mimeData()
        if not self._accepts(event):
            event.ignore()
            return
        row, on = self.drop_target(event.position().toPoint(), mime.hasUrls())
        handled = self.model().dropMimeData(mime, event.dropAction(), row, 0, on)
        # a shot move is done by the model itself: tell the drag source not to delete rows
        event.setDropAction(Qt.DropAction.CopyAction if not handled else event.dropAction())
        event.accept()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self._indicator_x is not None:
            p = QPainter(self.viewport())
            p.setPen(QPen(self.palette().highlight().color(), 3))
            p.drawLine(self._indicator_x, 0, self._indicator_x, self.viewport().height())

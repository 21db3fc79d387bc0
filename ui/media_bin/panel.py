"""The Media bin dock's contents: toolbar, the grid (or an empty state saying what goes here),
and a status line for imports. Drops of files anywhere on it import them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.media_bin.delegate import MediaItemDelegate
from ui.media_bin.model import MEDIA_MIME, MediaBinModel
from ui.media_bin.view import MediaBinView
from ui.scroll_bars import paint_scroll_bars_alone

EMPTY_TEXT = ("The media bin is empty.\n\nImport video, image and audio files with "
              "File → Import Media… (Ctrl+I), or drop them here. Then drag them onto shots "
              "as takes or reference images.")


def dropped_files(event) -> list[Path]:
    """Local files in a drop from outside the bin, in the order the file manager sent them.
    Items dragged out of the bin itself are not a new import."""
    mime = event.mimeData()
    if mime is None or not mime.hasUrls() or mime.hasFormat(MEDIA_MIME):
        return []
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]


class MediaBinPanel(QWidget):
    import_requested = Signal()
    files_dropped = Signal(list)  # [Path], in drop order
    play_requested = Signal(str)  # item id
    delete_requested = Signal(list)  # [item id]

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.model = MediaBinModel(self)
        self.view = MediaBinView(self)
        self.view.setItemDelegate(MediaItemDelegate(self.view))
        self.view.setModel(self.model)
        paint_scroll_bars_alone(self.view)
        self.view.play_requested.connect(
            lambda row: self.play_requested.emit(self.model.item(row).id))
        self.view.delete_requested.connect(self._delete_selected)
        self.view.selectionModel().selectionChanged.connect(self._refresh)

        self.empty = QLabel(EMPTY_TEXT)
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setMargin(16)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.view)

        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 2)
        self.import_btn = self._tool("Import…", self.import_requested.emit,
                                     "Copy files into the project (Ctrl+I)")
        self.play_btn = self._tool("Play", self._play_current, "Play in the player")
        self.delete_btn = self._tool("Remove", self._delete_selected,
                                     "Take the selected items out of the bin")
        for b in (self.import_btn, self.play_btn, self.delete_btn):
            bar.addWidget(b)
        bar.addStretch(1)
        self.count = QLabel("")
        bar.addWidget(self.count)

        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setObjectName("mediaStatus")
        self.status.setContentsMargins(6, 2, 6, 4)
        self.status.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.status)
        for sig in (self.model.rowsInserted, self.model.rowsRemoved, self.model.modelReset):
            sig.connect(self._refresh)
        self._refresh()

    def _tool(self, text: str, slot, tip: str) -> QToolButton:
        b = QToolButton(self)
        b.setText(text)
        b.setToolTip(tip)
        b.clicked.connect(lambda: slot())
        return b

    def _refresh(self, *args) -> None:
        n = self.model.rowCount()
        self.stack.setCurrentWidget(self.view if n else self.empty)
        self.count.setText(f"{n} item{'s' if n != 1 else ''}" if n else "")
        has_sel = bool(self.view.selected_rows())
        self.delete_btn.setEnabled(has_sel)
        self.play_btn.setEnabled(has_sel)
        self.import_btn.setEnabled(self.model.library is not None)

    def show_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def selected_ids(self) -> list[str]:
        return [self.model.item(r).id for r in self.view.selected_rows()]

    def _play_current(self) -> None:
        rows = self.view.selected_rows()
        if rows:
            self.play_requested.emit(self.model.item(rows[0]).id)

    def _delete_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.delete_requested.emit(ids)

    # -- drops from the file manager ------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if dropped_files(event) and self.model.library is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = dropped_files(event)
        if not paths or self.model.library is None:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.files_dropped.emit(paths)

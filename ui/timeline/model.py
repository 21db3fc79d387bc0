"""Qt list model over the core's evented ShotList. Row changes are announced from the core's
before/after signals, so views keep selection and scroll position through every edit."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt

from app.services.project_document import ProjectDocument

SHOT_MIME = "application/x-reelroom-shot-ids"

ShotRole = Qt.ItemDataRole.UserRole + 1
NumberRole = Qt.ItemDataRole.UserRole + 2
TakeCountRole = Qt.ItemDataRole.UserRole + 3
ThumbnailRole = Qt.ItemDataRole.UserRole + 4
ShotIdRole = Qt.ItemDataRole.UserRole + 5
StateRole = Qt.ItemDataRole.UserRole + 6


class ShotListModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.doc: ProjectDocument | None = None
        self._pending: list[tuple[QPersistentModelIndex, str]] = []
        # set by the panel: what a drop asks for (the model never edits the project itself)
        self.on_move: Callable[[list[str], int], None] | None = None
        self.on_files: Callable[[list[Path], int, str | None], None] | None = None
        self.thumbnail_for: Callable[[str], str | None] = lambda shot_id: None
        self.state_for: Callable[[str], str] = lambda shot_id: ""

    # -- binding --------------------------------------------------------------------------
    def set_document(self, doc: ProjectDocument | None) -> None:
        self.beginResetModel()
        if self.doc is not None:
            self._disconnect(self.doc)
        self.doc = doc
        if doc is not None:
            s = doc.shots
            s.inserting.connect(self._inserting)
            s.inserted.connect(self._inserted)
            s.removing.connect(self._removing)
            s.removed.connect(self._removed)
            s.reordering.connect(self._reordering)
            s.reordered.connect(self._reordered)
            s.changed.connect(self._changed)
            doc.takes_changed.connect(self._takes_changed)
        self.endResetModel()

    def _disconnect(self, doc: ProjectDocument) -> None:
        s = doc.shots
        for sig, slot in ((s.inserting, self._inserting), (s.inserted, self._inserted),
                          (s.removing, self._removing), (s.removed, self._removed),
                          (s.reordering, self._reordering), (s.reordered, self._reordered),
                          (s.changed, self._changed), (doc.takes_changed, self._takes_changed)):
            sig.disconnect(slot)

    def _inserting(self, first: int, count: int) -> None:
        self.beginInsertRows(QModelIndex(), first, first + count - 1)

    def _inserted(self, first: int, count: int) -> None:
        self.endInsertRows()

    def _removing(self, first: int, count: int) -> None:
        self.beginRemoveRows(QModelIndex(), first, first + count - 1)

    def _removed(self, first: int, count: int) -> None:
        self.endRemoveRows()

    def _reordering(self) -> None:
        self.layoutAboutToBeChanged.emit()
        ids = self.doc.shots.ids()
        self._pending = [(QPersistentModelIndex(i), ids[i.row()])
                         for i in self.persistentIndexList()]

    def _reordered(self) -> None:
        shots = self.doc.shots
        old, new = [], []
        for pidx, shot_id in self._pending:
            old.append(self.index(pidx.row(), 0))
            new.append(self.index(shots.index_of(shot_id), 0))
        self.changePersistentIndexList(old, new)
        self._pending = []
        self.layoutChanged.emit()

    def _changed(self, row: int) -> None:
        ix = self.index(row, 0)
        self.dataChanged.emit(ix, ix)

    def _takes_changed(self, shot_id: str) -> None:
        try:
            self._changed(self.doc.shots.index_of(shot_id))
        except KeyError:
            pass

    # -- Qt model -------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        if parent.isValid() or self.doc is None:
            return 0
        return len(self.doc.shots)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.doc is None:
            return None
        shot = self.doc.shots[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return shot.title or f"Shot {index.row() + 1}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return shot.prompt or "No prompt yet"
        if role == ShotRole:
            return shot
        if role == ShotIdRole:
            return shot.id
        if role == NumberRole:
            return index.row() + 1
        if role == TakeCountRole:
            return self.doc.take_count(shot.id)
        if role == ThumbnailRole:
            return self.thumbnail_for(shot.id)
        if role == StateRole:
            return self.state_for(shot.id)
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        return base | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | \
            Qt.ItemFlag.ItemIsDragEnabled

    # -- drag and drop --------------------------------------------------------------------
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [SHOT_MIME, "text/uri-list"]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        ids = [self.doc.shots[r].id for r in rows]
        mime.setData(SHOT_MIME, json.dumps(ids).encode())
        return mime

    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        return data.hasFormat(SHOT_MIME) or data.hasUrls()

    def dropMimeData(self, data: QMimeData, action, row: int, column: int,
                     parent: QModelIndex) -> bool:
        """`row` ≥ 0: dropped between shots (insert before `row`); row = -1 on a valid parent:
        dropped onto that shot; -1 with no parent: after the last shot."""
        if self.doc is None:
            return False
        on_shot = None
        if row < 0:
            if parent.isValid():
                on_shot = self.doc.shots[parent.row()].id
                row = parent.row()
            else:
                row = len(self.doc.shots)
        if data.hasFormat(SHOT_MIME):
            ids = json.loads(bytes(data.data(SHOT_MIME)).decode())
            ids = [i for i in ids if self._has(i)]
            if ids and self.on_move:
                self.on_move(ids, row)
            return False  # we moved the rows ourselves: the view must not remove any
        if data.hasUrls() and self.on_files:
            paths = [Path(u.toLocalFile()) for u in data.urls() if u.isLocalFile()]
            if paths:
                self.on_files(paths, row, on_shot)
                return True
        return False

    def _has(self, shot_id: str) -> bool:
        try:
            self.doc.shots.index_of(shot_id)
            return True
        except KeyError:
            return False

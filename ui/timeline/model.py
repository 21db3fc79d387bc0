"""Qt list model over the core's evented ShotList. Row changes are announced from the core's
before/after signals, so views keep selection and scroll position through every edit.

The row count lives on the C++ side (a QStringListModel of one empty string per shot) rather
than in a Python `rowCount`: QListView re-lays out every row on each model change, asking the
model for an index (and so its row count) per row — 20,000 calls into Python for a 10,000-shot
project, ~15 ms per edit; in C++ the same pass is ~1 ms. So rows are added and removed with
QStringListModel's own insertRows/removeRows (which announce themselves): removals while the
shots are still in the list (Qt may ask about their neighbours), inserts once they are in it.
Only `data` and the drag-and-drop hooks are Python."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QPixmap

from app.domain import Shot, Take
from app.services.project_document import ProjectDocument
from ui.counted_rows import CountedRowsModel
from ui.timeline.thumbnails import ThumbnailLoader

SHOT_MIME = "application/x-reelroom-shot-ids"

ShotRole = Qt.ItemDataRole.UserRole + 1
NumberRole = Qt.ItemDataRole.UserRole + 2
TakeCountRole = Qt.ItemDataRole.UserRole + 3
ThumbnailRole = Qt.ItemDataRole.UserRole + 4  # QPixmap of the selected take, or None (yet)
ShotIdRole = Qt.ItemDataRole.UserRole + 5
StateRole = Qt.ItemDataRole.UserRole + 6
# what a card shows of the world outside its shot (its job's badge, its picture): a change of
# these alone moves no card and changes no length or count
PICTURE_ROLES = frozenset({StateRole, ThumbnailRole})


class ShotListModel(CountedRowsModel):
    # the core's list has settled after a change (a removal is announced to Qt before the
    # shots leave the core's list, so rowsRemoved is too early for totals)
    contents_changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.doc: ProjectDocument | None = None
        self._pending: list[tuple[QPersistentModelIndex, str]] = []
        # set by the panel: what a drop asks for (the model never edits the project itself)
        self.on_move: Callable[[list[str], int], None] | None = None
        self.on_files: Callable[[list[Path], int, str | None], None] | None = None
        # a badge word for a shot (queued, running, failed…): set by ui.timeline.job_badges
        self.state_for: Callable[[str], str] = lambda shot_id: ""
        self.thumbnails: ThumbnailLoader | None = None
        self._takes: dict[str, Take | None] = {}  # selected takes read so far, by take id
        self._waiting: dict[str, set[str]] = {}  # thumbnail key → shot ids to repaint
        # (row, frame) a hover-scrub shows on one card instead of its thumbnail (ui.timeline.scrub)
        self.scrub: tuple[int, QPixmap] | None = None

    def set_thumbnail_loader(self, loader: ThumbnailLoader | None) -> None:
        if self.thumbnails is not None:
            self.thumbnails.ready.disconnect(self._thumbnail_ready)
        self.thumbnails = loader
        self._waiting.clear()
        if loader is not None:
            loader.ready.connect(self._thumbnail_ready)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0),
                                  [ThumbnailRole])

    # -- binding --------------------------------------------------------------------------
    def set_document(self, doc: ProjectDocument | None) -> None:
        if self.doc is not None:
            self._disconnect(self.doc)
        self.doc = doc
        self._takes.clear()
        self._waiting.clear()
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
        # one reset (setStringList announces it) with the new document already in place
        self._count_reset(len(doc.shots) if doc else 0)
        self.contents_changed.emit()

    def _disconnect(self, doc: ProjectDocument) -> None:
        s = doc.shots
        for sig, slot in ((s.inserting, self._inserting), (s.inserted, self._inserted),
                          (s.removing, self._removing), (s.removed, self._removed),
                          (s.reordering, self._reordering), (s.reordered, self._reordered),
                          (s.changed, self._changed), (doc.takes_changed, self._takes_changed)):
            sig.disconnect(slot)

    def _inserting(self, first: int, count: int) -> None:
        pass  # announced once the shots are in the list (see the module docstring)

    def _inserted(self, first: int, count: int) -> None:
        self._count_inserted(first, count)
        self.contents_changed.emit()

    def _removing(self, first: int, count: int) -> None:
        self._count_removed(first, count)

    def _removed(self, first: int, count: int) -> None:
        self.contents_changed.emit()

    def _reordering(self) -> None:
        self.layoutAboutToBeChanged.emit()
        shots = self.doc.shots  # per persistent index, not per shot: a few, not 10,000
        self._pending = [(QPersistentModelIndex(i), shots[i.row()].id)
                         for i in self.persistentIndexList()]

    def _reordered(self) -> None:
        shots = self.doc.shots
        old, new = [], []
        for pidx, shot_id in self._pending:
            old.append(self.index(pidx.row(), 0))
            new.append(self.index(shots.index_of(shot_id), 0))
        self.changePersistentIndexList(old, new)
        self._pending = []
        self.layoutChanged.emit()  # same shots, same total: contents_changed has no news

    def _changed(self, row: int) -> None:
        ix = self.index(row, 0)
        self.dataChanged.emit(ix, ix)

    def shot_changed(self, shot_id: str) -> None:
        """Repaint one shot's card (its badge or thumbnail changed outside the document: the
        roles say so, and nothing the strip's totals read changed)."""
        self.shots_changed([shot_id])

    def shots_changed(self, shot_ids: list[str]) -> None:
        """Repaint these shots' cards with one signal, over the rows from the first to the
        last of them (a view repaints only what it shows of that span); a shot no longer in
        the document (or no document) is passed over."""
        rows = []
        for shot_id in shot_ids:
            try:
                rows.append(self.doc.shots.index_of(shot_id))
            except (KeyError, AttributeError):
                continue
        if rows:
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), 0),
                                  list(PICTURE_ROLES))

    def _takes_changed(self, shot_id: str) -> None:
        for take_id in [k for k, t in self._takes.items() if t is None or t.shot_id == shot_id]:
            del self._takes[take_id]
        try:
            self._changed(self.doc.shots.index_of(shot_id))
        except KeyError:
            pass

    # -- Qt model -------------------------------------------------------------------------
    # Rows change only through the core's signals (CountedRowsModel refuses the views' edits):
    # a drop asks the panel, which runs an undoable command.
    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.doc is None or index.row() >= len(self.doc.shots):
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
            return self._thumbnail(shot.id, shot.selected_take_id)
        if role == StateRole:
            return self.state_for(shot.id)
        return None

    def card(self, row: int) -> tuple[Shot, int, str, int, QPixmap | None, str] | None:
        """Everything a card shows, in one call: (shot, number, title, take count, thumbnail
        or None, badge word). The delegate paints from this instead of six data() round trips
        through Qt (a third of a card's paint time)."""
        if self.doc is None or not 0 <= row < len(self.doc.shots):
            return None
        shot = self.doc.shots[row]
        scrub = self.scrub
        pix = (scrub[1] if scrub is not None and scrub[0] == row
               else self._thumbnail(shot.id, shot.selected_take_id))
        return (shot, row + 1, shot.title or f"Shot {row + 1}", self.doc.take_count(shot.id),
                pix, self.state_for(shot.id))

    def selected_take(self, take_id: str | None) -> Take | None:
        if take_id is None or self.doc is None:
            return None
        if take_id not in self._takes:
            self._takes[take_id] = self.doc.take(take_id)
        return self._takes[take_id]

    def _thumbnail(self, shot_id: str, take_id: str | None) -> QPixmap | None:
        take = self.selected_take(take_id) if self.thumbnails is not None else None
        if take is None:
            return None
        pix = self.thumbnails.pixmap(take.thumbnail_path, take.media_path)
        if pix is None:
            key = ThumbnailLoader.key(take.thumbnail_path, take.media_path)
            if key not in self.thumbnails.failures:
                self._waiting.setdefault(key, set()).add(shot_id)
        return pix

    def _thumbnail_ready(self, key: str) -> None:
        for shot_id in self._waiting.pop(key, ()):
            try:
                ix = self.index(self.doc.shots.index_of(shot_id), 0)
            except (KeyError, AttributeError):
                continue
            self.dataChanged.emit(ix, ix, [ThumbnailRole])

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

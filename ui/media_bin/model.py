"""Qt list model over a project's MediaLibrary. Rows follow the library's signals one at a time
(inserted and removed rows, not resets), so selection and scroll survive imports and removals.

The row count lives on the C++ side (ui.counted_rows, as for the timeline's ShotListModel; one
empty string per item): the bin's icon-mode layout asks for an index, and so the row
count, twice per item on every reset, 10,000 calls into Python for a 5,000-item bin on each
project open, where C++ answers in a fraction of the time. Rows are added and removed with
QStringListModel's own insertRows/removeRows (which announce themselves): an insert once the
item is in the list, a removal while it still is. Only `data` and the drag hooks are Python."""

from __future__ import annotations

import bisect
import json

from PySide6.QtCore import QMimeData, QModelIndex, Qt, QUrl
from PySide6.QtGui import QPixmap

from app.domain.media_item import MediaItem
from app.services.media_library import MediaItemRow, MediaLibrary
from ui.counted_rows import CountedRowsModel
from ui.timeline.thumbnails import ThumbnailLoader

MEDIA_MIME = "application/x-reelroom-media-ids"

ItemRole = Qt.ItemDataRole.UserRole + 1
DetailsRole = Qt.ItemDataRole.UserRole + 2
KindRole = Qt.ItemDataRole.UserRole + 3
PathRole = Qt.ItemDataRole.UserRole + 4


def _order(item: MediaItem | MediaItemRow) -> tuple[float, str]:
    return (item.created, item.id)


class MediaBinModel(CountedRowsModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.library: MediaLibrary | None = None
        # rows read at a project open are built into items when first asked for (`item`):
        # a page of them is painted, not 5,000
        self._items: list[MediaItem | MediaItemRow] = []
        self._keys: list[tuple[float, str]] = []
        # Decoded off the GUI thread, a bounded number kept: a 5,000-item bin decoded each
        # picture on the GUI thread as it first painted and kept every one (benchmarks/
        # library.py). Pictures come letterboxed to the card's thumbnail size.
        from ui.media_bin.delegate import thumb_size  # here: the delegate imports this module

        self.thumbnails = ThumbnailLoader(thumb_size(), parent=self)
        self.thumbnails.ready.connect(self._thumbnail_ready)

    # -- binding --------------------------------------------------------------------------
    def set_library(self, library: MediaLibrary | None) -> None:
        if self.library is not None:
            self.library.item_added.disconnect(self._added)
            self.library.item_removed.disconnect(self._removed)
        self.library = library
        self._items = library.rows() if library is not None else []
        self._keys = [(i.created, i.id) for i in self._items]  # _order, inlined: 5,000 rows
        if library is not None:
            library.item_added.connect(self._added)
            library.item_removed.connect(self._removed)
        # one reset (setStringList announces it) with the new items already in place
        self._count_reset(len(self._items))

    def _added(self, item: MediaItem) -> None:
        if self.row_of(item.id) is not None:
            return
        row = bisect.bisect(self._keys, _order(item))
        self._items.insert(row, item)
        self._keys.insert(row, _order(item))
        self._count_inserted(row, 1)

    def _removed(self, item_id: str) -> None:
        row = self.row_of(item_id)
        if row is None:
            return
        self._count_removed(row, 1)
        del self._items[row]
        del self._keys[row]

    # -- reading --------------------------------------------------------------------------
    def row_of(self, item_id: str) -> int | None:
        return next((n for n, i in enumerate(self._items) if i.id == item_id), None)

    def item(self, row: int) -> MediaItem:
        entry = self._items[row]
        if not isinstance(entry, MediaItem):
            entry = self._items[row] = entry.load()
        return entry

    def items(self) -> list[MediaItem]:
        return [self.item(row) for row in range(len(self._items))]

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        entry = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.name
        if role == KindRole:
            return entry.kind
        if role == PathRole:
            return entry.path
        item = self.item(index.row())
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{item.name}\n{item.kind} · {item.details()}\nDouble-click to play; drag " \
                   "onto a shot to use it"
        if role == Qt.ItemDataRole.DecorationRole:
            return self._pixmap(item)
        if role == ItemRole:
            return item
        if role == DetailsRole:
            return item.details()
        return None

    def _pixmap(self, item: MediaItem) -> QPixmap | None:
        if not item.thumbnail_path:
            return None
        return self.thumbnails.pixmap(item.thumbnail_path, None)

    def _thumbnail_ready(self, key: str) -> None:
        # only built items have asked for a picture (data() builds before it asks)
        for row, item in enumerate(self._items):
            if not isinstance(item, MediaItem):
                continue
            if item.thumbnail_path and ThumbnailLoader.key(item.thumbnail_path, None) == key:
                ix = self.index(row)
                self.dataChanged.emit(ix, ix, [Qt.ItemDataRole.DecorationRole])

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDragEnabled)

    # -- dragging out ---------------------------------------------------------------------
    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.CopyAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MEDIA_MIME, "text/uri-list"]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # noqa: N802
        """Item ids for Reelroom, and file URLs so any drop target that takes files (the
        timeline, the player, other applications) handles a bin item like a file."""
        rows = sorted({i.row() for i in indexes if i.isValid()})
        items = [self.item(r) for r in rows]
        mime = QMimeData()
        mime.setData(MEDIA_MIME, json.dumps([i.id for i in items]).encode())
        mime.setUrls([QUrl.fromLocalFile(i.path) for i in items])
        return mime

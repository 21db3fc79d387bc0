"""A project's elements as a Qt list model, with reference-image thumbnails loaded off the GUI
thread (decoding a big photo would stall the window) and cached per file."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QImage, QImageReader, QPainter, QPixmap

from app.domain import Element, ElementKind
from app.services.project_document import ProjectDocument
from ui.theme import colour as theme_colour

ELEMENT_ROLE = Qt.ItemDataRole.UserRole + 1
THUMB = QSize(64, 48)
KIND_ROLES = {ElementKind.CHARACTER: "element-character", ElementKind.PROP: "element-prop",
              ElementKind.LOCATION: "element-location"}  # theme roles


def kind_badge(kind: ElementKind) -> QPixmap:
    """Stands in for a missing reference image, so every row lines up and shows its kind."""
    pix = QPixmap(THUMB)
    pix.fill(theme_colour(KIND_ROLES[kind]).darker(140))
    p = QPainter(pix)
    p.setPen(theme_colour("on-accent"))
    font = p.font()
    font.setPointSize(14)
    font.setBold(True)
    p.setFont(font)
    p.drawText(pix.rect(), Qt.AlignmentFlag.AlignCenter, kind.value[0].upper())
    p.end()
    return pix


def load_thumbnail(path: str, size: QSize) -> QImage:
    """Decode an image scaled down while reading (cheap even for a large photo); a null
    image when the file is gone or unreadable. Safe in a worker thread (QImage, not QPixmap)."""
    reader = QImageReader(path)
    reader.setAutoTransform(True)
    full = reader.size()
    if full.isValid():
        reader.setScaledSize(full.scaled(size, Qt.AspectRatioMode.KeepAspectRatio))
    return reader.read()


class ElementListModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.doc: ProjectDocument | None = None
        self._elements: list[Element] = []
        self._thumbs: dict[str, QPixmap] = {}
        self._loading: set[str] = set()
        self._tasks: set[asyncio.Future] = set()
        self._badges: dict[ElementKind, QPixmap] = {}

    def set_document(self, doc: ProjectDocument | None) -> None:
        if self.doc is not None:
            self.doc.elements_changed.disconnect(self.reload)
        self.doc = doc
        if doc is not None:
            doc.elements_changed.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._elements = self.doc.elements if self.doc else []
        self.endResetModel()

    def element(self, row: int) -> Element | None:
        return self._elements[row] if 0 <= row < len(self._elements) else None

    def row_of(self, element_id: str) -> int:
        return next((i for i, e in enumerate(self._elements) if e.id == element_id), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._elements)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0):
        e = self.element(index.row()) if index.isValid() else None
        if e is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"@{e.name}\n{e.kind.value}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return e.description or "No description yet"
        if role == Qt.ItemDataRole.DecorationRole:
            thumb = self.thumbnail(e.reference_image) if e.reference_image else None
            if thumb is None and e.kind not in self._badges:
                self._badges[e.kind] = kind_badge(e.kind)
            return thumb or self._badges[e.kind]
        if role == ELEMENT_ROLE:
            return e
        return None

    def thumbnail(self, path: str) -> QPixmap | None:
        """The cached thumbnail, or None while it loads (the row repaints when it arrives)."""
        if path in self._thumbs:
            return self._thumbs[path]
        if path not in self._loading and Path(path).exists():
            self._loading.add(path)
            loop = asyncio.get_event_loop()
            future = loop.run_in_executor(None, load_thumbnail, path, THUMB)
            self._tasks.add(future)
            future.add_done_callback(lambda f, p=path: self._loaded(p, f))
        return None

    def _loaded(self, path: str, future: asyncio.Future) -> None:
        self._tasks.discard(future)
        self._loading.discard(path)
        if future.cancelled() or future.exception() is not None:
            return
        image: QImage = future.result()
        if image.isNull():
            return
        self._thumbs[path] = QPixmap.fromImage(image)
        rows = [i for i, e in enumerate(self._elements) if e.reference_image == path]
        for r in rows:
            ix = self.index(r)
            self.dataChanged.emit(ix, ix, [Qt.ItemDataRole.DecorationRole])

"""Qt list model of one shot's takes, read from the ProjectDocument and refreshed from its
takes_changed / shots.changed events (the selected take lives on the shot)."""

from __future__ import annotations

import time

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QPixmap

from app.domain import Take
from app.services.project_document import ProjectDocument
from ui.timeline.thumbnails import ThumbnailLoader

TakeRole = Qt.ItemDataRole.UserRole + 1
InUseRole = Qt.ItemDataRole.UserRole + 2  # this take is the shot's selected take
ThumbRole = Qt.ItemDataRole.UserRole + 3  # QPixmap or None while it loads
DetailRole = Qt.ItemDataRole.UserRole + 4  # "provider / model · 4 s · $0.40"
CreatedRole = Qt.ItemDataRole.UserRole + 5


def take_details(take: Take) -> str:
    """What a take is, in one line: where it came from, how long, what it cost."""
    source = "/".join(p for p in (take.provider, take.model) if p) or take.source
    bits = [source]
    if take.duration:
        bits.append(f"{take.duration:.1f} s")
    if take.cost is not None:
        bits.append(f"{take.cost:.2f} {take.cost_currency}" if take.cost_currency != "USD"
                    else f"${take.cost:.2f}")
    if take.seed is not None:
        bits.append(f"seed {take.seed}")
    return " · ".join(bits)


def take_tooltip(take: Take) -> str | None:
    """The prompt, and what the service said and where it keeps the work (an agent's final
    answer, its conversation and project), so a take explains itself on hover."""
    lines = [take.prompt] if take.prompt else []
    if take.message:
        lines.append(f"{take.provider or 'The service'} said: {take.message}")
    projects = take.remote_ids.get("project_ids") or []
    if projects:
        lines.append("Project: " + ", ".join(str(p) for p in projects)
                     + " (File → Export Film… → Tellers renders it)")
    if take.remote_ids.get("remixed_from"):
        lines.append(f"Remixed from {take.remote_ids['remixed_from']}")
    return "\n".join(lines) or None


def created_text(created: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(created))


class TakeListModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.doc: ProjectDocument | None = None
        self.shot_id: str | None = None
        self.hide_rejected = False
        self.thumbnails: ThumbnailLoader | None = None
        self._takes: list[Take] = []
        self._in_use: str | None = None

    # -- binding --------------------------------------------------------------------------
    def set_document(self, doc: ProjectDocument | None) -> None:
        if self.doc is not None:
            self.doc.takes_changed.disconnect(self._takes_changed)
            self.doc.shots.changed.disconnect(self._shot_changed)
        self.doc = doc
        if doc is not None:
            doc.takes_changed.connect(self._takes_changed)
            doc.shots.changed.connect(self._shot_changed)
        self.show_shot(None)

    def set_thumbnail_loader(self, loader: ThumbnailLoader) -> None:
        self.thumbnails = loader
        loader.ready.connect(self._thumbnail_ready)

    def show_shot(self, shot_id: str | None) -> None:
        self.shot_id = shot_id
        self.reload()

    def set_hide_rejected(self, hide: bool) -> None:
        self.hide_rejected = hide
        self.reload()

    def reload(self) -> None:
        """Read the shot's takes again. Same rows → dataChanged (keeps selection and scroll);
        rows added or gone → a reset (a shot has few takes)."""
        takes: list[Take] = []
        in_use = None
        if self.doc is not None and self.shot_id is not None:
            try:
                in_use = self.doc.shots.get(self.shot_id).selected_take_id
            except KeyError:  # the shot was deleted
                self.shot_id = None
            else:
                takes = [t for t in self.doc.takes(self.shot_id)
                         if not (self.hide_rejected and t.rejected)]
        if [t.id for t in takes] == [t.id for t in self._takes]:
            self._takes, self._in_use = takes, in_use
            if takes:
                self.dataChanged.emit(self.index(0), self.index(len(takes) - 1))
            return
        self.beginResetModel()
        self._takes, self._in_use = takes, in_use
        self.endResetModel()

    def _takes_changed(self, shot_id: str) -> None:
        if shot_id == self.shot_id:
            self.reload()

    def _shot_changed(self, row: int) -> None:
        if self.shot_id is not None and self.doc.shots[row].id == self.shot_id:
            self.reload()

    def _thumbnail_ready(self, key: str) -> None:
        for row, take in enumerate(self._takes):
            if ThumbnailLoader.key(take.thumbnail_path, take.media_path) == key:
                ix = self.index(row)
                self.dataChanged.emit(ix, ix, [ThumbRole])

    # -- reading --------------------------------------------------------------------------
    @property
    def takes(self) -> list[Take]:
        return list(self._takes)

    @property
    def in_use(self) -> str | None:
        return self._in_use

    def take_at(self, row: int) -> Take:
        return self._takes[row]

    def row_of(self, take_id: str) -> int:
        return next((i for i, t in enumerate(self._takes) if t.id == take_id), -1)

    # -- Qt model -------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._takes)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._takes):
            return None
        take = self._takes[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"Take {take.number}"
        if role == TakeRole:
            return take
        if role == InUseRole:
            return take.id == self._in_use
        if role == DetailRole:
            return take_details(take)
        if role == CreatedRole:
            return created_text(take.created)
        if role == ThumbRole:
            return self._thumbnail(take)
        if role == Qt.ItemDataRole.ToolTipRole:
            return take_tooltip(take)
        return None

    def _thumbnail(self, take: Take) -> QPixmap | None:
        if self.thumbnails is None:
            return None
        return self.thumbnails.pixmap(take.thumbnail_path, take.media_path)

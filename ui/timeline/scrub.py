"""Hover-scrubbing a shot card: while the pointer moves across a card whose selected take came
with a service spritesheet (OpenAI's), the card shows the frame under the pointer — left edge
the first frame, right edge the last — and its thumbnail again when the pointer leaves. The
sheet is decoded on a worker thread once and cut into frames (app.media.spritesheet says how)."""

from __future__ import annotations

import asyncio
import logging

from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtGui import QImage, QPixmap

from app.media.spritesheet import Grid, aspect_of, grid_for
from ui.timeline.model import ThumbnailRole

log = logging.getLogger(__name__)


class HoverScrub(QObject):
    def __init__(self, view, model) -> None:
        super().__init__(view)
        self.view = view
        self.model = model
        self._sheets: dict[str, tuple[QPixmap, Grid] | None] = {}  # path → frames, or none
        self._loading: dict[str, asyncio.Task] = {}
        view.setMouseTracking(True)
        view.viewport().setMouseTracking(True)
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt API)
        kind = event.type()
        if kind == QEvent.Type.MouseMove:
            self.hover(event.position().toPoint())
        elif kind in (QEvent.Type.Leave, QEvent.Type.DragEnter):
            self.clear()
        return False

    def hover(self, pos) -> int | None:
        """Show the frame under `pos`; returns the frame index shown (None: nothing to show)."""
        index = self.view.indexAt(pos)
        doc = self.model.doc
        if not index.isValid() or doc is None:
            self.clear()
            return None
        shot = doc.shots[index.row()]
        take = self.model.selected_take(shot.selected_take_id)
        path = take.assets.get("spritesheet") if take is not None else None
        if not path:
            self.clear()
            return None
        sheet = self._sheet(path, aspect_of(take.params.get("size")))
        if sheet is None:
            self.clear()
            return None
        pix, grid = sheet
        rect = self.view.visualRect(index)
        fraction = (pos.x() - rect.left()) / max(1, rect.width())
        frame = grid.frame_at(fraction)
        x, y, w, h = grid.tile(frame)
        self.model.scrub = (index.row(), pix.copy(QRect(x, y, w, h)))
        self._repaint(index.row())
        return frame

    def clear(self) -> None:
        if self.model.scrub is not None:
            row = self.model.scrub[0]
            self.model.scrub = None
            self._repaint(row)

    def _repaint(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            ix = self.model.index(row, 0)
            self.model.dataChanged.emit(ix, ix, [ThumbnailRole])  # the picture only

    def _sheet(self, path: str, aspect: float) -> tuple[QPixmap, Grid] | None:
        if path in self._sheets:
            return self._sheets[path]
        if path not in self._loading:
            task = asyncio.get_event_loop().create_task(self._load(path, aspect))
            self._loading[path] = task
        return None

    async def _load(self, path: str, aspect: float) -> None:
        try:
            image = await asyncio.to_thread(QImage, path)
            grid = grid_for(image.width(), image.height(), aspect) if not image.isNull() else None
            self._sheets[path] = (QPixmap.fromImage(image), grid) if grid is not None else None
        except Exception:  # noqa: BLE001 - a preview that cannot be read is no preview
            log.info("spritesheet %s unreadable", path, exc_info=True)
            self._sheets[path] = None
        finally:
            self._loading.pop(path, None)

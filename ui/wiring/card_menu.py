"""The right-click menu of a shot card (storyboard) or clip (track view): Play, Generate take,
Edit take, Duplicate, Delete, Show in media bin. Each entry is the same action or call the
menus and keys use, so the menu adds no behaviour of its own."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu

from app.services.editor_state import EditorState


class CardMenu:
    def __init__(self, editor: EditorState, timeline, actions, player, media, media_dock,
                 status) -> None:
        self.editor = editor
        self.timeline = timeline
        self.actions = actions
        self.player = player  # PlayerFeature
        self.media = media  # MediaFeature
        self.media_dock = media_dock
        self.status = status
        self.menu: QMenu | None = None  # the one open (kept referenced; tests look at it)
        self.extra_actions: tuple = ()  # a take's follow-up jobs (remix, revise, extend)
        self.before_open = lambda: None  # brings those actions' enabled state up to date
        for view in (timeline.view, timeline.track_view):
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        timeline.view.customContextMenuRequested.connect(self._on_card)
        timeline.track_view.customContextMenuRequested.connect(self._on_clip)

    def _on_card(self, pos: QPoint) -> None:
        view = self.timeline.view
        index = view.indexAt(pos)
        if index.isValid() and self.editor.document is not None:
            self.open_for(self.editor.document.shots[index.row()].id,
                          view.viewport().mapToGlobal(pos))

    def _on_clip(self, pos: QPoint) -> None:
        view = self.timeline.track_view
        what, i = view.hit(pos.x(), pos.y())
        if i >= 0 and what != "ruler":
            self.open_for(view.tracks.video.key(i), view.viewport().mapToGlobal(pos))

    def open_for(self, shot_id: str, at: QPoint | None = None) -> QMenu:
        """The menu for one shot (selected first, so every entry acts on it)."""
        if shot_id not in self.editor.selected_ids:
            self.editor.select([shot_id])
        a = self.actions
        menu = QMenu(self.timeline)
        menu.addAction("Play", lambda: self.player.play_shot(shot_id))
        menu.addSeparator()
        for action in (a.generate_take, a.edit_take, a.duplicate_shot, a.delete_shot):
            menu.addAction(action)
        if self.extra_actions:
            self.before_open()
            menu.addSeparator()
            for action in self.extra_actions:
                menu.addAction(action)
        menu.addSeparator()
        show = menu.addAction("Show in Media Bin", lambda: self.show_in_media_bin(shot_id))
        show.setEnabled(self._bin_item(shot_id) is not None)
        self.menu = menu
        if at is not None:
            menu.popup(at)
        return menu

    def _bin_item(self, shot_id: str):
        doc = self.editor.document
        library = self.media.controller.library
        path = self.player.media_for(shot_id) if doc is not None else None
        if library is None or path is None:
            return None
        wanted = Path(path).resolve()
        return next((i for i in self.media.panel.model.items()
                     if Path(i.path).resolve() == wanted), None)

    def show_in_media_bin(self, shot_id: str) -> bool:
        item = self._bin_item(shot_id)
        if item is None:
            self.status("This shot's take is not in the media bin (it was generated, not "
                        "imported).")
            return False
        self.media_dock.show()
        self.media.controller.select([item.id])
        return True

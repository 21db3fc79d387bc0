"""Timeline dock: the shot strip, its toolbar and the running time."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.services.commands import (
    AddShots,
    DeleteShots,
    DuplicateShots,
    MoveShots,
    SplitShot,
    TrimTake,
    UpdateShot,
)
from app.services.editor_state import EditorState
from app.services.project_document import ProjectDocument
from app.services.tracks import Tracks
from app.validation_text import user_text
from ui.timeline.delegate import THUMB_SIZE, ShotCardDelegate
from ui.timeline.model import PICTURE_ROLES, ShotListModel
from ui.timeline.scrub import HoverScrub
from ui.timeline.thumbnails import ThumbnailLoader
from ui.timeline.track_view import TrackView
from ui.timeline.view import TimelineView
from ui.undo import UndoController


def format_running_time(seconds: float) -> str:
    m, s = divmod(seconds, 60)
    h, m = divmod(int(m), 60)
    return f"{h}:{m:02d}:{s:04.1f}" if h else f"{m}:{s:04.1f}"


class TimelinePanel(QWidget):
    current_shot_changed = Signal(object)  # shot id or None
    files_dropped = Signal(list, int, object)  # paths, insert row, shot id dropped on

    def __init__(self, undo: UndoController, editor: EditorState, parent=None,
                 follow=lambda slot: slot) -> None:
        """`follow` wraps how the strip follows the editor's selection (the window passes
        ui.wiring.after_picture's, so a cued take's first frame comes first)."""
        super().__init__(parent)
        self.undo = undo
        self.editor = editor
        self.doc: ProjectDocument | None = None
        self._applying = False  # putting the editor's selection into the view
        self.model = ShotListModel(self)
        self.model.on_move = self.move_shots
        self.model.on_files = lambda paths, row, on: self.files_dropped.emit(paths, row, on)
        # where poster frames made from takes are kept: the studio's cache, set by the wiring
        self.thumbnails = ThumbnailLoader(THUMB_SIZE, parent=self)
        self.model.set_thumbnail_loader(self.thumbnails)
        self.view = TimelineView(self)
        self.delegate = ShotCardDelegate(self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setModel(self.model)
        self.scrub = HoverScrub(self.view, self.model)  # spritesheet frames under the pointer
        self.view.selectionModel().currentChanged.connect(self._view_selection_changed)
        self.view.selectionModel().selectionChanged.connect(self._view_selection_changed)
        editor.selection_changed.connect(follow(self._apply_editor_selection))
        editor.current_shot_changed.connect(follow(self._apply_editor_selection))
        editor.current_shot_changed.connect(self.current_shot_changed.emit)
        self.view.move_requested.connect(self.move_selected)
        self.view.delete_requested.connect(self.delete_selected)

        self.track_view = TrackView(editor, self)
        self.track_view.trim_requested.connect(self.trim_shot)
        self.track_view.move_requested.connect(self.move_shots)
        self.tracks: Tracks | None = None

        self.empty = QLabel(
            "No shots yet.\nClick “Add shot” (Ctrl+Shift+N), paste a script, or drop video and "
            "image files here.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName("emptyState")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.track_view)

        bar = QHBoxLayout()
        bar.setContentsMargins(4, 2, 4, 2)
        self.add_btn = self._tool("Add shot", self.add_shot)
        self.dup_btn = self._tool("Duplicate", self.duplicate_selected)
        self.split_btn = self._tool("Split", self.split_selected)
        self.del_btn = self._tool("Delete", self.delete_selected)
        self.zoom_btn = self._tool("Width ∝ duration", self._toggle_zoom)
        self.zoom_btn.setCheckable(True)
        # Storyboard | Timeline: cards, or a track measured in time (the editor state keeps it)
        self.storyboard_btn = self._tool("Storyboard", lambda: editor.set_mode("storyboard"))
        self.timeline_btn = self._tool("Timeline", lambda: editor.set_mode("timeline"))
        self.fit_btn = self._tool("Fit", self.track_view.fit)
        self.fit_btn.setToolTip("Zoom the timeline to show the whole film (Ctrl+wheel zooms)")
        for b in (self.storyboard_btn, self.timeline_btn):
            b.setCheckable(True)
            b.setAutoExclusive(True)
        for b in (self.storyboard_btn, self.timeline_btn, self.add_btn, self.dup_btn,
                  self.split_btn, self.del_btn, self.zoom_btn, self.fit_btn):
            bar.addWidget(b)
        bar.addStretch(1)
        self.total = QLabel("")
        bar.addWidget(self.total)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self.model.contents_changed.connect(self._refresh_summary)
        self.model.dataChanged.connect(self._shots_changed)
        editor.mode_changed.connect(lambda _m: self._refresh_summary())
        self._refresh_summary()

    def _tool(self, text: str, slot) -> QToolButton:
        b = QToolButton(self)
        b.setText(text)
        b.clicked.connect(slot)
        return b

    # -- binding --------------------------------------------------------------------------
    def set_document(self, doc: ProjectDocument | None) -> None:
        if self.tracks is not None:
            self.tracks.close()
        self.doc = doc
        self.model.set_document(doc)
        self.tracks = Tracks(doc) if doc is not None else None
        self.track_view.set_tracks(self.tracks, doc.project.fps if doc is not None else 24.0)
        self._refresh_summary()

    def _shots_changed(self, _first, _last, roles=()) -> None:
        # a badge or a picture (each job step, each hover-scrub frame) changes no count or
        # length: the summary is not worked out again for it (the cut's total walks every shot)
        if not roles or not set(roles) <= PICTURE_ROLES:
            self._refresh_summary()

    def _refresh_summary(self, *args) -> None:
        n = self.model.rowCount()
        timeline = self.editor.mode == "timeline"
        self.stack.setCurrentWidget(
            (self.track_view if timeline else self.view) if n else self.empty)
        (self.timeline_btn if timeline else self.storyboard_btn).setChecked(True)
        self.zoom_btn.setVisible(not timeline)
        self.fit_btn.setVisible(timeline)
        seconds = self.doc.cut_total() if self.doc else 0.0  # the one length rule
        self.total.setText(f"{n} shot{'s' if n != 1 else ''} · {format_running_time(seconds)}")
        has_sel = bool(self.doc and self.view.selectionModel().hasSelection())
        for b in (self.dup_btn, self.del_btn, self.split_btn):
            b.setEnabled(has_sel)
        self.add_btn.setEnabled(self.doc is not None)

    def _view_selection_changed(self, *_args) -> None:
        """The user changed the selection in the view: the editor state hears it."""
        self._refresh_summary()
        if self._applying or self.doc is None or self.model.rowCount() != len(self.doc.shots):
            return  # mid-edit (rows leave Qt before the core): the core's events say the rest
        current = self.view.currentIndex()
        rows = self.view.selected_rows()
        current_id = None
        if current.isValid() and current.row() in rows:
            current_id = self.doc.shots[current.row()].id
        self.editor.select([self.doc.shots[r].id for r in rows], current_id)

    def _apply_editor_selection(self, *_args) -> None:
        """The editor state changed (a view, a feature, a command): the view shows it."""
        if self._applying or self.doc is None or self.editor.document is not self.doc:
            return
        ids, cur = self.editor.selected_ids, self.editor.current_shot_id
        if self.selected_ids_in_view() == ids and self._view_current_id() == cur:
            return
        self._applying = True
        try:
            sel = QItemSelection()
            for sid in ids:
                ix = self.model.index(self.doc.shots.index_of(sid), 0)
                sel.select(ix, ix)
            sm = self.view.selectionModel()
            sm.select(sel, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            if cur:
                ix = self.model.index(self.doc.shots.index_of(cur), 0)
                sm.setCurrentIndex(ix, QItemSelectionModel.SelectionFlag.NoUpdate)
                self.view.scrollTo(ix)
        finally:
            self._applying = False
        self._refresh_summary()

    def _view_current_id(self) -> str | None:
        current = self.view.currentIndex()
        if self.doc is None or not current.isValid() or current.row() >= len(self.doc.shots):
            return None
        return self.doc.shots[current.row()].id

    # -- selection ------------------------------------------------------------------------
    def selected_ids_in_view(self) -> list[str]:
        if self.doc is None:
            return []
        return [self.doc.shots[r].id for r in self.view.selected_rows()]

    def selected_ids(self) -> list[str]:
        return self.editor.selected_ids if self.doc is not None else []

    def select_ids(self, ids: list[str], current: str | None = None) -> None:
        self.editor.select(ids, current)
        self._apply_editor_selection()

    # -- edits ----------------------------------------------------------------------------
    def _guard(self, fn, *args):
        try:
            return fn(*args)
        except (ValueError, KeyError) as exc:
            QMessageBox.warning(self, "Reelroom", user_text(exc))
            return None

    def add_shot(self) -> str | None:
        if self.doc is None:
            return None
        rows = self.view.selected_rows()
        index = rows[-1] + 1 if rows else len(self.doc.shots)
        cmd = self.undo.push(AddShots(self.doc, index, [{}]))
        self.select_ids(cmd.ids)
        return cmd.ids[0]

    def duplicate_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            cmd = self.undo.push(DuplicateShots(self.doc, ids))
            self.select_ids(cmd.ids)

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        first = min(self.view.selected_rows())
        self.undo.push(DeleteShots(ids))
        if len(self.doc.shots):
            self.select_ids([self.doc.shots[min(first, len(self.doc.shots) - 1)].id])
        else:
            self.editor.select([])

    def split_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            shot = self.doc.shots.get(ids[0])
            self._guard(lambda: self.undo.push(SplitShot(self.doc, shot.id, shot.duration / 2)))

    def move_shots(self, ids: list[str], dest: int) -> None:
        self.undo.push(MoveShots(ids, dest))
        self.select_ids(ids)

    def move_selected(self, delta: int) -> None:
        rows = self.view.selected_rows()
        if not rows:
            return
        ids = [self.doc.shots[r].id for r in rows]
        if delta < 0 and rows[0] > 0:
            self.move_shots(ids, rows[0] - 1)
        elif delta > 0 and rows[-1] < len(self.doc.shots) - 1:
            self.move_shots(ids, rows[-1] + 2)

    def trim_shot(self, shot_id: str, edge: str, length: float) -> None:
        """A clip's edge dragged in the track view: its take's in or out point moves (the
        media is untouched); a shot without a take changes its planned duration."""
        shot = self.doc.shots.get(shot_id)
        take = self.doc.selected_take(shot)
        span = self.doc.cut_span(shot)
        if not span.from_take or take is None:
            self._guard(lambda: self.undo.push(
                UpdateShot(self.doc, shot_id, duration=round(length, 3))))
            return
        if edge == "out":
            cmd = TrimTake(take, span.start, span.start + length)
        else:
            cmd = TrimTake(take, span.end - length, take.trim_out)
        self._guard(lambda: self.undo.push(cmd))

    def _toggle_zoom(self, on: bool) -> None:
        self.delegate.proportional = on
        self.view.setUniformItemSizes(not on)
        self.view.doItemsLayout()


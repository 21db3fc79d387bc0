"""Wiring of the export feature: File → Export Film… (Ctrl+E), Shot → Edit Take…, and the
player's in/out points (I / O, also in the Shot menu) that the take editor trims to."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QAction

from app.domain import Take
from app.services.editor_state import EditorState
from app.services.take_edits import AddEditedTake, TakeEdit, TakeEditor


class ExportFeature:
    """File → Export Film…, Shot → Edit Take…, and the player's in/out marks in the Shot menu."""

    def __init__(self, window, studio, editor: EditorState, player) -> None:
        self.window = window  # the shell: actions, menus, undo, status bar, dialog parent
        self.studio = studio
        self.editor = editor
        self.player = player
        self.export_dialog = None  # kept while open: the dialog owns a running task
        self.take_edit_dialog = None
        a = window.actions
        file_menu, shot_menu = window.menus["file"], window.menus["shot"]
        file_menu.insertAction(a.settings, a.export_film)
        file_menu.insertSeparator(a.settings)
        shot_menu.addSeparator()
        shot_menu.addAction(a.edit_take)
        # I and O are the player's own keys (handled there so they never fire while typing a
        # prompt); the menu items make them discoverable and clickable.
        self.set_in = QAction("Set &In Point\tI", window)
        self.set_out = QAction("Set &Out Point\tO", window)
        self.set_in.triggered.connect(player.mark_in)
        self.set_out.triggered.connect(player.mark_out)
        shot_menu.addAction(self.set_in)
        shot_menu.addAction(self.set_out)
        # the player shows no marks itself: say them where people look
        player.marks_changed.connect(self._say_marks)
        a.export_film.triggered.connect(self.open_export_dialog)
        a.edit_take.triggered.connect(self.open_take_edit_dialog)

    def _say_marks(self) -> None:
        player = self.player
        parts = [f"{name} {ms / 1000:.2f} s" for name, ms in (("In", player.in_ms),
                                                              ("Out", player.out_ms))
                 if ms is not None]
        if parts:
            self.window.statusBar().showMessage(
                " · ".join(parts) + " — Shot → Edit Take… trims to these points", 8000)

    def open_export_dialog(self):
        from ui.export.export_dialog import ExportDialog

        doc = self.editor.document
        if doc is None:
            self.window.statusBar().showMessage("Open a project first, then export it.", 6000)
            return None
        dialog = ExportDialog(self.studio, doc, play=self.window.play_path, parent=self.window)
        dialog.exported.connect(lambda done: self.window.statusBar().showMessage(
            f"Exported {done.path}", 10000))
        self.export_dialog = dialog
        dialog.open()
        return dialog

    def selected_take(self) -> tuple[object, Take] | None:
        """(shot, its selected take) for the current shot, or None."""
        doc = self.editor.document
        ids = self.editor.selected_ids
        if doc is None or not ids:
            return None
        shot = doc.shots.get(ids[-1])
        take = doc.take(shot.selected_take_id) if shot.selected_take_id else None
        return (shot, take) if take is not None else None

    def open_take_edit_dialog(self):
        from ui.export.take_edit_dialog import TakeEditDialog

        window = self.window
        found = self.selected_take()
        if found is None:
            window.statusBar().showMessage(
                "Select a shot that has a take, then choose Shot → Edit Take….", 6000)
            return None
        shot, take = found
        doc = self.editor.document
        number = doc.shots.index_of(shot.id) + 1
        label = f"Shot {number}" + (f" “{shot.title}”" if shot.title else "")
        marks = self.player.marks_for(take.media_path) if take.media_path else (None, None)

        def add(new: Take, edit: TakeEdit) -> None:
            if self.editor.document is not doc:
                return  # another project was opened meanwhile; the file stays in the cache
            window.undo.push(AddEditedTake(doc, new, edit.label))
            window.statusBar().showMessage(f"{edit.label}: new take selected on {label}", 8000)

        dialog = TakeEditDialog(take, label, TakeEditor.for_studio(self.studio), on_take=add,
                                aspect=doc.project.aspect, marks=marks,
                                save_folder=_user_folder(), parent=window)
        self.take_edit_dialog = dialog
        dialog.open()
        return dialog


def _user_folder() -> Path:
    videos = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.MoviesLocation)
    return Path(videos) if videos and Path(videos).is_dir() else Path.home()

"""Wiring of the export feature: File → Export Film… (Ctrl+E), Shot → Edit Take…, and the
player's in/out points (I / O, also in the Shot menu) that the take editor trims to."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QAction

from app.domain import Take
from app.services.take_edits import AddEditedTake, TakeEdit, TakeEditor


def attach(window) -> None:
    a = window.actions
    file_menu, shot_menu = window.menus["file"], window.menus["shot"]
    file_menu.insertAction(a.settings, a.export_film)
    file_menu.insertSeparator(a.settings)
    shot_menu.addSeparator()
    shot_menu.addAction(a.edit_take)
    # I and O are the player's own keys (handled there so they never fire while typing a
    # prompt); the menu items make them discoverable and clickable.
    set_in = QAction("Set &In Point\tI", window)
    set_out = QAction("Set &Out Point\tO", window)
    set_in.triggered.connect(lambda: _player_call(window, "mark_in"))
    set_out.triggered.connect(lambda: _player_call(window, "mark_out"))
    shot_menu.addAction(set_in)
    shot_menu.addAction(set_out)
    window.export_actions = {"set_in": set_in, "set_out": set_out}
    marks = getattr(window.player_panel, "marks_changed", None)
    if marks is not None:  # the player shows no marks itself: say them where people look
        marks.connect(lambda: _say_marks(window))
    a.export_film.triggered.connect(lambda: open_export_dialog(window))
    a.edit_take.triggered.connect(lambda: open_take_edit_dialog(window))


def _player_call(window, name: str) -> None:
    method = getattr(window.player_panel, name, None)
    if method is not None:
        method()


def _say_marks(window) -> None:
    player = window.player_panel
    parts = [f"{name} {ms / 1000:.2f} s" for name, ms in (("In", player.in_ms),
                                                          ("Out", player.out_ms))
             if ms is not None]
    if parts:
        window.statusBar().showMessage(
            " · ".join(parts) + " — Shot → Edit Take… trims to these points", 8000)


def _user_folder() -> Path:
    videos = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.MoviesLocation)
    return Path(videos) if videos and Path(videos).is_dir() else Path.home()


def open_export_dialog(window):
    from ui.export.export_dialog import ExportDialog

    doc = window.studio.document if window.studio else None
    if doc is None:
        window.statusBar().showMessage("Open a project first, then export it.", 6000)
        return None
    dialog = ExportDialog(window.studio, doc, play=window.play_path, parent=window)
    dialog.exported.connect(lambda done: window.statusBar().showMessage(
        f"Exported {done.path}", 10000))
    window.export_dialog = dialog  # kept: the dialog owns a running task
    dialog.open()
    return dialog


def selected_take(window) -> tuple[object, Take] | None:
    """(shot, its selected take) for the timeline's current shot, or None."""
    doc = window.studio.document if window.studio else None
    if doc is None:
        return None
    ids = window.timeline.selected_ids()
    if not ids:
        return None
    shot = doc.shots.get(ids[-1])
    take = doc.take(shot.selected_take_id) if shot.selected_take_id else None
    return (shot, take) if take is not None else None


def open_take_edit_dialog(window):
    from ui.export.take_edit_dialog import TakeEditDialog

    found = selected_take(window)
    if found is None:
        window.statusBar().showMessage(
            "Select a shot that has a take, then choose Shot → Edit Take….", 6000)
        return None
    shot, take = found
    doc = window.studio.document
    number = doc.shots.index_of(shot.id) + 1
    label = f"Shot {number}" + (f" “{shot.title}”" if shot.title else "")
    marks = (window.player_panel.marks_for(take.media_path)
             if take.media_path and hasattr(window.player_panel, "marks_for") else (None, None))

    def add(new: Take, edit: TakeEdit) -> None:
        if window.studio.document is not doc:
            return  # another project was opened meanwhile; the file stays in the cache
        window.undo.push(AddEditedTake(doc, new, edit.label))
        window.statusBar().showMessage(f"{edit.label}: new take selected on {label}", 8000)

    dialog = TakeEditDialog(take, label, TakeEditor.for_studio(window.studio), on_take=add,
                            aspect=doc.project.aspect, marks=marks,
                            save_folder=_user_folder(), parent=window)
    window.take_edit_dialog = dialog
    dialog.open()
    return dialog

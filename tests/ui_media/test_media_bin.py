"""The media bin in the studio window, driven as a user does: real drag-enter/move/drop
events carrying real QMimeData with file URLs onto the bin, onto a shot, between shots and
onto the player; File → Import Media…; double-click to play; remove with undo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from tests.support.dnd import drop
from ui.media_bin.model import MEDIA_MIME

WAIT = 15000


def file_mime(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def settle(window, qtbot) -> None:
    """Let asyncio (qasync's loop, as in the app) run until the bin's imports have finished."""
    qtbot.waitUntil(lambda: not window.features.media.controller.busy, timeout=WAIT)


def bin_drop(window, qtbot, *paths: Path):
    panel = window.features.media.panel
    target = panel.view.viewport() if panel.model.rowCount() else panel.empty
    event = drop(target, QPoint(40, 40), file_mime(*paths))
    settle(window, qtbot)
    return event


def card_point(window, row: int, where: str) -> QPoint:
    view = window.timeline.view
    rect = view.visualRect(window.timeline.model.index(row, 0))
    x = {"middle": rect.center().x(), "left": rect.left() + 2}[where]
    return QPoint(x, rect.center().y())


def timeline_drop(window, qtbot, mime: QMimeData, row: int, where: str):
    event = drop(window.timeline.view.viewport(), card_point(window, row, where), mime)
    settle(window, qtbot)
    return event


def test_the_bin_replaces_the_empty_state_and_says_what_goes_here(window, doc):
    panel = window.docks["media"].widget()
    assert panel is window.features.media.panel
    assert panel.stack.currentWidget() is panel.empty
    assert "drop them here" in panel.empty.text() and "Ctrl+I" in panel.empty.text()
    assert window.actions.import_media in window.menus["file"].actions()
    assert window.actions.import_media.shortcut().toString() == "Ctrl+I"


def test_files_dropped_on_the_bin_are_imported_in_order_once(window, doc, qtbot, files):
    bin_drop(window, qtbot, files["clip2"], files["red"], files["tone"])
    model = window.features.media.panel.model
    assert [model.item(r).name for r in range(model.rowCount())] == [
        "sunset.mp4", "red.png", "tone.m4a"]
    assert [model.item(r).kind for r in range(3)] == ["video", "image", "audio"]
    details = model.index(0).data(Qt.ItemDataRole.UserRole + 2)
    assert "0:02.0" in details and "160×90" in details and "h264" in details
    assert window.features.media.panel.stack.currentWidget() is window.features.media.panel.view
    # the same content again (another name too) is not a second item
    copy = files["red"].with_name("red again.png")
    copy.write_bytes(files["red"].read_bytes())
    bin_drop(window, qtbot, files["red"], copy)
    assert model.rowCount() == 3
    assert "2 already in the bin" in window.features.media.panel.status.text()


def test_a_mixed_drop_names_the_unsupported_file_and_lands_the_rest(window, doc, qtbot, files):
    problems: list[str] = []
    window.features.media.controller.problem.connect(problems.append)
    bin_drop(window, qtbot, files["clip"], files["notes"], files["blue"])
    model = window.features.media.panel.model
    assert [model.item(r).name for r in range(model.rowCount())] == ["clip.mp4", "blue.jpg"]
    (text,) = problems
    assert text.startswith("notes.txt is not a readable media file")
    box = window.features.media.controller._box
    assert box.isVisible() and "notes.txt" in box.informativeText()
    assert "Not imported: notes.txt" in window.features.media.panel.status.text()


def test_image_dropped_onto_a_shot_becomes_its_reference_with_undo(window, doc, qtbot, files):
    shot_id = doc.shots[1].id
    timeline_drop(window, qtbot, file_mime(files["red"]), 1, "middle")
    item = window.features.media.panel.model.item(0)
    assert doc.shots.get(shot_id).reference_media == [item.path]
    assert Path(item.path).is_file() and Path(item.path) != files["red"]  # a library copy
    assert len(doc.shots) == 3  # no new shot
    window.undo_stack.undo()
    assert doc.shots.get(shot_id).reference_media == []
    window.undo_stack.redo()
    assert doc.shots.get(shot_id).reference_media == [item.path]


def test_video_dropped_onto_a_shot_becomes_its_selected_imported_take(
        window, doc, qtbot, files):
    shot_id = doc.shots[0].id
    timeline_drop(window, qtbot, file_mime(files["clip2"]), 0, "middle")
    (take,) = doc.takes(shot_id)
    assert (take.source, take.provider) == ("imported", "imported")
    assert abs(take.duration - 2.0) < 0.1 and Path(take.thumbnail_path).is_file()
    assert take.media_path == window.features.media.panel.model.item(0).path
    assert doc.shots.get(shot_id).selected_take_id == take.id
    window.undo_stack.undo()
    assert doc.takes(shot_id) == [] and doc.shots.get(shot_id).selected_take_id is None


def test_files_dropped_between_shots_become_new_shots_in_drop_order_in_one_step(
        window, doc, qtbot, files):
    before = doc.shots.ids()
    timeline_drop(window, qtbot, file_mime(files["clip2"], files["blue"], files["clip"]),
                  1, "left")  # the left edge of card 2: insert before it
    ids = doc.shots.ids()
    assert len(ids) == 6 and ids[0] == before[0] and ids[4:] == before[1:]
    new = [doc.shots.get(i) for i in ids[1:4]]
    assert [s.title for s in new] == ["sunset", "blue", "clip"]
    assert abs(new[0].duration - 2.0) < 0.1 and abs(new[2].duration - 1.5) < 0.1
    assert len(doc.takes(new[0].id)) == 1 and doc.takes(new[1].id) == []
    assert new[1].reference_media and new[1].reference_media[0].endswith("blue.jpg")
    assert window.timeline.selected_ids() == ids[1:4]
    window.undo_stack.undo()  # the whole drop is one undo step
    assert doc.shots.ids() == before


def test_mixed_drop_between_shots_lands_valid_files_and_names_the_bad_one(
        window, doc, qtbot, files):
    problems: list[str] = []
    window.features.media.controller.problem.connect(problems.append)
    timeline_drop(window, qtbot, file_mime(files["red"], files["fake"], files["tone"],
                                           files["clip"]), 2, "left")
    titles = [s.title for s in doc.shots]
    assert titles[2:4] == ["red", "clip"] and len(titles) == 5
    (text,) = problems
    assert "holiday.mp4 is not a readable media file" in text
    assert "tone.m4a is audio" in text  # audio has no place on a shot: said so, kept in bin
    assert window.features.media.panel.model.rowCount() == 3


def test_dragging_a_bin_item_onto_a_shot_uses_the_library_file(window, doc, qtbot, files):
    bin_drop(window, qtbot, files["clip"])
    model = window.features.media.panel.model
    mime = model.mimeData([model.index(0)])
    assert mime.hasFormat(MEDIA_MIME) and mime.urls()[0].toLocalFile() == model.item(0).path
    # the bin does not re-import its own items
    assert drop(window.features.media.panel.view.viewport(), QPoint(30, 30), mime).isAccepted() is False
    timeline_drop(window, qtbot, mime, 2, "middle")
    (take,) = doc.takes(doc.shots[2].id)
    assert take.media_path == model.item(0).path and model.rowCount() == 1
    # says what the drop did to the shot, not what the bin already had
    assert window.features.media.panel.status.text() == "Added take 1 to shot 3"
    timeline_drop(window, qtbot, model.mimeData([model.index(0)]), 2, "middle")
    assert window.features.media.panel.status.text() == "Added take 2 to shot 3"
    assert "Added take 2 to shot 3" in window.statusBar().currentMessage()


def test_drop_onto_the_player_plays_the_file(window, doc, qtbot, files):
    player = window.player_panel
    played: list[str] = []
    player.file_dropped.connect(played.append)
    event = drop(player, QPoint(20, 20), file_mime(files["clip"]))
    assert event.isAccepted() and played == [str(files["clip"])]
    qtbot.waitUntil(lambda: player.has_media, timeout=WAIT)


def test_double_click_plays_the_item_in_the_player(window, doc, qtbot, files, monkeypatch):
    bin_drop(window, qtbot, files["clip"])
    played: list = []
    monkeypatch.setattr(window, "play_path", played.append)
    view = window.features.media.panel.view
    rect = view.visualRect(window.features.media.panel.model.index(0))
    # a double-click as a window system sends it: press, release, then the double-click
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert played == [window.features.media.panel.model.item(0).path]


def test_import_menu_opens_a_file_dialog_that_imports_the_chosen_files(
        window, doc, qtbot, files):
    window.actions.import_media.trigger()
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, QFileDialog) and w.isVisible())
    dialog.filesSelected.emit([str(files["blue"]), str(files["clip"])])
    dialog.reject()
    settle(window, qtbot)
    assert window.features.media.panel.model.rowCount() == 2


def test_remove_asks_then_removes_with_undo_and_refuses_items_in_use(
        window, doc, qtbot, files):
    bin_drop(window, qtbot, files["clip"], files["blue"])
    model, controller = window.features.media.panel.model, window.features.media.controller
    clip, blue = model.item(0), model.item(1)
    timeline_drop(window, qtbot, file_mime(files["clip"]), 0, "middle")  # clip is now a take
    box = controller.remove_items([clip.id])
    assert "clip.mp4 is used by take 1 of shot 1" in box.informativeText()
    box.done(0)
    assert model.rowCount() == 2
    box = controller.remove_items([blue.id])
    assert box.icon() == QMessageBox.Icon.Question
    box.done(QMessageBox.StandardButton.Yes)
    assert [model.item(r).id for r in range(model.rowCount())] == [clip.id]
    assert Path(blue.path).is_file()
    window.undo_stack.undo()
    assert [model.item(r).id for r in range(model.rowCount())] == [clip.id, blue.id]


def test_bin_thumbnails_are_decoded_off_the_gui_thread_then_shown(window, doc, qtbot, files):
    """A card's picture is not decoded while painting: the first ask schedules it, and once
    it is ready the card repaints with the picture made to fit its thumbnail area."""
    from ui.media_bin.delegate import thumb_size

    bin_drop(window, qtbot, files["clip2"], files["red"], files["tone"])
    model = window.features.media.panel.model
    model.thumbnails._cache.clear()  # as a freshly opened project: nothing decoded yet
    changed: list[int] = []
    model.dataChanged.connect(lambda top, _bottom, _roles: changed.append(top.row()))
    picture = model.index(1)  # red.png
    first = model.data(picture, Qt.ItemDataRole.DecorationRole)
    assert first is None  # scheduled, not decoded here
    qtbot.waitUntil(lambda: model.data(picture, Qt.ItemDataRole.DecorationRole) is not None,
                    timeout=WAIT)
    pix = model.data(picture, Qt.ItemDataRole.DecorationRole)
    assert pix.size() == thumb_size() and 1 in changed
    assert model.data(model.index(2), Qt.ItemDataRole.DecorationRole) is None  # audio

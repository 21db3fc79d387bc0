"""File → Export/Import Timeline and Export/Import Project Bundle in the window, offscreen:
the entries are where people look, each runs without blocking, and ends with a message that
says what happened or what was wrong."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.domain import Take, Transition


def menu_texts(menu) -> list[str]:
    return [a.text() for a in menu.actions()]


def film(window, clip: Path):
    project = window.studio.create_project("Film")
    doc = window.open_project(project.id)
    doc.insert_shots(0, [doc.new_shot(title="Open", duration=2.0, transition=Transition.DISSOLVE),
                         doc.new_shot(title="Close", duration=1.5)])
    doc.add_take(Take(shot_id=doc.shots[0].id, media_path=str(clip), duration=2.0))
    return doc


def finish(qtbot, task) -> QMessageBox:
    qtbot.waitUntil(task.done, timeout=20_000)
    assert task.exception() is None
    return task


def test_file_menu_has_the_entries_before_settings(window):
    texts = menu_texts(window.menus["file"])
    settings = texts.index("&Settings…")
    mine = ["Export &Timeline (OTIO/EDL)…", "Import T&imeline…", "Export Project &Bundle…",
            "Import Project B&undle…"]
    assert all(texts.index(m) < settings for m in mine)
    assert [t for t in texts if t in mine] == mine


def test_the_file_dialog_opens_without_blocking(window, qtbot, clip):
    film(window, clip)
    window.actions.export_timeline.trigger()
    dialog = window.features.interchange.transfers.dialog
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    assert "*.otio" in ";".join(dialog.nameFilters()) and "*.edl" in ";".join(dialog.nameFilters())
    assert dialog.selectedFiles()[0].endswith("Film.otio")
    dialog.reject()


def test_export_then_import_a_timeline_is_one_undo_step(window, qtbot, clip, tmp_path):
    doc = film(window, clip)
    task = window.features.interchange.transfers.export_timeline_to(tmp_path / "cut.otio")
    finish(qtbot, task)
    box = window.features.interchange.transfers.message
    assert box.isVisible() and "Wrote cut.otio: 1 clip(s), 1 gap(s)" in box.text()
    box.accept()

    finish(qtbot, window.features.interchange.transfers.import_timeline_from(tmp_path / "cut.otio"))
    assert [s.title for s in doc.shots] == ["Open", "Close", "Open", "Close"]
    assert doc.shots[2].transition == Transition.DISSOLVE
    assert doc.take(doc.shots[2].selected_take_id).media_path != str(clip)  # copied in
    assert "Imported 2 shot(s) from cut.otio, 1 with media" in window.features.interchange.transfers.message.text()
    assert window.timeline.selected_ids() == doc.shots.ids()[2:]
    window.undo_stack.undo()
    assert [s.title for s in doc.shots] == ["Open", "Close"]
    window.undo_stack.redo()
    assert len(doc.shots) == 4


def test_a_bad_timeline_says_what_is_wrong(window, qtbot, clip, tmp_path):
    doc = film(window, clip)
    (tmp_path / "cut.edl").write_text("001  AX  V  C  garbage\n")
    finish(qtbot, window.features.interchange.transfers.import_timeline_from(tmp_path / "cut.edl"))
    box = window.features.interchange.transfers.message
    assert box.icon() == QMessageBox.Icon.Warning
    assert box.windowTitle() == "Importing timeline failed"
    assert "cut.edl is not a CMX 3600 EDL Reelroom can read" in box.text()
    assert len(doc.shots) == 2 and window.undo_stack.count() == 0
    assert all(a.isEnabled() for a in window.features.interchange.transfers.actions)


def test_bundle_out_and_back_in_opens_the_new_project(window, qtbot, clip, tmp_path):
    doc = film(window, clip)
    finish(qtbot, window.features.interchange.transfers.export_bundle_to(tmp_path / "film.reelroom"))
    assert "2 shot(s), 1 take(s), 1 media file(s)" in window.features.interchange.transfers.message.text()
    finish(qtbot, window.features.interchange.transfers.import_bundle_from(tmp_path / "film.reelroom"))
    opened = window.studio.document
    assert opened.project.id != doc.project.id and opened.project.name == "Film (imported)"
    assert [s.title for s in opened.shots] == ["Open", "Close"]
    assert window.windowTitle().startswith("Film (imported)")
    assert "It is open now" in window.features.interchange.transfers.message.text()


def test_a_corrupt_bundle_is_refused_and_nothing_changes(window, qtbot, clip, tmp_path):
    film(window, clip)
    projects = len(window.studio.list_projects())
    (tmp_path / "broken.reelroom").write_bytes(b"PK\x03\x04 not really a zip")
    finish(qtbot, window.features.interchange.transfers.import_bundle_from(tmp_path / "broken.reelroom"))
    box = window.features.interchange.transfers.message
    assert box.windowTitle() == "Importing project bundle failed"
    assert "broken.reelroom is not a Reelroom project bundle" in box.text()
    assert len(window.studio.list_projects()) == projects
    assert window.studio.document.project.name == "Film"

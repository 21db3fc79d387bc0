"""The studio window offscreen: panels, project picker, shot editing through the UI with undo,
drag-and-drop reorder, and a restart that finds everything again."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.services.commands import UpdateShot
from app.services.studio import Studio
from tests.support.dnd import drop
from ui.main import build_studio, create_window
from ui.timeline.model import SHOT_MIME


@pytest.fixture
def window(qtbot, reelroom_home):
    studio = Studio.open()
    w = create_window(studio)
    qtbot.addWidget(w)
    w.show()
    yield w
    studio.close()


def open_new_project(window, name="Film"):
    project = window.studio.create_project(name)
    return window.open_project(project.id)


def stored(window):
    doc = window.studio.document
    return [tuple(r) for r in window.studio.db.conn.execute(
        "SELECT id, data FROM shots WHERE project_id = ? AND deleted = 0 ORDER BY position",
        (doc.project.id,))]


def test_main_window_has_five_panels_with_empty_states(window):
    titles = {d.windowTitle() for d in window.docks.values()}
    assert titles == {"Timeline", "Shot inspector", "Queue", "Player", "Media bin"}
    assert all(d.isVisible() for d in window.docks.values())
    assert window.features.queue.panel.empty.isVisible()
    assert "Generation queue" in window.features.queue.panel.empty.text()
    assert window.player_panel.backend_name in ("vlc", "qt")
    assert window.player_panel.empty_label.isVisible()
    assert window.player_panel.empty_label.text().startswith("Nothing to play yet")
    assert "No shots yet" in window.timeline.empty.text()
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus[:2] == ["&File", "&Edit"] and "&View" in menus and "&Help" in menus


def test_a_new_user_sees_each_panels_explanation_once_the_studio_is_attached(qtbot,
                                                                           reelroom_home):
    """The first frame's docks are blank but the timeline's "Opening your library…"
    (test_first_frame); attached to an empty library, every panel says what goes in it."""
    from PySide6.QtWidgets import QLabel

    from ui.first_paint import wait_until_painted
    from ui.main_window import MainWindow

    window = MainWindow(actions_later=True)  # the shell as ui.main shows it first
    qtbot.addWidget(window)
    window.show()
    assert wait_until_painted(window)
    before = [label.text() for dock in window.docks.values()
              for label in dock.findChildren(QLabel) if label.text()]
    assert before == ["Opening your library…"], before
    studio = Studio.open()
    try:
        window.add_actions()
        window.attach(studio)
        QApplication.processEvents()
        queue, media = window.features.queue.panel, window.features.media.panel
        assert queue.empty.isVisible() and queue.empty.text().startswith("Generation queue")
        assert media.empty.isVisible() and media.empty.text().startswith("The media bin is empty")
        assert "Import video, image and audio files" in media.empty.text()
        assert window.player_panel.empty_label.isVisible()
        assert window.player_panel.empty_label.text().startswith("Nothing to play yet")
        shown = {label.text() for label in window.findChildren(QLabel) if label.isVisible()}
        assert "Opening your library…" not in shown
    finally:
        window.close()
        studio.close()


def test_project_picker_creates_and_opens_a_project(window, qtbot):
    picker = window.show_project_picker()
    picker.name.setText("")
    picker.create_btn.click()
    assert "needs a name" in picker.error.text()  # empty name: told what to do
    picker.name.setText("Launch film")
    picker.create_btn.click()
    qtbot.waitUntil(lambda: window.studio.document is not None)
    assert window.studio.document.project.name == "Launch film"
    assert window.windowTitle().startswith("Launch film")


def test_add_edit_reorder_delete_through_the_ui_with_undo_redo(window, qtbot):
    open_new_project(window)
    states = [stored(window)]
    for _ in range(3):
        window.actions.add_shot.trigger()
        states.append(stored(window))
    doc = window.studio.document
    assert len(doc.shots) == 3
    # edit the selected (last added) shot's title by typing in the inspector
    window.timeline.select_ids([doc.shots[0].id])
    qtbot.keyClicks(window.inspector.title, "Opening")
    assert doc.shots[0].title == "Opening"
    states.append(stored(window))
    # Ctrl+Right moves the selected shot right
    view = window.timeline.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert doc.shots[1].title == "Opening"
    states.append(stored(window))
    # Delete removes the selection
    window.timeline.select_ids([doc.shots[1].id])
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert [s.title for s in doc.shots].count("Opening") == 0
    states.append(stored(window))
    assert window.actions.undo.text().startswith("&Undo Delete 1 shot") or \
        "Delete 1 shot" in window.actions.undo.text()

    for expected in reversed(states[:-1]):
        window.actions.undo.trigger()
        assert stored(window) == expected
    for expected in states[1:]:
        window.actions.redo.trigger()
        assert stored(window) == expected


def test_drag_reorder_by_mime_drop_and_by_a_real_drop_event(window, qtbot):
    doc = open_new_project(window)
    for _ in range(4):
        window.actions.add_shot.trigger()
    for i, s in enumerate(list(doc.shots)):
        window.undo.push(UpdateShot(doc, s.id, title="ABCD"[i]))
    model = window.timeline.model
    mime = QMimeData()
    mime.setData(SHOT_MIME, json.dumps([doc.shots[0].id]).encode())
    model.dropMimeData(mime, Qt.DropAction.MoveAction, 3, 0, model.index(-1, 0).parent())
    assert [s.title for s in doc.shots] == list("BCAD")

    # a real drop event on the view: shots B and C dropped on the left half of card D
    view = window.timeline.view
    mime2 = QMimeData()
    mime2.setData(SHOT_MIME, json.dumps([doc.shots[0].id, doc.shots[1].id]).encode())
    rect = view.visualRect(model.index(3, 0))
    pos = QPoint(rect.left() + 3, rect.center().y())  # left edge of D: insert before it
    event = drop(view.viewport(), pos, mime2)
    assert event.isAccepted()
    assert [s.title for s in doc.shots] == list("ABCD")
    window.actions.undo.trigger()
    assert [s.title for s in doc.shots] == list("BCAD")


def test_close_and_reopen_finds_everything_and_the_layout(qtbot, reelroom_home):
    studio = Studio.open()
    w = create_window(studio)
    qtbot.addWidget(w)
    w.show()
    doc = open_new_project(w, "Persisted")
    for _ in range(3):
        w.actions.add_shot.trigger()
    w.timeline.select_ids([doc.shots[2].id])
    w.timeline.move_selected(-1)
    ids = doc.shots.ids()
    w.docks["queue"].hide()
    w.close()
    studio.close()

    studio2 = Studio.open()
    w2 = create_window(studio2)
    qtbot.addWidget(w2)
    w2.show()
    assert studio2.document is not None and studio2.document.project.name == "Persisted"
    assert studio2.document.shots.ids() == ids
    assert w2.timeline.model.rowCount() == 3
    assert not w2.docks["queue"].isVisible()  # dock layout restored
    w2.close()
    studio2.close()


def test_damaged_library_asks_and_starts_fresh_keeping_the_file(qtbot, reelroom_home):
    lib = reelroom_home / "data" / "library.db"
    lib.parent.mkdir(parents=True)
    lib.write_bytes(b"garbage" * 500)
    seen = {}

    def answer():
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen["text"] = box.text()
        next(b for b in box.buttons() if b.text() == "Start a new library").click()

    QTimer.singleShot(0, answer)
    studio = build_studio()
    assert "damaged" in seen["text"] and "A copy of it was kept at" in seen["text"]
    kept = [p for p in lib.parent.iterdir() if p.is_file() and p.read_bytes() == b"garbage" * 500]
    assert kept, "the damaged library must be kept"
    assert studio is not None and studio.list_projects() == []
    studio.close()


def test_settings_dialog_offers_session_only_keys_without_a_keyring(window, no_keyring):
    dialog = window.show_settings()
    assert "No secure system keyring" in dialog.keyring_note.text()
    assert dialog.session_only.isChecked()
    dialog.key_edits["openai"].setText("sk-session-only-key-123456")
    dialog.save_key("openai")
    assert dialog.key_edits["openai"].text() == ""
    assert "this session only" in dialog.key_status["openai"].text()
    assert window.studio.secrets.get("openai") == "sk-session-only-key-123456"
    dialog.reject()


def test_diagnostics_dialog_shows_the_doctor_report(window, qtbot, qasync_loop):
    dialog = window.show_diagnostics()
    qtbot.waitUntil(lambda: dialog.task.done(), timeout=60_000)
    text = dialog.text.toPlainText()
    assert "Python" in text and "ffmpeg" in text and "libvlc" in text
    dialog.reject()


def test_about_box_says_which_player_backend_is_active_and_why(window):
    text = window.player_description()
    assert text.startswith(("VLC", "Qt Multimedia"))
    assert window.player_panel.backend_reason in text


def test_choosing_another_player_in_settings_takes_effect_at_once(window, qtbot):
    assert window.player_panel.backend_name == "vlc"  # default settings, libvlc installed
    dialog = window.show_settings()
    dialog.player.setCurrentIndex(dialog.player.findData("qt"))
    dialog.accept()
    assert window.player_panel.backend_name == "qt"
    assert window.player_panel.backend_reason == "Qt Multimedia (chosen in settings)"
    assert window.statusBar().currentMessage().startswith("Player: now Qt Multimedia")
    assert not window.player_notice.isVisible()  # chosen, not a fallback: nothing to explain
    dialog = window.show_settings()
    dialog.player.setCurrentIndex(dialog.player.findData("auto"))
    dialog.accept()
    assert window.player_panel.backend_name == "vlc"


def test_a_fallback_to_qt_is_said_in_one_status_bar_line(qtbot, reelroom_home, monkeypatch):
    from ui.player import vlc_outputs

    monkeypatch.setattr(vlc_outputs, "video_output_problem",
                        lambda dirs, platform=None: "no video output for X11 (test)")
    studio = Studio.open()
    try:
        w = create_window(studio)
        qtbot.addWidget(w)
        w.show()
        assert w.player_panel.backend_name == "qt"
        assert w.player_notice.isVisible()
        assert w.player_notice.text() == (
            f"Player: {w.player_panel.backend_reason}")
        assert "no video output for X11 (test); using Qt Multimedia instead" in (
            w.player_notice.text())
        w.close()
    finally:
        studio.close()

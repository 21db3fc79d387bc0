"""The studio's words in the first hour: key fields, Settings rows that stay aligned, a garbage
settings file told once, the Shot menu's Delete shortcut."""

from __future__ import annotations

import pytest

from app.services.studio import Studio
from ui.main import create_window


@pytest.fixture
def window(qtbot, reelroom_home):
    studio = Studio.open()
    w = create_window(studio)
    qtbot.addWidget(w)
    w.show()
    yield w
    studio.close()


def test_a_key_field_without_a_key_asks_for_one(window):
    dialog = window.show_settings()
    assert dialog.key_edits["openai"].placeholderText() == "paste your API key"
    dialog.key_edits["openai"].setText("sk-a-key-for-the-test-123456")
    dialog.save_key("openai")
    assert dialog.key_edits["openai"].placeholderText() == "paste a key to replace this one"
    dialog.reject()


def test_settings_rows_stay_aligned_after_a_key_is_saved(window, qtbot, no_keyring):
    dialog = window.show_settings()
    qtbot.waitExposed(dialog)

    from PySide6.QtWidgets import QPushButton

    def columns():
        """For each row, where its field and its buttons are, row by row: equal when every
        row has them in the same columns."""
        out = set()
        for edit in dialog.key_edits.values():
            holder = edit.parentWidget()
            buttons = [b for b in holder.findChildren(QPushButton) if b.parentWidget() is holder
                       or b.parentWidget() is edit.parentWidget()]
            out.add(tuple((w.mapTo(dialog, w.rect().topLeft()).x(), w.width())
                          for w in [edit, *buttons]))
        return out

    before = columns()
    assert len(before) == 1  # every row's field and buttons start and end in the same place
    assert len(next(iter(before))) >= 3  # the field, Save and Forget
    dialog.key_edits["shuttleai"].setText("sk-session-only-key-123456")
    dialog.save_key("shuttleai")
    assert dialog.key_status["shuttleai"].text() == "kept for this session only"
    qtbot.wait(10)
    assert columns() == before
    dialog.reject()


def test_a_garbage_settings_file_is_told_once_with_its_path(qtbot, reelroom_home):
    config = reelroom_home / "config"
    config.mkdir(parents=True)
    (config / "settings.json").write_text("garbage", encoding="utf-8")
    studio = Studio.open()
    window = create_window(studio)
    qtbot.addWidget(window)
    aside = next(p for p in config.iterdir() if "unreadable" in p.name)
    box = window.settings_problem_box
    assert str(aside) in box.text() and box.isVisible()
    assert str(aside) in window.statusBar().currentMessage()
    box.accept()
    window.close()
    studio.close()
    again = Studio.open()  # the next start: the file was moved aside, nothing to tell
    assert again.settings_store.problem is None
    again.close()


def test_the_shot_menu_shows_deletes_shortcut(window):
    texts = [a.text() for a in window.menus["shot"].actions()]
    assert any(t.startswith("De&lete Shot\t") and t.endswith("Del") for t in texts)


def test_diagnostics_without_a_keyring_suggests_the_variable_or_a_session_key(
        no_keyring, window, qtbot, qasync_loop):
    dialog = window.show_diagnostics()
    qtbot.waitUntil(lambda: dialog.task.done(), timeout=60_000)
    text = dialog.text.toPlainText()
    assert "REELROOM_OPENAI_API_KEY" in text and "session-only key" in text
    assert "keys set" not in text
    dialog.reject()


def test_export_defaults_to_the_projects_name_in_the_videos_folder(tmp_path, monkeypatch):
    from ui.export.export_dialog import default_output

    videos = tmp_path / "Videos"
    videos.mkdir()
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config"))  # no user-dirs.dirs
    assert default_output("Harbour film") == videos / "Harbour film.mp4"
    (videos / "Harbour film.mp4").write_bytes(b"an earlier export")
    assert default_output("Harbour film") == videos / "Harbour film (2).mp4"  # never over it

"""File dialogs open in the user's Videos / Pictures / Music folder, or the folder last used
for that kind of file — never the folder Reelroom was started from."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QStandardPaths

from ui import file_places
from ui.file_places import file_dialog, kind_of, start_folder


def test_a_dialog_opens_in_the_users_folder_then_the_last_one_used(qtbot, tmp_path,
                                                                    monkeypatch):
    monkeypatch.chdir(tmp_path)
    # what earlier tests chose is remembered for the session: start as a new session does
    monkeypatch.setattr(file_places, "_last", {})
    videos = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.MoviesLocation)
    expected = videos if videos and Path(videos).is_dir() else str(Path.home())
    first = file_dialog(None, "Import media", "media")
    assert Path(first.directory().absolutePath()) == Path(expected)
    assert Path(first.directory().absolutePath()) != Path(os.getcwd())
    chosen = tmp_path / "shoot" / "day1"
    chosen.mkdir(parents=True)
    (chosen / "clip.mp4").write_bytes(b"x")
    first.fileSelected.emit(str(chosen / "clip.mp4"))
    again = file_dialog(None, "Import media", "media")
    assert Path(again.directory().absolutePath()) == chosen
    assert start_folder("image") != str(chosen)  # each kind keeps its own place


def test_kinds_follow_the_name_filter():
    assert kind_of("Images (*.png *.jpg)") == "image"
    assert kind_of("Video (*.mp4)") == "video"
    assert kind_of("Reelroom project bundle (*.reelroom)") == "project"

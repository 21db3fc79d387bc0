"""The cue editor: a table of a subtitle track's cues whose text and times are edited in
place, each edit one undo step, with Add at the playhead and Remove; times typed as seconds or
clock; a bad time is refused in words. The audio clip dialog sets volume in dB and fades."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.domain.soundtrack import AudioClip, SubtitleCue
from ui.sound.clip_dialog import AudioClipDialog, db_to_gain, gain_to_db
from ui.sound.cue_editor import clock, parse_time


@pytest.fixture
def cues(film):
    subs = film.sound.of_kind("subtitle")[0]
    film.sound.put_cues([SubtitleCue(track_id=subs.id, start=0.5, end=1.5, text="Hello"),
                         SubtitleCue(track_id=subs.id, start=2.0, end=3.0, text="World")])
    return subs


def test_text_and_times_are_edited_in_the_table_with_undo(window, film, cues, qtbot):
    editor = window.features.sound.controller.open_cue_editor()
    model = editor.model
    assert [model.index(r, 2).data() for r in range(2)] == ["Hello", "World"]
    assert model.index(0, 0).data() == "0:00.500"
    assert model.setData(model.index(0, 2), "Hello there", Qt.ItemDataRole.EditRole)
    assert model.setData(model.index(1, 0), "0:01.750", Qt.ItemDataRole.EditRole)
    assert [(q.start, q.text) for q in film.sound.cues(cues.id)] == [(0.5, "Hello there"),
                                                                    (1.75, "World")]
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert [(q.start, q.text) for q in film.sound.cues(cues.id)] == [(0.5, "Hello"),
                                                                    (2.0, "World")]
    assert not model.setData(model.index(0, 1), "soon", Qt.ItemDataRole.EditRole)
    assert "“soon” is not a time" in editor.message.text()
    assert not model.setData(model.index(0, 1), "0.2", Qt.ItemDataRole.EditRole)  # before start
    assert "must end after it starts" in editor.message.text()
    editor.close()


def test_add_at_the_playhead_and_remove(window, film, cues, qtbot):
    window.editor.set_playhead(4.0)
    editor = window.features.sound.controller.open_cue_editor()
    cue = editor.add_cue()
    assert (cue.start, cue.end) == (4.0, 6.0) and editor.count.text() == "3 cues"
    editor.table.selectRow(0)
    editor.remove_selected()
    assert [q.text for q in film.sound.cues(cues.id)] == ["World", "New cue"]
    window.undo_stack.undo()
    assert len(film.sound.cues(cues.id)) == 3
    editor.close()


def test_times_read_as_people_type_them():
    assert parse_time("12.5") == 12.5
    assert parse_time("1:02.25") == 62.25
    assert parse_time("01:00:02,500") == 3602.5
    assert clock(62.25) == "1:02.250" and clock(3602.5) == "1:00:02.500"
    with pytest.raises(ValueError, match="seconds"):
        parse_time("two")


def test_the_clip_dialog_sets_volume_in_db_and_fades(window, film, sounds):
    music = film.sound.of_kind("audio")[0]
    clip = AudioClip(track_id=music.id, media_path=str(sounds["sine"]), media_duration=6.0,
                     name="bed")
    film.sound.put_clips([clip])
    dialog = AudioClipDialog(clip, window)
    assert dialog.command() is None  # nothing changed, nothing to undo
    dialog.volume.setValue(-6.0)
    dialog.fade_out.setValue(1.5)
    dialog.src_out.setValue(4.0)
    window.undo.push(dialog.command())
    now = film.sound.clip(clip.id)
    assert now.volume == pytest.approx(db_to_gain(-6.0), abs=1e-3) and now.fade_out == 1.5
    assert now.src_out == 4.0 and now.length == 4.0
    assert gain_to_db(0.5) == pytest.approx(-6.02, abs=0.01)
    window.undo_stack.undo()
    assert film.sound.clip(clip.id) == clip

"""Shot → Edit Take… in the studio window: the player's in/out points (I / O) become the trim
range, Apply makes a new selected take from the real dialog, the original file is untouched,
Edit → Undo removes the new take; values the core refuses are shown as it words them."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import imageio_ffmpeg
import pytest
from PySide6.QtCore import Qt

from app.domain import Take
from tests.ui_export.test_export_dialog import probed

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("take") / "pier.mp4"
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error",
                    "-f", "lavfi", "-i", "testsrc2=s=160x90:r=10:d=2", "-f", "lavfi", "-i",
                    "sine=r=48000:d=2", "-c:v", "libx264", "-preset", "ultrafast",
                    "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(path)],
                   check=True, capture_output=True)
    return path


def sha(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def shot_with_take(window, clip):
    doc = window.open_project(window.studio.create_project("Pier").id)
    window.actions.add_shot.trigger()
    shot = doc.shots[0]
    take = doc.add_take(Take(shot_id=shot.id, provider="animatic", prompt="a pier",
                             media_path=str(clip), duration=2.0))
    window.timeline.select_ids([shot.id])
    return doc, take


def mark(window, qtbot, key, ms: int) -> None:
    player = window.player_panel
    player.backend.seek(ms)
    qtbot.waitUntil(lambda: abs(player.backend.position_ms - ms) < 60, timeout=5000)
    qtbot.keyClick(player, key)


def test_edit_take_trims_to_the_players_marks_into_a_new_take_with_undo(
    window, qtbot, clip
):
    doc, original = shot_with_take(window, clip)
    before = sha(clip)
    window.player_panel.load_file(clip)
    mark(window, qtbot, Qt.Key.Key_I, 500)
    mark(window, qtbot, Qt.Key.Key_O, 1500)
    assert window.player_panel.marks_for(clip) == pytest.approx((0.5, 1.5), abs=0.06)
    said = window.statusBar().currentMessage()
    assert said.startswith("In 0.") and " · Out 1." in said and "Edit Take" in said

    window.actions.edit_take.trigger()
    dialog = window.features.export.take_edit_dialog
    assert dialog.isVisible() and dialog.windowTitle() == "Edit take 1 — Shot 1"
    trim = dialog.current
    assert trim.title == "Trim"
    assert (trim.in_s.value(), trim.out_s.value()) == pytest.approx((0.5, 1.5), abs=0.06)
    assert [dialog.nav.item(i).text() for i in range(dialog.nav.count())] == [
        "Trim", "Speed", "Crop", "Resize / pad", "Text overlay", "Burn subtitles",
        "Add audio track", "Watermark", "Extract frames", "GIF"]
    dialog.apply_btn.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)

    shot = doc.shots[0]
    takes = doc.takes(shot.id)
    assert len(takes) == 2 and shot.selected_take_id == takes[1].id
    new = takes[1]
    assert new.source == "edited" and new.params["edit"]["operation"] == "trim"
    assert probed(qtbot, Path(new.media_path)).duration == pytest.approx(1.0, abs=0.15)
    assert sha(clip) == before and doc.take(original.id) == original
    assert window.undo_stack.undoText() == "Trim take 1"  # one undoable step

    window.actions.undo.trigger()
    assert [t.id for t in doc.takes(shot.id)] == [original.id]
    assert doc.shots[0].selected_take_id == original.id
    window.actions.redo.trigger()
    assert doc.shots[0].selected_take_id == new.id


def test_the_core_words_what_is_wrong_and_nothing_is_made(window, qtbot, clip):
    doc, original = shot_with_take(window, clip)
    window.actions.edit_take.trigger()
    dialog = window.features.export.take_edit_dialog
    crop = dialog.page("Crop")
    qtbot.waitUntil(lambda: crop.w.value() == 160, timeout=5000)  # filled in from the clip
    crop.w.setValue(161)
    dialog.apply_btn.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=10_000)
    assert "w must be a positive even number" in dialog.message.text()
    dialog.grab().save("/tmp/shots/take_edit.png")
    text = dialog.page("Text overlay")
    text.text.setText("Three weeks later")
    dialog.page("Burn subtitles")
    dialog.apply_btn.click()
    assert "Burn subtitles: choose a file first" in dialog.message.text()
    assert dialog.isVisible() and len(doc.takes(original.shot_id)) == 1


def test_a_gif_is_saved_where_asked_and_makes_no_take(window, qtbot, clip, tmp_path):
    doc, original = shot_with_take(window, clip)
    window.actions.edit_take.trigger()
    dialog = window.features.export.take_edit_dialog
    gif = dialog.page("GIF")
    assert gif.file.path().name == "Shot 1 take 1.gif"
    assert dialog.apply_btn.text() == "Save"
    gif.file.set_path(tmp_path / "loop.gif")
    gif.width.setValue(80)
    dialog.apply_btn.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=20_000)
    assert "Saved 1 file(s)" in dialog.message.text()
    assert (tmp_path / "loop.gif").read_bytes()[:6] == b"GIF89a"
    assert len(doc.takes(original.shot_id)) == 1


def test_edit_take_needs_a_shot_with_a_take(window):
    window.open_project(window.studio.create_project("Empty").id)
    window.actions.add_shot.trigger()
    window.actions.edit_take.trigger()
    assert window.features.export.take_edit_dialog is None
    assert "Select a shot that has a take" in window.statusBar().currentMessage()

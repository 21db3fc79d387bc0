"""The track view's audio and subtitle lanes, driven as a user does: files dropped onto a lane
land at the drop time (through the media bin), M and S switch a track, a clip dragged along
its lane moves in film time, Delete removes it, a take's own sound is muted per shot, an .srt
dropped on the Subtitles lane becomes cues — every edit undoable."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl

from tests.support.dnd import drop
from ui.timeline.sound_lanes import LANE_H

WAIT = 20000


def file_mime(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def lane_point(view, name: str, seconds: float, kind: str = "audio") -> QPoint:
    lanes = view.lanes.lanes
    k = next(i for i, t in enumerate(lanes) if t.name == name and t.kind == kind)
    return QPoint(int(round(view.x_of(seconds))), view.lanes.top + k * LANE_H + LANE_H // 2)


def drop_on(window, qtbot, name: str, seconds: float, *paths: Path, kind: str = "audio"):
    view = window.timeline.track_view
    drop(view.viewport(), lane_point(view, name, seconds, kind), file_mime(*paths))
    qtbot.waitUntil(lambda: not window.features.sound.controller.busy, timeout=WAIT)


def clips(doc, name: str):
    track = next(t for t in doc.sound.of_kind("audio") if t.name == name)
    return doc.sound.clips(track.id)


def test_the_lanes_are_the_default_tracks(window, film):
    view = window.timeline.track_view
    assert [(t.kind, t.name) for t in view.lanes.lanes] == [
        ("audio", "Music"), ("audio", "Narration"), ("audio", "Audio description"),
        ("subtitle", "Subtitles"), ("subtitle", "Audio description")]


def test_audio_dropped_on_a_lane_lands_at_the_drop_time_with_undo(window, film, qtbot, sounds):
    drop_on(window, qtbot, "Narration", 1.0, sounds["voice"])
    (clip,) = clips(film, "Narration")
    assert clip.start == pytest.approx(1.0, abs=1 / 150)
    assert Path(clip.media_path).is_file() and Path(clip.media_path) != sounds["voice"]
    # the file is in the project's media bin too
    assert any(i.path == clip.media_path for i in window.features.media.controller.library.items())
    window.undo_stack.undo()
    assert clips(film, "Narration") == []
    window.undo_stack.redo()
    assert clips(film, "Narration")[0].id == clip.id


def test_a_video_file_dropped_on_a_lane_is_refused_in_words(window, film, qtbot, tmp_path):
    image = tmp_path / "still.png"
    import subprocess

    from tests.sound.conftest import FFMPEG

    subprocess.run([FFMPEG, "-loglevel", "error", "-f", "lavfi", "-i", "color=red:s=32x32",
                    "-frames:v", "1", str(image)], check=True)
    said = []
    window.features.sound.controller.message.connect(said.append)
    drop_on(window, qtbot, "Music", 0.5, image)
    assert clips(film, "Music") == []
    assert any("still.png has no sound" in s for s in said)


def test_mute_and_solo_switches_with_undo(window, film, qtbot):
    view = window.timeline.track_view
    music = film.sound.of_kind("audio")[0]
    box = view.lanes.switch_rect(0, "mute").center().toPoint()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=box)
    assert film.sound.track(music.id).muted
    solo = view.lanes.switch_rect(1, "solo").center().toPoint()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=solo)
    assert [t.name for t in film.sound.audible()] == ["Narration"]
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert not film.sound.track(music.id).muted and len(film.sound.audible()) == 3


def test_dragging_a_clip_moves_it_in_film_time_and_delete_removes_it(window, film, qtbot,
                                                                      sounds):
    drop_on(window, qtbot, "Music", 0.0, sounds["voice"])
    view = window.timeline.track_view
    vp = view.viewport()
    start, end = lane_point(view, "Music", 0.5), lane_point(view, "Music", 2.5)
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    for k in range(1, 6):
        qtbot.mouseMove(vp, start + (end - start) * k / 5)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=end)
    (clip,) = clips(film, "Music")
    assert clip.start == pytest.approx(2.0, abs=0.02)  # snapped to the cut at 2 s
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert clips(film, "Music") == []
    window.undo_stack.undo()
    assert clips(film, "Music")[0].start == pytest.approx(2.0, abs=0.02)
    window.undo_stack.undo()
    assert clips(film, "Music")[0].start == 0.0


def test_an_srt_dropped_on_the_subtitles_lane_becomes_its_cues(window, film, qtbot, sounds):
    drop_on(window, qtbot, "Subtitles", 0.0, sounds["srt"], kind="subtitle")
    subs = film.sound.of_kind("subtitle")[0]
    assert [c.text for c in film.sound.cues(subs.id)] == ["Hello there", "Second line\nof two"]
    window.undo_stack.undo()
    assert film.sound.cues(subs.id) == []


def test_a_takes_own_sound_is_muted_per_shot_from_the_clip_menu(window, film):
    controller = window.features.sound.controller
    shot = film.shots[1]
    menu = controller.menu_for("video", shot.id, 2.5)
    mute = next(a for a in menu.actions() if a.text().startswith("Mute the take"))
    mute.trigger()
    assert film.shots.get(shot.id).take_audio_muted
    window.undo_stack.undo()
    assert not film.shots.get(shot.id).take_audio_muted

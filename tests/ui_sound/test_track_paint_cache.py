"""The track view keeps what a scroll step would otherwise make again (the headers column,
each clip's label and take-sound note, laid-out and elided text). What it paints from those
must be what it paints with them all thrown away, after every kind of edit that changes
them: a stale cache would show the old picture."""

from __future__ import annotations

from PySide6.QtGui import QImage

from app.services import soundtrack
from app.services.commands.shots import UpdateShot
from app.services.commands.sound import UpdateTrack


def painted(view) -> QImage:
    return view.viewport().grab().toImage()


def uncached(view) -> QImage:
    view._header_cache = None
    view._faces.clear()
    view._texts.clear()
    view.lanes._names.clear()
    view._tick_labels = (0.0, {})
    return painted(view)


def assert_cache_true(view) -> QImage:
    warm = painted(view)
    painted(view)  # a second paint from the caches alone
    assert painted(view) == warm
    assert uncached(view) == warm
    return warm


def test_cached_paint_equals_uncached_paint_through_edits_and_scrolling(window, film, qtbot):
    view = window.timeline.track_view
    soundtrack.add_subtitle_cues(window.studio.db, film.project.id, [
        type("Cue", (), {"start": 0.5 + k, "end": 1.2 + k, "text": f"cue {k} of a long line"})
        for k in range(5)], document=film)
    before = assert_cache_true(view)

    music = film.sound.of_kind("audio")[0]
    window.undo.push(UpdateTrack(music, muted=True))  # the headers column
    muted = assert_cache_true(view)
    assert muted != before
    window.undo.push(UpdateTrack(film.sound.of_kind("audio")[1], name="Voice over"))
    assert assert_cache_true(view) != muted

    shot = film.shots[1]
    renamed = UpdateShot(film, shot.id, title="Harbour at night")  # a clip's label
    window.undo.push(renamed)
    titled = assert_cache_true(view)
    window.undo.push(UpdateShot(film, film.shots[2].id, take_audio_volume=0.4))  # its note
    noted = assert_cache_true(view)
    assert noted != titled
    window.undo_stack.undo()
    assert assert_cache_true(view) == titled

    film.move_shots([film.shots[0].id], 3)  # every clip's number in its label
    moved = assert_cache_true(view)
    assert moved != titled

    for zoom in (40.0, 400.0):  # other widths: other elided cue names, other ticks
        window.editor.set_zoom(zoom)
        for value in (0, 37, view.horizontalScrollBar().maximum()):
            view.horizontalScrollBar().setValue(value)
            assert_cache_true(view)

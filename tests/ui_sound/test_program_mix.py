"""Play film plays the mix: the sound tracks rendered as one bed that runs with the film
clock (mute and solo change it), subtitles over the picture at their cues' times, and each
shot's take at its own level."""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtMultimedia import QMediaPlayer

from app.services import soundtrack
from app.services.commands.sound import UpdateTrack
from tests.sound.probing import rms
from tests.ui_takes.media import add_take, make_clip

WAIT = 20000
pytestmark = pytest.mark.no_qt_log  # QtMultimedia plays here (see tests/ui_media/conftest.py)


async def _add(window, doc, sounds):
    studio = window.studio
    for track, path, at in (("music", sounds["sine"], 0.0), ("narration", sounds["voice"], 1.0)):
        await soundtrack.add_audio_clip(studio.db, studio.paths, doc.project.id, track, path, at,
                                        document=doc)
    soundtrack.import_subtitles(studio.db, doc.project.id, sounds["srt"], document=doc)


def run(qtbot, coro):
    task = asyncio.get_event_loop().create_task(coro)
    qtbot.waitUntil(task.done, timeout=WAIT)
    return task.result()


def test_play_film_plays_the_sound_tracks_and_shows_the_subtitles(window, film, qtbot, sounds):
    run(qtbot, _add(window, film, sounds))
    follower = window.features.sound.follower
    program = window.features.player.program
    program.seek(1.0)  # inside the first cue ("Hello there", 0.5–1.5 s)
    qtbot.waitUntil(lambda: follower.bed is not None, timeout=WAIT)
    assert follower.overlay.isVisible() and follower.overlay.text() == "Hello there"
    # the bed is the mix of the tracks: the narration is in it from 1.0 s
    assert rms(follower.bed, 1.2, 2.3) != pytest.approx(rms(follower.bed, 3.0, 5.5), rel=0.2)
    program.seek(1.7)  # between cues
    assert follower.overlay.isHidden()
    program.play()
    qtbot.waitUntil(lambda: follower.player.playbackState()
                    == QMediaPlayer.PlaybackState.PlayingState, timeout=WAIT)
    program.pause()
    assert follower.player.playbackState() != QMediaPlayer.PlaybackState.PlayingState
    assert abs(follower.player.position() - program.position * 1000) < 200

    before = follower.bed
    music = film.sound.of_kind("audio")[0]
    window.undo.push(UpdateTrack(music, muted=True))  # a muted track leaves the bed
    qtbot.waitUntil(lambda: follower.bed not in (None, before), timeout=WAIT)
    assert rms(follower.bed, 3.0, 5.5) < 0.2 * rms(before, 3.0, 5.5)
    subs = film.sound.of_kind("subtitle")[0]
    window.undo.push(UpdateTrack(subs, muted=True))  # and a muted subtitle track is not shown
    program.seek(1.0)
    assert follower.overlay.isHidden()


def test_a_shots_take_plays_at_its_own_level(window, film, qtbot, tmp_path):
    from app.services.commands.shots import UpdateShot

    clip = make_clip(tmp_path / "a.mp4", "testsrc2", seconds=2.0)
    add_take(film, film.shots[0].id, clip)
    window.undo.push(UpdateShot(film, film.shots[0].id, take_audio_muted=True))
    program = window.features.player.program
    program.seek(0.5)
    assert window.player_panel.active.muted
    program.stop()
    assert not window.player_panel.active.muted  # back to the transport's level

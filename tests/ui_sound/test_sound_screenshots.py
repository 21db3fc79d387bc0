"""The track view with its sound and words, and the cue editor, as a person sees them — saved
as the issue's screenshots (docs/screenshots/tracks_audio.png, subtitles.png) when
REELROOM_SCREENSHOTS names a folder, else into the test's own folder."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from PySide6.QtGui import QColor, QImage

from app.services import soundtrack
from app.services.commands.sound import UpdateTrack
from tests.ui_takes.media import add_take, make_clip

WAIT = 20000


def _distinct_colours(path: Path) -> int:
    image = QImage(str(path)).scaled(160, 60)
    return len({QColor(image.pixel(x, y)).name() for x in range(image.width())
                for y in range(image.height())})


def test_tracks_and_cue_editor_screenshots(window, film, qtbot, sounds, tmp_path):
    out = Path(os.environ.get("REELROOM_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    studio, pid = window.studio, film.project.id
    for n, (shot, src) in enumerate(zip(film.shots, ("testsrc2", "smptebars", "rgbtestsrc"),
                                        strict=True)):
        add_take(film, shot.id, make_clip(tmp_path / f"{n}.mp4", src, seconds=2.0),
                 duration=2.0)

    async def score():
        for track, path, at in (("music", sounds["sine"], 0.0),
                                ("narration", sounds["voice"], 1.0),
                                ("description", sounds["voice"], 4.2)):
            await soundtrack.add_audio_clip(studio.db, studio.paths, pid, track, path, at,
                                            document=film)
        soundtrack.import_subtitles(studio.db, pid, sounds["srt"], document=film)
        soundtrack.add_subtitle_cues(studio.db, pid, [
            type("Cue", (), {"start": 4.2, "end": 5.6, "text": "A gull lands on the rail."})],
            "Audio description", document=film)

    task = asyncio.get_event_loop().create_task(score())
    qtbot.waitUntil(task.done, timeout=WAIT)
    task.result()
    music = film.sound.of_kind("audio")[0]
    bed = film.sound.clips(music.id)[0]
    from app.services.commands.sound import UpdateAudioClip

    window.undo.push(UpdateAudioClip(bed, volume=0.5, fade_in=0.8, fade_out=1.5))
    window.undo.push(UpdateTrack(film.sound.of_kind("audio")[2], muted=True))
    from app.services.commands.shots import UpdateShot

    window.undo.push(UpdateShot(film, film.shots[2].id, take_audio_volume=0.4))
    view = window.timeline.track_view
    view.lanes.selected = (film.sound.of_kind("audio")[1].id,
                           film.sound.clips(film.sound.of_kind("audio")[1].id)[0].id)
    window.editor.set_playhead(1.2)
    window.docks["timeline"].resize(1200, 370)
    view.fit()
    qtbot.wait(50)
    tracks_png = out / "tracks_audio.png"
    window.docks["timeline"].grab().save(str(tracks_png))

    editor = window.features.sound.controller.open_cue_editor()
    editor.resize(640, 300)
    qtbot.waitUntil(editor.isVisible)
    editor.table.selectRow(1)
    qtbot.wait(50)
    subtitles_png = out / "subtitles.png"
    editor.grab().save(str(subtitles_png))
    assert editor.model.rowCount() == 2 and editor.count.text() == "2 cues"
    editor.close()

    for png in (tracks_png, subtitles_png):
        assert png.stat().st_size > 5000 and _distinct_colours(png) > 20, png

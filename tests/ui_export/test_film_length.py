"""The timeline shows the film's length, and the film is that long whichever export path made
it: five takes of 3.00 s of picture with 3.06 s of sound (as generated clips often come) are a
15.00 s cut on the timeline, a 15.00 s stream-copied film and a 15.00 s re-encoded one. A take
recorded before a video's length was its picture's (its container's 3.06 s stored) is brought
to its picture's when the export probes it, and the timeline follows.

(The defect: 15.00 s copied, 15.42 s re-encoded, 15.30 s on the timeline.)"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from pathlib import Path

import imageio_ffmpeg
from PySide6.QtGui import QUndoStack

from app.domain import Take
from app.media.export_settings import size_for
from app.media.probe import probe
from app.services.editor_state import EditorState
from app.services.exporting import export_film
from ui.timeline.panel import TimelinePanel, format_running_time
from ui.undo import UndoController

FFMPEG = imageio_ffmpeg.get_ffmpeg_exe()


def _takes(folder: Path) -> list[Path]:
    """Five takes at the 480p preset's size and 24 fps: 72 frames, 3.06 s of AAC sound."""
    w, h = size_for("480p")
    first = folder / "take0.mp4"
    subprocess.run([FFMPEG, "-hide_banner", "-nostdin", "-loglevel", "error",
                    "-f", "lavfi", "-i", f"testsrc2=s={w}x{h}:r=24:d=3",
                    "-f", "lavfi", "-i", "sine=f=440:r=48000:d=3.06",
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                    "-c:a", "aac", "-ar", "48000", "-ac", "2", str(first)], check=True)
    others = [folder / f"take{n}.mp4" for n in range(1, 5)]
    for other in others:
        shutil.copyfile(first, other)
    return [first, *others]


def _frames(path: Path) -> int:
    out = subprocess.run([FFMPEG, "-hide_banner", "-nostdin", "-loglevel", "error",
                          "-i", str(path), "-map", "0:v:0", "-c", "copy", "-f", "framecrc",
                          "-"], check=True, capture_output=True, text=True).stdout
    return sum(1 for ln in out.splitlines() if ln and not ln.startswith("#"))


def test_the_timeline_and_both_export_paths_say_one_length(qtbot, studio, tmp_path) -> None:
    doc = studio.open_project(studio.create_project("Lengths", fps=24.0).id)
    doc.insert_shots(0, [doc.new_shot(title=f"Shot {n + 1}", duration=4.0) for n in range(5)])
    infos = []
    for shot_id, path in zip(doc.shots.ids(), _takes(tmp_path), strict=True):
        info = asyncio.run(probe(path))  # as the queue records a finished take
        infos.append(info)
        doc.add_take(Take(shot_id=shot_id, media_path=str(path), duration=info.duration))
    assert [i.duration for i in infos] == [3.0] * 5
    assert all(abs(i.container_duration - 3.06) < 0.03 for i in infos)

    panel = TimelinePanel(UndoController(QUndoStack()), EditorState())
    qtbot.addWidget(panel)
    panel.set_document(doc)
    assert doc.cut_total() == 15.0
    assert panel.total.text() == f"5 shots · {format_running_time(15.0)}"
    assert panel.track_view.duration() == 15.0

    copied = asyncio.run(export_film(doc, tmp_path / "copied.mp4", preset="480p",
                                     work_dir=tmp_path / "work"))
    encoded = asyncio.run(export_film(doc, tmp_path / "encoded.mp4", preset="720p",
                                      work_dir=tmp_path / "work"))
    assert copied.result.stream_copy and not encoded.result.stream_copy
    assert copied.duration == encoded.duration == doc.cut_total() == 15.0
    assert _frames(copied.path) == _frames(encoded.path) == 15 * 24


def test_a_take_stored_with_its_containers_length_gets_its_pictures(qtbot, studio,
                                                                    tmp_path) -> None:
    doc = studio.open_project(studio.create_project("Old takes", fps=24.0).id)
    doc.insert_shots(0, [doc.new_shot(title=f"Shot {n + 1}", duration=4.0) for n in range(5)])
    for shot_id, path in zip(doc.shots.ids(), _takes(tmp_path), strict=True):
        # recorded before: the container's length, the sound's end
        doc.add_take(Take(shot_id=shot_id, media_path=str(path), duration=3.06))
    panel = TimelinePanel(UndoController(QUndoStack()), EditorState())
    qtbot.addWidget(panel)
    panel.set_document(doc)
    assert panel.total.text() == f"5 shots · {format_running_time(15.3)}"

    done = asyncio.run(export_film(doc, tmp_path / "film.mp4", preset="480p",
                                   work_dir=tmp_path / "work"))
    assert done.duration == 15.0
    assert [doc.selected_take(s).duration for s in doc.shots] == [3.0] * 5
    assert doc.cut_total() == 15.0
    qtbot.waitUntil(lambda: panel.total.text() == f"5 shots · {format_running_time(15.0)}")
    assert panel.track_view.duration() == 15.0
    reopened = studio.open_project(doc.project.id)  # what the library keeps
    assert reopened.cut_total() == 15.0

"""One length rule (app.domain.cut): the header total, the film export and the OTIO timeline
agree, for an imported take shorter than its shot, a trimmed take, a shot with no take and a
dissolve between two shots (it overlaps them, so the film is shorter than the shots end to
end). (The defects: the header said 0:16.0 while the exported film was 15.00 s; then a
dissolve made the header half a second longer than the film.)"""

from __future__ import annotations

import asyncio

import opentimelineio as otio
from PySide6.QtGui import QUndoStack

from app.domain import Take, Transition
from app.domain.cut import cut_span
from app.interchange.otio_export import build_timeline, gather_entries
from app.media.probe import probe
from app.services.editor_state import EditorState
from app.services.exporting import export_film
from tests.ui_takes.media import make_clip
from ui.timeline.panel import TimelinePanel, format_running_time
from ui.undo import UndoController


def test_header_total_equals_the_exported_films_probed_duration(qtbot, studio, tmp_path):
    short = make_clip(tmp_path / "short.mp4", "testsrc2", seconds=3.0)
    longer = make_clip(tmp_path / "long.mp4", "smptebars", seconds=3.0)
    doc = studio.open_project(studio.create_project("Rule", fps=24.0).id)
    doc.insert_shots(0, [doc.new_shot(title="Imported", duration=4.0,
                                      transition=Transition.DISSOLVE),
                         doc.new_shot(title="Trimmed", duration=4.0),
                         doc.new_shot(title="Planned", duration=2.0)])
    a, b, _c = doc.shots.ids()
    doc.add_take(Take(shot_id=a, source="imported", media_path=str(short), duration=3.0))
    doc.add_take(Take(shot_id=b, media_path=str(longer), duration=3.0, trim_in=0.5,
                      trim_out=2.5))
    assert [round(doc.cut_length(s), 3) for s in doc.shots] == [3.0, 2.0, 2.0]
    assert doc.cut_starts() == [0.0, 2.5, 4.5, 6.5]  # the 0.5 s dissolve overlaps 1 and 2

    panel = TimelinePanel(UndoController(QUndoStack()), EditorState())
    qtbot.addWidget(panel)
    panel.set_document(doc)
    header = panel.total.text()
    assert header == f"3 shots · {format_running_time(6.5)}"

    done = asyncio.run(export_film(doc, tmp_path / "film.mp4", preset="480p",
                                   fill_missing=True, work_dir=tmp_path / "work"))
    probed = asyncio.run(probe(done.path)).duration
    assert abs(probed - doc.cut_total()) <= 1 / 24 + 0.03  # within a frame (and mp4 padding)
    assert header.endswith(format_running_time(probed))

    timeline = build_timeline(doc.project, asyncio.run(gather_entries(doc)))
    assert otio.opentime.to_seconds(timeline.duration()) == 6.5
    dissolve, clip = timeline.tracks[0][1], timeline.tracks[0][2]
    assert isinstance(dissolve, otio.schema.Transition)
    # the trim, not the whole file; the dissolve shows its first quarter second early
    assert clip.source_range.start_time.to_seconds() == 0.5 + dissolve.in_offset.to_seconds()
    assert cut_span(doc.shots[1], doc.selected_take(doc.shots[1])).start == 0.5

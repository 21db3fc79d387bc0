"""Sound and words travel: an OTIO round trip keeps the audio clips' times and volumes (and
the cues, as markers), other editors see ordinary audio tracks; a `.reelroom` bundle carries
the tracks, clips (with their media) and cues to a new project; undo of an import takes its
sound away too."""

from __future__ import annotations

from pathlib import Path

import opentimelineio as otio
import pytest

from app.domain.soundtrack import AudioClip, SubtitleCue
from app.interchange.bundle import export_bundle, import_bundle
from app.interchange.import_command import ImportTimeline
from app.interchange.timelines import export_timeline, prepare_timeline_import
from app.services.history import History


def scored(studio, sounds):
    doc = studio.open_project(studio.create_project("Scored").id)
    doc.insert_shots(0, [doc.new_shot(title=t, duration=2.0) for t in "ABC"])
    music, narration, _desc = doc.sound.of_kind("audio")
    subs = doc.sound.of_kind("subtitle")[0]
    doc.sound.put_clips([
        AudioClip(track_id=music.id, media_path=str(sounds["sine"]), name="bed", start=0.0,
                  media_duration=6.0, volume=0.35, fade_in=0.5, fade_out=1.25),
        # overlapping the first on the same track: a second OTIO lane
        AudioClip(track_id=music.id, media_path=str(sounds["voice"]), name="sting",
                  start=0.4, media_duration=1.5, volume=1.7),
        AudioClip(track_id=narration.id, media_path=str(sounds["voice"]), name="line",
                  start=1.0417, src_in=0.25, src_out=1.3, media_duration=1.5, volume=0.8),
    ])
    doc.sound.put_cues([SubtitleCue(track_id=subs.id, start=0.5, end=1.5, text="Hello"),
                        SubtitleCue(track_id=subs.id, start=2.0, end=3.25, text="Two\nlines")])
    return doc


def sound_of(doc):
    return (sorted((t.name, c.name, round(c.start, 6), c.src_in, c.src_out, c.volume,
                    c.fade_in, c.fade_out) for t in doc.sound.of_kind("audio")
                   for c in doc.sound.clips(t.id)),
            [(t.name, q.start, q.end, q.text) for t in doc.sound.of_kind("subtitle")
             for q in doc.sound.cues(t.id)])


async def test_otio_round_trip_keeps_clip_times_and_volumes(studio, sounds, tmp_path):
    doc = scored(studio, sounds)
    before = sound_of(doc)
    await export_timeline(doc, tmp_path / "film.otio")

    timeline = otio.adapters.read_from_file(str(tmp_path / "film.otio"))
    lanes = list(timeline.audio_tracks())
    assert [t.name for t in lanes] == ["Music", "Music 2", "Narration"]
    narration = [c for c in lanes[2] if isinstance(c, otio.schema.Clip)][0]
    assert narration.range_in_parent().start_time.to_seconds() == pytest.approx(1.0417)
    assert narration.source_range.start_time.to_seconds() == pytest.approx(0.25)
    assert [m.name for m in timeline.tracks.markers] == ["Hello", "Two\nlines"]

    target = studio.create_project("Copy")
    copy = studio.open_project(target.id)
    prepared = await prepare_timeline_import(studio.paths, target, tmp_path / "film.otio")
    history = History(copy)
    history.execute(ImportTimeline(copy, prepared))
    assert sound_of(copy) == before
    for t in copy.sound.of_kind("audio"):
        for c in copy.sound.clips(t.id):  # media copied into the new project's folder
            assert Path(c.media_path).is_relative_to(studio.paths.data / "projects" / target.id)
    history.undo()
    assert sound_of(copy) == ([], []) and len(copy.shots) == 0
    history.redo()
    assert sound_of(copy) == before


async def test_timeline_sound_lands_where_its_shots_do(studio, sounds, tmp_path):
    doc = scored(studio, sounds)
    await export_timeline(doc, tmp_path / "film.otio")
    prepared = await prepare_timeline_import(studio.paths, doc.project, tmp_path / "film.otio")
    ImportTimeline(doc, prepared).do(doc)  # appended after the 6 s already there
    narration = doc.sound.clips(doc.sound.of_kind("audio")[1].id)
    assert [round(c.start, 4) for c in narration] == [1.0417, 7.0417]


async def test_a_bundle_carries_the_sound_and_words(studio, sounds, tmp_path):
    doc = scored(studio, sounds)
    before = sound_of(doc)
    music = doc.sound.of_kind("audio")[0]
    from app.services.commands.sound import UpdateTrack

    UpdateTrack(music, muted=True).do(doc)
    await export_bundle(studio.db, doc.project.id, tmp_path / "film.reelroom")
    report = await import_bundle(studio.db, studio.paths, tmp_path / "film.reelroom")
    copy = studio.open_project(report.project.id)
    assert sound_of(copy) == before
    assert copy.sound.of_kind("audio")[0].muted
    for t in copy.sound.of_kind("audio"):
        for c in copy.sound.clips(t.id):
            assert Path(c.media_path).is_file()
            assert Path(c.media_path).is_relative_to(studio.paths.project(report.project.id))

"""OTIO and EDL timelines: what an export holds, and export → import giving the same shots,
order, durations and transitions; media that exists becomes a take, missing media a note."""

from __future__ import annotations

import subprocess
from pathlib import Path

import imageio_ffmpeg
import opentimelineio as otio
import pytest

from app.domain import CameraMove, ShotType, Take, Transition
from app.interchange.errors import InterchangeError
from app.interchange.import_command import ImportTimeline
from app.interchange.otio_export import META, TRIM_IN
from app.interchange.timelines import export_timeline, prepare_timeline_import
from app.services.exporting import collect
from app.services.history import History


def clip(path: Path, seconds: float, colour: str = "blue") -> Path:
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-nostdin", "-y",
                    "-loglevel", "error", "-f", "lavfi", "-i",
                    f"color=c={colour}:s=64x36:r=24:d={seconds}", "-c:v", "libx264",
                    "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(path)], check=True)
    return path


@pytest.fixture(scope="module")
def clips(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("clips")
    return {"a": clip(d / "opening.mp4", 5), "b": clip(d / "second.mp4", 4, "red")}


def film(studio, clips):
    """Four shots: two with takes (one trimmed), one without, transitions of every kind."""
    project = studio.create_project("Film")
    doc = studio.open_project(project.id)
    doc.insert_shots(0, [
        doc.new_shot(title="Opening", prompt="a lighthouse at dusk", duration=4.0,
                     shot_type=ShotType.WIDE, camera_move=CameraMove.DOLLY_IN,
                     transition=Transition.DISSOLVE, provider="platform", model="wan-t2v"),
        doc.new_shot(title="Keeper", prompt="the keeper climbs", duration=2.5,
                     transition=Transition.FADE),
        doc.new_shot(title="", prompt="storm rolls in", duration=3.0,
                     transition=Transition.WIPE),
        doc.new_shot(title="Dawn", prompt="calm sea", duration=0.75,
                     transition=Transition.FADE),
    ])
    ids = doc.shots.ids()
    # each take trimmed to its shot's length (the cut plays the trimmed take: app.domain.cut);
    # take b keeps its in point the old way, in params, as timelines imported before did
    doc.add_take(Take(shot_id=ids[0], media_path=str(clips["a"]), duration=5.0, trim_out=4.0))
    doc.add_take(Take(shot_id=ids[1], media_path=str(clips["b"]), duration=4.0,
                      params={TRIM_IN: 0.5}, trim_out=3.0))
    doc.add_take(Take(shot_id=ids[3], media_path=str(clips["a"]), duration=5.0, trim_out=0.75))
    return doc


def fields(doc):
    return [(s.title, s.prompt, round(s.duration, 6), s.transition, s.shot_type, s.camera_move,
             s.provider, s.model) for s in doc.shots]


async def test_otio_export_holds_clips_gaps_transitions_and_metadata(studio, clips, tmp_path):
    doc = film(studio, clips)
    report = await export_timeline(doc, tmp_path / "film.otio")
    assert (report.clips, report.gaps, report.transitions) == (3, 1, 3)

    timeline = otio.adapters.read_from_file(str(tmp_path / "film.otio"))
    items = list(timeline.video_tracks()[0])
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Clip", "Transition", "Clip", "Transition", "Gap", "Transition", "Clip"]
    opening, dissolve, keeper, fade, gap, wipe, dawn = items
    assert opening.name == "Opening" and gap.name == "Shot 3"
    assert opening.media_reference.target_url == clips["a"].resolve().as_uri()
    assert opening.media_reference.available_range.duration.to_seconds() == pytest.approx(5.0)
    # a transition is centred on its cut and its clips lend it their frames: the 4 s shot's
    # clip ends the dissolve's out_offset (6 frames) early, the next starts its in_offset late
    assert opening.source_range.duration == otio.opentime.RationalTime(96 - 6, 24)
    # the trimmed take starts half a second in, and the dissolve shows 6 frames of it early
    assert keeper.source_range.start_time == otio.opentime.RationalTime(12 + 6, 24)
    assert dissolve.transition_type == otio.schema.TransitionTypes.SMPTE_Dissolve
    assert (dissolve.in_offset.value, dissolve.out_offset.value) == (6, 6)
    assert fade.metadata[META]["transition"] == "fade"
    assert wipe.metadata[META]["transition"] == "wipe"
    # a 0.75 s neighbour limits the wipe as the rendered film does (40%: 0.3 s = 7 frames)
    assert (wipe.in_offset.value, wipe.out_offset.value) == (3, 4)
    assert (gap.source_range.duration.value, dawn.source_range.duration.value) == (
        72 - 6 - 4, 18 - 3)
    meta = opening.metadata[META]
    assert (meta["prompt"], meta["shot_type"], meta["camera_move"], meta["provider"],
            meta["model"]) == ("a lighthouse at dusk", "wide", "dolly in", "platform", "wan-t2v")
    # the track lasts as long as the film: every shot, minus what its transitions overlap
    film_length = collect(doc).running_time(fill_missing=True)
    assert film_length == pytest.approx(4 + 2.5 + 3 + 0.75 - 0.5 - 0.5 - 0.3)
    assert timeline.duration().to_seconds() == pytest.approx(film_length, abs=1 / 24)
    assert timeline.duration().to_seconds() == pytest.approx(doc.cut_total(), abs=1 / 24)


async def test_otio_round_trip_gives_the_same_shots(studio, clips, tmp_path):
    doc = film(studio, clips)
    before = fields(doc)
    await export_timeline(doc, tmp_path / "film.otio")

    target = studio.create_project("Copy")
    copy = studio.open_project(target.id)
    prepared = await prepare_timeline_import(studio.paths, target, tmp_path / "film.otio")
    ImportTimeline(copy, prepared).do(copy)

    assert fields(copy) == before
    # the transitions came back between the same shots, so the film is as long as before
    assert copy.cut_overlaps() == doc.cut_overlaps() and len(doc.cut_overlaps()) == 3
    assert copy.cut_total() == pytest.approx(doc.cut_total(), abs=1e-6)
    takes = [copy.take(s.selected_take_id) if s.selected_take_id else None for s in copy.shots]
    assert [t is not None for t in takes] == [True, True, False, True]
    # media copied into the project's own folder, same bytes, trim kept
    assert Path(takes[0].media_path).read_bytes() == clips["a"].read_bytes()
    assert Path(takes[0].media_path).is_relative_to(studio.paths.data / "projects" / target.id)
    assert takes[1].params == {TRIM_IN: 0.5} and takes[0].source == "imported"
    assert takes[0].duration == pytest.approx(5.0, abs=0.1)


async def test_edl_round_trip_keeps_order_durations_and_dissolves(studio, clips, tmp_path):
    doc = film(studio, clips)
    report = await export_timeline(doc, tmp_path / "film.edl")
    assert "fades and wipes were written as dissolves" in report.warnings[-1]
    text = (tmp_path / "film.edl").read_text()
    assert "TITLE: Film" in text
    assert " D 012 " in text  # the half-second dissolve at 24 fps
    assert "opening " in text  # reel name from the file name
    # the last event's record out is the film's end (8.95 s: 8 s 23 frames at 24 fps)
    end = otio.opentime.to_timecode(otio.opentime.RationalTime(round(doc.cut_total() * 24), 24))
    events = [line.split() for line in text.splitlines() if line[:3].isdigit()]
    assert end == "00:00:08:23" and max(e[-1] for e in events) == end

    target = studio.create_project("From EDL")
    copy = studio.open_project(target.id)
    prepared = await prepare_timeline_import(studio.paths, target, tmp_path / "film.edl")
    ImportTimeline(copy, prepared).do(copy)
    assert [round(s.duration, 6) for s in copy.shots] == [4.0, 2.5, 3.0, 0.75]
    assert [s.transition for s in copy.shots[:3]] == [Transition.DISSOLVE] * 3
    # the record times add up to the film: each dissolve overlaps the shots as the export does
    assert copy.cut_total() == pytest.approx(doc.cut_total(), abs=1e-6)
    assert copy.cut_starts() == pytest.approx(doc.cut_starts(), abs=1e-6)
    assert [s.title for s in copy.shots] == ["Opening", "Keeper", "", "Dawn"]
    medias = [Path(copy.take(s.selected_take_id).media_path).read_bytes()
              if s.selected_take_id else None for s in copy.shots]
    # each clip points at its own file (the EDL keeps the incoming side in a comment)
    assert medias == [clips["a"].read_bytes(), clips["b"].read_bytes(), None,
                      clips["a"].read_bytes()]
    assert copy.take(copy.shots[1].selected_take_id).params == {TRIM_IN: 0.5}


async def test_missing_media_imports_the_shot_with_a_note(studio, clips, tmp_path):
    doc = film(studio, clips)
    moved = tmp_path / "second.mp4"
    moved.write_bytes(clips["b"].read_bytes())
    doc.update_take(doc.take(doc.shots[1].selected_take_id).model_copy(
        update={"media_path": str(moved)}))
    await export_timeline(doc, tmp_path / "film.otio")
    moved.unlink()  # the editor's machine does not have this file

    target = studio.create_project("Copy")
    copy = studio.open_project(target.id)
    prepared = await prepare_timeline_import(studio.paths, target, tmp_path / "film.otio")
    ImportTimeline(copy, prepared).do(copy)
    keeper = copy.shots[1]
    assert keeper.title == "Keeper" and keeper.selected_take_id is None
    assert f"media file not found: {moved}" in keeper.notes
    assert any(str(moved) in w for w in prepared.warnings)


async def test_import_is_one_undoable_step(studio, clips, tmp_path):
    doc = film(studio, clips)
    await export_timeline(doc, tmp_path / "film.otio")
    prepared = await prepare_timeline_import(studio.paths, doc.project, tmp_path / "film.otio")
    history = History(doc)
    history.execute(ImportTimeline(doc, prepared))
    assert len(doc.shots) == 8
    added = doc.shots[4]
    history.undo()
    assert len(doc.shots) == 4
    history.redo()
    assert len(doc.shots) == 8 and doc.shots[4].id == added.id
    assert doc.take(doc.shots[4].selected_take_id) is not None  # the take came back too


async def test_bad_timelines_say_what_is_wrong(studio, tmp_path):
    project = studio.create_project("X")
    (tmp_path / "junk.otio").write_text("{not json")
    with pytest.raises(InterchangeError, match="junk.otio is not a readable OpenTimelineIO"):
        await prepare_timeline_import(studio.paths, project, tmp_path / "junk.otio")
    (tmp_path / "cut.xml").write_text("<xml/>")
    with pytest.raises(InterchangeError, match=r"imports \.otio .* and \.edl"):
        await prepare_timeline_import(studio.paths, project, tmp_path / "cut.xml")
    with pytest.raises(InterchangeError, match="does not exist"):
        await prepare_timeline_import(studio.paths, project, tmp_path / "gone.edl")
    empty = studio.open_project(project.id)
    with pytest.raises(InterchangeError, match="no shots to export"):
        await export_timeline(empty, tmp_path / "empty.otio")
    assert not (tmp_path / "empty.otio").exists()


def cli(home: Path, *args: str) -> subprocess.CompletedProcess:
    import os
    import sys

    return subprocess.run([sys.executable, "-m", "app.cli.main", *args], capture_output=True,
                          text=True, env={**os.environ, "REELROOM_HOME": str(home)}, timeout=180)


@pytest.mark.slow  # five CLI processes
def test_cli_exports_and_imports_timelines(studio, clips, reelroom_home, tmp_path):
    film(studio, clips)
    studio.close()
    out = cli(reelroom_home, "timeline", "export", "Film", "--edl", str(tmp_path / "cut.edl"))
    assert out.returncode == 0, out.stderr
    assert "3 clip(s), 1 gap(s)" in out.stdout and (tmp_path / "cut.edl").exists()
    out = cli(reelroom_home, "timeline", "export", "Film", "--otio", str(tmp_path / "cut.otio"))
    assert out.returncode == 0, out.stderr
    out = cli(reelroom_home, "--json", "timeline", "import", str(tmp_path / "cut.otio"),
              "--project", "Recut")
    assert out.returncode == 0, out.stderr
    assert '"shots": 4' in out.stdout and '"takes": 3' in out.stdout
    out = cli(reelroom_home, "shot", "list", "Recut")
    assert "Opening" in out.stdout and "Dawn" in out.stdout
    bad = cli(reelroom_home, "timeline", "import", str(tmp_path / "none.otio"), "--project", "X")
    assert bad.returncode == 1 and "none.otio does not exist" in bad.stderr

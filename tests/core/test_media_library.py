"""The media library core: import by content (probed kinds, sha256 dedup), nothing half
imported, bad files named with the reason, bin removal with undo, imported takes, what file
drops on the storyboard become, and the `media` CLI."""

from __future__ import annotations

import asyncio
import shutil
import sys
import threading
from pathlib import Path

import pytest

from app.cli.common import CliError
from app.cli.main import build_parser
from app.services.commands import UpdateShot
from app.services.commands.media import RemoveMediaItems
from app.services.history import History
from app.services.media_drops import plan_drop_between, plan_drop_on_shot
from app.services.media_files import ImportCancelled, stage_copy
from app.services.media_library import MediaLibrary, summarize
from tests.ui_media.samples import make_set


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    return make_set(tmp_path_factory.mktemp("media-files"))


@pytest.fixture
def project(studio):
    p = studio.create_project("Film")
    doc = studio.open_project(p.id)
    doc.insert_shots(0, [doc.new_shot(title=f"S{i}") for i in range(2)])
    return doc


@pytest.fixture
def library(studio, project):
    return MediaLibrary.for_studio(studio, project.project.id)


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_import_probes_kind_and_details_and_stores_under_the_content_hash(
        library, files, studio, project):
    results = asyncio.run(library.import_files([files["clip2"], files["red"], files["tone"]]))
    assert [r.error for r in results] == [None, None, None]
    video, image, audio = (r.item for r in results)
    assert (video.kind, image.kind, audio.kind) == ("video", "image", "audio")
    assert video.duration == pytest.approx(2.0, abs=0.1)
    assert (video.width, video.height, video.video_codec, video.audio_codec) == (
        160, 90, "h264", "aac")
    assert image.duration is None and image.resolution == "96×64"
    assert "0:02.0" in video.details() and "160×90" in video.details()
    folder = studio.paths.data / "projects" / project.project.id / "media"
    assert Path(video.path) == folder / video.sha256[:16] / "sunset.mp4"
    assert Path(video.path).read_bytes() == files["clip2"].read_bytes()
    assert Path(video.thumbnail_path).is_file() and Path(image.thumbnail_path).is_file()
    assert audio.thumbnail_path is None
    assert [i.id for i in library.items()] == [video.id, image.id, audio.id]
    assert not list((folder / ".incoming").glob("*.part"))


def test_same_bytes_twice_is_one_item_and_one_file(library, files, tmp_path):
    copy = tmp_path / "another name.mp4"
    shutil.copy(files["clip"], copy)
    first, second, third = asyncio.run(library.import_files([files["clip"], copy, files["clip"]]))
    assert first.item.id == second.item.id == third.item.id
    assert not first.duplicate and second.duplicate and third.duplicate
    assert len(library.items()) == 1
    assert len([p for p in files_under(library.folder) if p.suffix == ".mp4"]) == 1
    # dragging the library's own file back in (bin → shot) finds the item without copying
    again = asyncio.run(library.import_file(first.item.path))
    assert again.item.id == first.item.id and again.duplicate


def test_kind_comes_from_content_not_the_name(library, files, tmp_path):
    misnamed = tmp_path / "still.mp4"
    shutil.copy(files["red"], misnamed)  # a PNG called .mp4
    (r,) = asyncio.run(library.import_files([misnamed]))
    assert r.item.kind == "image"


def test_mixed_import_lands_the_good_files_and_names_each_bad_one(library, files, tmp_path):
    missing = tmp_path / "gone.mov"
    results = asyncio.run(library.import_files(
        [files["clip"], files["fake"], files["notes"], missing, files["red"]]))
    assert [r.ok for r in results] == [True, False, False, False, True]
    assert results[1].error.startswith("holiday.mp4 is not a readable media file")
    assert results[2].error.startswith("notes.txt")
    assert "gone.mov does not exist" in results[3].error
    assert [i.name for i in library.items()] == ["clip.mp4", "red.png"]
    text = summarize(results)
    assert text.startswith("Imported 2 files") and "holiday.mp4" in text and "notes.txt" in text
    names = {p.name for p in files_under(library.folder)}
    assert "holiday.mp4" not in names and "notes.txt" not in names


def test_a_cancelled_copy_leaves_no_part_file(files, tmp_path):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(ImportCancelled):
        stage_copy(files["clip"], tmp_path / "incoming", cancel)
    assert list((tmp_path / "incoming").iterdir()) == []


def test_row_is_written_last_and_an_interrupted_import_is_finished_by_the_next(
        library, files, monkeypatch):
    def boom(item):
        raise RuntimeError("power cut")

    monkeypatch.setattr(library.repo, "add", boom)
    with pytest.raises(RuntimeError):
        asyncio.run(library.import_file(files["clip"]))
    assert library.items() == []  # no row for a file that may not be complete
    monkeypatch.undo()
    (r,) = asyncio.run(library.import_files([files["clip"]]))
    assert r.ok and Path(r.item.path).read_bytes() == files["clip"].read_bytes()
    assert len([p for p in files_under(library.folder) if p.suffix == ".mp4"]) == 1


def test_remove_from_bin_is_undoable_keeps_the_file_and_reimport_brings_it_back(
        library, files, project):
    (r,) = asyncio.run(library.import_files([files["red"]]))
    seen = []
    library.item_removed.connect(seen.append)
    history = History(project)
    history.execute(RemoveMediaItems(library, [r.item.id]))
    assert library.items() == [] and seen == [r.item.id]
    assert Path(r.item.path).is_file()  # kept: undo must find it
    history.undo()
    assert [i.id for i in library.items()] == [r.item.id]
    history.redo()
    (again,) = asyncio.run(library.import_files([files["red"]]))
    assert again.item.id == r.item.id and not again.duplicate
    assert [i.id for i in library.items()] == [r.item.id]


def test_users_name_the_takes_and_shots_that_use_an_item(library, files, project):
    video, image = (r.item for r in asyncio.run(
        library.import_files([files["clip"], files["red"]])))
    assert library.users(video) == []
    History(project).execute(plan_drop_on_shot(project, project.shots[1].id, [
        *asyncio.run(library.import_files([files["clip"], files["red"]]))]).command)
    assert library.users(video) == ["take 1 of shot 2"]
    assert library.users(image) == ["the reference of shot 2"]


def test_drop_on_a_shot_adds_reference_and_imported_take_as_one_undo_step(
        library, files, project):
    shot_id = project.shots[0].id
    results = asyncio.run(library.import_files(
        [files["red"], files["clip"], files["tone"], files["notes"]]))
    plan = plan_drop_on_shot(project, shot_id, results)
    assert any(m.startswith("tone.m4a is audio") for m in plan.messages)
    assert any(m.startswith("notes.txt") for m in plan.messages)
    history = History(project)
    history.execute(plan.command)
    shot = project.shots.get(shot_id)
    (take,) = project.takes(shot_id)
    assert shot.reference_media == [results[0].item.path]
    assert (take.source, take.provider, take.media_path) == (
        "imported", "imported", results[1].item.path)
    assert take.duration == pytest.approx(1.5, abs=0.1) and take.thumbnail_path
    assert shot.selected_take_id == take.id  # the shot's first take is selected
    history.undo()
    assert project.takes(shot_id) == [] and project.shots.get(shot_id).reference_media == []
    assert project.shots.get(shot_id).selected_take_id is None
    history.redo()
    assert [t.id for t in project.takes(shot_id)] == [take.id]
    assert project.shots.get(shot_id).selected_take_id == take.id


def test_drop_between_shots_makes_one_shot_per_file_in_order(library, files, project):
    before = project.shots.ids()
    results = asyncio.run(library.import_files([files["clip2"], files["blue"], files["clip"]]))
    plan = plan_drop_between(project, 1, results)
    history = History(project)
    history.execute(plan.command)
    ids = project.shots.ids()
    assert ids == [before[0], *plan.shot_ids, before[1]]
    new = [project.shots.get(i) for i in plan.shot_ids]
    assert [s.title for s in new] == ["sunset", "blue", "clip"]
    assert new[0].duration == pytest.approx(2.0, abs=0.1)
    assert new[2].duration == pytest.approx(1.5, abs=0.1)
    assert new[1].reference_media == [results[1].item.path]
    assert [len(project.takes(s.id)) for s in new] == [1, 0, 1]
    assert new[0].selected_take_id == project.takes(new[0].id)[0].id
    history.undo()  # one step takes the whole drop back
    assert project.shots.ids() == before


def test_platform_shot_warns_about_an_image_over_its_limit(library, project, files, tmp_path):
    big = tmp_path / "poster.png"
    with open(big, "wb") as fh:  # a real PNG header, then 11 MB: probing reads the header
        fh.write(files["red"].read_bytes())
        fh.truncate(11 * 1024 * 1024)
    History(project).execute(UpdateShot(project, project.shots[0].id, provider="platform"))
    results = asyncio.run(library.import_files([big]))
    assert results[0].ok, results[0].error
    plan = plan_drop_on_shot(project, project.shots[0].id, results)
    assert plan.command is not None  # it still lands: the shot may change service
    assert any("poster.png is 11.0 MB; the platform takes images of at most 10 MB" in m
               for m in plan.messages)


def run_cli(*argv: str) -> int:
    args = build_parser().parse_args(list(argv))
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.code


def test_cli_imports_lists_and_reports_bad_files(studio, files, capsys):
    studio.create_project("Trailer")
    code = run_cli("media", "import", "Trailer", str(files["clip"]), str(files["notes"]),
                   str(files["clip"]))
    out, err = capsys.readouterr()
    assert code == 1  # a file was refused; the good one still landed
    assert "imported: clip.mp4 (video" in out and "already in the bin: clip.mp4" in out
    assert "error: notes.txt" in err
    assert run_cli("media", "list", "Trailer") == 0
    out = capsys.readouterr().out
    assert out.count("clip.mp4") == 1 and "160×90" in out
    item_id = out.split()[0]
    assert run_cli("media", "remove", "Trailer", item_id) == 0
    assert run_cli("media", "list", "Trailer") == 0
    assert "the media bin is empty" in capsys.readouterr().out

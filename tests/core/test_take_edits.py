"""Editing a take makes a new, selected take on the same shot with the edit in its params;
the original file is never touched; undo removes the new take and redo brings it back."""

from __future__ import annotations

import asyncio
import hashlib
import subprocess
from pathlib import Path

import imageio_ffmpeg
import pytest

from app.domain import Take
from app.media.errors import MediaCancelled
from app.media.probe import probe
from app.services.history import History
from app.services.take_edits import AddEditedTake, TakeEdit, TakeEditor
from app.storage.takes import TakeRepository


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("take") / "take.mp4"
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error",
                    "-f", "lavfi", "-i", "testsrc=s=96x54:r=10:d=2", "-f", "lavfi", "-i",
                    "sine=r=48000:d=2", "-c:v", "libx264", "-preset", "ultrafast",
                    "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(path)],
                   check=True, capture_output=True)
    return path


def sha(path: Path | str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture
def shot_with_take(studio, clip):
    doc = studio.open_project(studio.create_project("Edits").id)
    doc.insert_shots(0, [doc.new_shot(title="Pier", prompt="a pier at night")])
    shot = doc.shots[0]
    take = doc.add_take(Take(shot_id=shot.id, provider="animatic", model="card",
                             prompt="a pier at night", media_path=str(clip), duration=2.0))
    return doc, take


async def test_trim_makes_a_selected_new_take_and_undo_removes_it(studio, shot_with_take, clip):
    doc, original = shot_with_take
    before = sha(clip)
    editor = TakeEditor.for_studio(studio)
    progress = []
    edit = TakeEdit("trim", {"in_s": 0.5, "out_s": 1.5})
    new = await editor.make_take(original, edit, on_progress=progress.append)
    history = History(doc)
    history.execute(AddEditedTake(doc, new, edit.label))

    shot = doc.shots[0]
    takes = doc.takes(shot.id)
    assert [t.number for t in takes] == [1, 2]
    added = takes[1]
    assert shot.selected_take_id == added.id and added.source == "edited"
    assert added.params["edit"] == {"operation": "trim", "options": {"in_s": 0.5, "out_s": 1.5},
                                    "from_take": original.id, "from_take_number": 1}
    assert added.prompt == original.prompt and added.provider == "animatic"
    assert (await probe(added.media_path)).duration == pytest.approx(1.0, abs=0.15)
    assert Path(added.media_path).parent == studio.paths.cache / "media"
    assert added.thumbnail_path and Path(added.thumbnail_path).exists()
    assert sha(clip) == before and doc.take(original.id) == original  # original untouched
    assert progress and history.undo_text == "Trim take 1"
    assert not list((studio.paths.cache / "edits").iterdir())  # no scratch left

    history.undo()
    assert [t.id for t in doc.takes(shot.id)] == [original.id]
    assert doc.shots[0].selected_take_id == original.id
    assert Path(added.media_path).exists()  # undo never deletes what was made
    history.redo()  # the same take comes back, selected
    assert [t.id for t in doc.takes(shot.id)] == [original.id, added.id]
    assert doc.shots[0].selected_take_id == added.id


@pytest.mark.parametrize(("operation", "options", "message"), [
    ("trim", {"in_s": 1.0}, "Trim needs out_s"),
    ("speed", {"factor": 2, "pitch": 1}, "Speed does not take pitch"),
    ("blur", {}, "operation must be one of trim, speed"),
])
def test_edits_are_checked_before_any_work(operation, options, message):
    with pytest.raises(ValueError, match=message):
        TakeEdit(operation, options)


async def test_bad_values_come_back_from_the_media_engine_and_leave_nothing(
    studio, shot_with_take
):
    doc, original = shot_with_take
    editor = TakeEditor.for_studio(studio)
    with pytest.raises(ValueError, match="speed must be between 0.25 and 4"):
        await editor.make_take(original, TakeEdit("speed", {"factor": 8}))
    with pytest.raises(ValueError, match="out_s must be after in_s"):
        await editor.make_take(original, TakeEdit("trim", {"in_s": 1.5, "out_s": 0.5}))
    assert len(doc.takes(original.shot_id)) == 1
    assert not list((studio.paths.cache / "edits").glob("*"))


async def test_cancel_makes_no_take_and_no_file(studio, shot_with_take):
    doc, original = shot_with_take
    editor = TakeEditor.for_studio(studio)
    cancel = asyncio.Event()
    cancel.set()
    with pytest.raises(MediaCancelled):
        await editor.make_take(original, TakeEdit("speed", {"factor": 0.5}), cancel=cancel)
    assert not list((studio.paths.cache / "edits").glob("*"))
    media = studio.paths.cache / "media"
    assert not media.exists() or not list(media.iterdir())


async def test_frames_and_gif_are_saved_as_files_not_takes(studio, shot_with_take, tmp_path):
    doc, original = shot_with_take
    editor = TakeEditor.for_studio(studio)
    frames = await editor.save_file(original, TakeEdit("extract_frames", {"count": 3}),
                                    tmp_path / "stills")
    assert [p.name for p in frames] == ["frame_00001.png", "frame_00002.png", "frame_00003.png"]
    [gif] = await editor.save_file(original, TakeEdit("to_gif", {"fps": 5, "width": 64}),
                                   tmp_path / "loop.gif")
    assert gif.read_bytes()[:6] == b"GIF89a"
    with pytest.raises(ValueError, match="does not make a take"):
        await editor.make_take(original, TakeEdit("to_gif"))
    assert len(doc.takes(original.shot_id)) == 1


async def test_a_take_whose_file_is_gone_cannot_be_edited(studio, shot_with_take, tmp_path):
    doc, original = shot_with_take
    lost = original.model_copy(update={"media_path": str(tmp_path / "nope.mp4")})
    with pytest.raises(ValueError, match="take 1's file is missing"):
        await TakeEditor.for_studio(studio).make_take(lost, TakeEdit("speed", {"factor": 2}))


def test_cli_edit_take_makes_a_new_take_and_words_bad_options(studio, shot_with_take, capsys):
    from app.cli.main import main

    doc, original = shot_with_take
    assert main(["edit-take", "Edits", "1", "speed", "factor=2"]) == 0
    out = capsys.readouterr()
    assert "Speed take 1: shot 1 now plays take 2" in out.out
    [_, added] = TakeRepository(studio.db).for_shot(original.shot_id)
    assert added.params["edit"]["options"] == {"factor": 2}
    assert main(["edit-take", "Edits", "1", "speed", "fast"]) == 1
    assert "options are NAME=VALUE" in capsys.readouterr().err
    assert main(["edit-take", "Edits", "1", "to_gif"]) == 1
    assert "say where with --to" in capsys.readouterr().err

"""A shot's input slots in the core: which a model takes, setting one from a file (imported
into the media bin, the wrong kind refused by name, undoable), the media bin naming what uses a
file, bundles carrying the inputs, and `reelroom-cli shot set-input`."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from app.cli.main import main
from app.domain import Shot
from app.interchange.bundle import export_bundle, import_bundle
from app.providers.platform.catalog import entries, v2v_model, video_model
from app.services.media_library import MediaLibrary
from app.services.queue.planning import request_for_shot
from app.services.shot_inputs import InputRefused, input_from_file, roles_taken, slot_label
from app.storage.shots import ShotRepository
from tests.fakes.platform import VIDEO_MODELS


def _model(model_id: str):
    if model_id == "v2v":
        return v2v_model()
    found = {e["id"]: e for e in entries({"models": VIDEO_MODELS}, "models")}
    return video_model(found.get(model_id, {"id": model_id}))


@pytest.mark.parametrize(("model_id", "roles"), [
    ("ltx-flf", ("first_frame", "last_frame")),
    ("wan-flf", ("first_frame", "last_frame")),
    ("wan-s2v", ("first_frame", "audio")),
    ("echomimic", ("first_frame", "audio")),
    ("liveportrait", ("first_frame", "video")),
    ("v2v", ("video",)),
    ("wan-i2v", ("first_frame", "video")),
    ("wan-t2v", ()),
])
def test_the_catalog_says_which_inputs_each_platform_model_takes(model_id, roles):
    info = _model(model_id)
    assert roles_taken(info) == roles
    if "audio" in roles or model_id == "liveportrait":
        assert slot_label("first_frame", info) == "Portrait"


def test_only_the_inputs_the_model_takes_are_sent(tmp_path):
    shot = Shot(project_id="p", prompt="x", provider="platform", model="ltx-flf",
                inputs={"first_frame": "/a.png", "last_frame": "/b.png", "audio": "/c.wav"})
    _, request = request_for_shot(shot, 1, model_info=_model("ltx-flf"))
    assert [(i.role, i.path) for i in request.inputs] == [("first_frame", "/a.png"),
                                                          ("last_frame", "/b.png")]
    _, request = request_for_shot(shot, 1, model_info=_model("wan-t2v"))
    assert request.inputs == []
    url = shot.model_copy(update={"inputs": {"first_frame": "https://example.com/a.png"}})
    _, request = request_for_shot(url, 1, model_info=_model("wan-i2v"))
    assert request.inputs[0].url == "https://example.com/a.png" and request.inputs[0].path is None


def test_an_unknown_input_role_is_refused_by_the_model():
    with pytest.raises(ValueError, match="not a shot input: mask"):
        Shot(project_id="p", inputs={"mask": "/m.png"})


async def test_a_file_set_on_a_slot_is_imported_undoable_and_the_wrong_kind_refused(
        studio, stills, voice_clip):
    project = studio.create_project("Slots")
    doc = studio.open_project(project.id)
    doc.insert_shots(0, [doc.new_shot(title="One")])
    shot_id = doc.shots[0].id
    library = MediaLibrary.for_studio(studio, project.id)
    change = await input_from_file(doc, library, shot_id, "first_frame", stills[0])
    change.command.do(doc)
    shot = doc.shots.get(shot_id)
    assert Path(shot.inputs["first_frame"]).read_bytes() == stills[0].read_bytes()
    assert library.owned(shot.inputs["first_frame"]) is not None  # the bin's copy
    assert library.users(library.owned(shot.inputs["first_frame"])) == [
        "the first frame of shot 1"]
    assert ShotRepository(studio.db).get(shot_id).inputs == shot.inputs  # stored
    change.command.undo(doc)
    assert doc.shots.get(shot_id).inputs == {}
    with pytest.raises(InputRefused, match="line.wav is an audio file; the first frame takes an image"):
        await input_from_file(doc, library, shot_id, "first_frame", voice_clip)
    assert doc.shots.get(shot_id).inputs == {}


async def test_a_bundle_carries_the_inputs(studio, stills, voice_clip, tmp_path):
    project = studio.create_project("Carried")
    doc = studio.open_project(project.id)
    doc.insert_shots(0, [doc.new_shot(title="One")])
    shot_id = doc.shots[0].id
    library = MediaLibrary.for_studio(studio, project.id)
    for role, path in (("first_frame", stills[0]), ("last_frame", stills[1]),
                       ("audio", voice_clip)):
        (await input_from_file(doc, library, shot_id, role, path)).command.do(doc)
    out = tmp_path / "carried.reelroom"
    await export_bundle(studio.db, project.id, out)
    imported = await import_bundle(studio.db, studio.paths, out)
    (shot,) = ShotRepository(studio.db).for_project(imported.project.id)
    assert set(shot.inputs) == {"first_frame", "last_frame", "audio"}
    for role, path in (("first_frame", stills[0]), ("last_frame", stills[1]),
                       ("audio", voice_clip)):
        assert Path(shot.inputs[role]).read_bytes() == path.read_bytes()
        assert Path(shot.inputs[role]).is_relative_to(
            studio.paths.data / "projects" / imported.project.id)


def _cli(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    code = 2
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        with contextlib.suppress(SystemExit):
            code = main(argv)
    return code, out.getvalue()


def test_cli_sets_and_clears_inputs_and_refuses_bad_ones_in_one_line(
        reelroom_home, stills, voice_clip):
    assert _cli(["project", "new", "Film"])[0] == 0
    _cli(["shot", "add", "Film", "--title", "opening"])
    code, out = _cli(["shot", "set-input", "Film", "1", "--first", str(stills[0]),
                      "--audio", str(voice_clip)])
    assert code == 0, out
    assert "first frame:" in out and "audio clip:" in out
    code, out = _cli(["--json", "shot", "list", "Film"])
    assert '"first_frame"' in out and '"audio"' in out
    code, out = _cli(["shot", "set-input", "Film", "1", "--last", str(voice_clip)])
    assert code == 1
    assert out.strip() == ("error: --last: line.wav is an audio file; the last frame takes "
                           "an image")
    code, out = _cli(["shot", "set-input", "Film", "1", "--video", "/nope/missing.mp4"])
    assert code == 1 and len(out.strip().splitlines()) == 1 and "missing.mp4" in out
    code, out = _cli(["shot", "set-input", "Film", "7", "--first", str(stills[0])])
    assert out.strip() == "error: shot number must be between 1 and 1 (got 7)"
    code, out = _cli(["shot", "set-input", "Film", "1"])
    assert "nothing to set" in out
    code, out = _cli(["shot", "set-input", "Film", "1", "--clear", "audio"])
    assert code == 0 and "cleared the audio clip" in out

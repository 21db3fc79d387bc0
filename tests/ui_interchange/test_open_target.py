"""`reelroom PROJECT`: a `.reelroom` bundle given on the command line (or double-clicked) is
imported and opened; a project name opens that project; anything else is refused with a
message saying what was wrong, and the project picker follows."""

from __future__ import annotations

from app.domain import Take
from ui.main import main
from ui.open_target import open_target


def _bundle(window, qtbot, clip, tmp_path):
    project = window.studio.create_project("Harbour")
    doc = window.open_project(project.id)
    doc.insert_shots(0, [doc.new_shot(title="Open", duration=2.0),
                         doc.new_shot(title="Close", duration=1.0)])
    doc.add_take(Take(shot_id=doc.shots[0].id, media_path=str(clip), duration=2.0))
    path = tmp_path / "harbour.reelroom"
    task = window.features.interchange.transfers.export_bundle_to(path)
    qtbot.waitUntil(task.done, timeout=20_000)
    window.features.interchange.transfers.message.accept()
    return path


def test_a_bundle_path_is_imported_and_opened(window, qtbot, clip, tmp_path):
    path = _bundle(window, qtbot, clip, tmp_path)
    window.open_project(window.studio.create_project("Elsewhere").id)
    before = {p.id for p in window.studio.projects.all()}
    task = open_target(window, str(path))
    qtbot.waitUntil(task.done, timeout=20_000)
    assert task.exception() is None
    doc = window.studio.document
    assert doc.project.id not in before and doc.project.name.startswith("Harbour")
    assert [s.title for s in doc.shots] == ["Open", "Close"]
    assert window.windowTitle() == f"{doc.project.name} — Reelroom"
    assert "It is open now" in window.features.interchange.transfers.message.text()


def test_a_project_name_opens_that_project(window):
    wanted = window.studio.create_project("Spring campaign")
    window.open_project(window.studio.create_project("Other").id)
    assert open_target(window, "Spring campaign") is None
    assert window.studio.document.project.id == wanted.id


def test_what_cannot_be_opened_is_said_and_the_picker_follows(window, qtbot, tmp_path):
    assert open_target(window, str(tmp_path / "gone.reelroom")) is False
    box = window.open_message
    assert box.isVisible() and "no bundle file at" in box.text()
    box.accept()
    assert open_target(window, "No such film") is False
    assert "No project is named 'No such film'" in window.open_message.text()
    window.open_message.accept()
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"not a bundle")
    assert open_target(window, str(clip)) is False
    assert "clip.mp4 is not a Reelroom project bundle" in window.open_message.text()
    window.open_message.accept()
    assert window.studio.document is None


def test_a_damaged_bundle_is_refused_and_the_picker_follows(window, qtbot, tmp_path):
    from ui.dialogs.project_picker import ProjectPicker

    path = tmp_path / "broken.reelroom"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    task = open_target(window, str(path))
    qtbot.waitUntil(task.done, timeout=20_000)
    box = window.features.interchange.transfers.message
    assert box.isVisible() and "failed" in box.windowTitle()
    assert window.studio.document is None
    qtbot.waitUntil(lambda: any(isinstance(w, ProjectPicker) and w.isVisible()
                                for w in window.findChildren(ProjectPicker)), timeout=5_000)


def test_the_command_line_takes_one_project(capsys):
    assert main(["one", "two"]) == 2
    assert "open one project at a time" in capsys.readouterr().err
    assert main(["--no-such-flag"]) == 2
    assert "unknown option --no-such-flag" in capsys.readouterr().err

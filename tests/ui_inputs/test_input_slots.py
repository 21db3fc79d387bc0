"""The inspector's input slots in the studio window: the chosen model decides which slots show
(first–last frame → two image slots, text-to-video → none), a file dropped on a slot lands in
the media bin and on the shot as one undoable edit, a file of the wrong kind is refused on the
slot by name and changes nothing, and an item of the media bin can be picked for a slot."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QUrl

from app.media.ffmpeg import ffmpeg_exe
from tests.support.dnd import drop
from tests.support.qt_loop import studio_window

pytestmark = [pytest.mark.gui, pytest.mark.timeout(90)]


def _make(out: Path, *lavfi: str) -> Path:
    subprocess.run([ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi",
                    "-i", *lavfi, str(out)], check=True)
    return out


@pytest.fixture
def media(tmp_path):
    return {
        "dawn": _make(tmp_path / "dawn.png", "color=c=orange:s=64x36", "-frames:v", "1"),
        "dusk": _make(tmp_path / "dusk.png", "color=c=navy:s=64x36", "-frames:v", "1"),
        "line": _make(tmp_path / "line.wav", "sine=frequency=440:duration=0.3"),
    }


@pytest.fixture
def window(qtbot, running_loop, reelroom_home, platform_fake):
    yield from studio_window(qtbot)


def _urls(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def _flf_shot(window, qtbot):
    project = window.studio.create_project("Inputs")
    doc = window.open_project(project.id)
    doc.insert_shots(0, [doc.new_shot(title="Sunset", prompt="the sky turns from dawn to dusk",
                                      provider="platform", model="ltx-flf")])
    shot_id = doc.shots[0].id
    window.timeline.select_ids([shot_id])
    slots = window.inspector.inputs
    # the inspector shows a new selection just after the player's first frame
    # (ui/wiring/after_picture.py): wait for the slots as the user sees them
    qtbot.waitUntil(lambda: set(slots.slots) == {"first_frame", "last_frame"}
                    and all(s.isVisible() for s in slots.slots.values()), timeout=15_000)
    return doc, shot_id, slots


def test_a_dropped_file_lands_on_the_shot_undoably_and_the_wrong_kind_is_refused(
        window, qtbot, media):
    doc, shot_id, slots = _flf_shot(window, qtbot)
    first = slots.slots["first_frame"]
    assert first.isVisible() and first.acceptDrops()
    assert [s.title.text() for s in slots.slots.values()] == ["<b>First frame</b>",
                                                             "<b>Last frame</b>"]
    event = drop(first, QPoint(10, 10), _urls(media["dawn"]))
    assert event.isAccepted()
    qtbot.waitUntil(lambda: "first_frame" in doc.shots.get(shot_id).inputs, timeout=10_000)
    path = Path(doc.shots.get(shot_id).inputs["first_frame"])
    assert path.read_bytes() == media["dawn"].read_bytes()
    library = window.features.media.controller.library
    assert library.owned(path) is not None  # it went through the media bin
    qtbot.waitUntil(lambda: first.value == str(path))
    assert "dawn.png" in first.name.text()

    window.undo.stack.undo()
    assert doc.shots.get(shot_id).inputs == {}
    qtbot.waitUntil(lambda: first.value is None)
    window.undo.stack.redo()
    assert doc.shots.get(shot_id).inputs == {"first_frame": str(path)}

    last = slots.slots["last_frame"]
    drop(last, QPoint(10, 10), _urls(media["line"]))
    qtbot.waitUntil(lambda: "is an audio file" in last.name.text(), timeout=10_000)
    assert "the last frame takes an image" in last.name.text()
    assert set(doc.shots.get(shot_id).inputs) == {"first_frame"}


def test_the_media_bin_offers_its_items_for_a_slot_and_the_model_decides_the_slots(
        window, qtbot, media):
    doc, shot_id, slots = _flf_shot(window, qtbot)
    library = window.features.media.controller.library
    (bin_item,) = [r.item for r in
                   qtbot_run(window, qtbot, library.import_files([media["dusk"]]))]
    menu = slots.slots["last_frame"].menu()
    from_bin = next(a.menu() for a in menu.actions() if a.text() == "From the Media Bin")
    (pick,) = [a for a in from_bin.actions() if a.text() == "dusk.png"]
    pick.trigger()
    qtbot.waitUntil(lambda: doc.shots.get(shot_id).inputs.get("last_frame") == bin_item.path,
                    timeout=10_000)
    doc.update_shot(shot_id, model="wan-t2v")
    qtbot.waitUntil(lambda: not slots.slots, timeout=10_000)
    assert "Kept but not sent to this model: the last frame." == slots.note.text()


def qtbot_run(window, qtbot, coro):
    import asyncio

    task = asyncio.get_event_loop().create_task(coro)
    qtbot.waitUntil(task.done, timeout=10_000)
    return task.result()


def test_an_openai_reference_can_be_a_url(window, qtbot):
    from PySide6.QtWidgets import QInputDialog

    project = window.studio.create_project("Sora")
    doc = window.open_project(project.id)
    doc.insert_shots(0, [doc.new_shot(title="Fox", prompt="a fox", provider="openai",
                                      model="sora-2")])
    shot_id = doc.shots[0].id
    window.timeline.select_ids([shot_id])
    slots = window.inspector.inputs
    qtbot.waitUntil(lambda: set(slots.slots) == {"first_frame"}, timeout=15_000)
    menu = slots.slots["first_frame"].menu()
    next(a for a in menu.actions() if a.text() == "A URL or OpenAI File Id…").trigger()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(QInputDialog)))
    ask = next(d for d in window.findChildren(QInputDialog) if d.isVisible())
    ask.setTextValue("https://example.com/fox.png")
    ask.accept()
    qtbot.waitUntil(lambda: doc.shots.get(shot_id).inputs.get("first_frame")
                    == "https://example.com/fox.png", timeout=10_000)
    qtbot.waitUntil(lambda: "fetched by the service" in slots.slots["first_frame"].name.text())

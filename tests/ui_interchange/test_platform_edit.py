"""Shot → Edit on the Platform… in the window: disabled with a reason until the platform is
configured, the price shown before anything is sent, and a run that ends as a new selected
take (selection undoable, the paid take kept)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.domain import Take
from tests.fakes.platform import API_KEY, PlatformFake, create


@pytest.fixture
def fake(clip) -> Iterator[PlatformFake]:
    with create() as svc:
        svc.files["gen_source.mp4"] = clip.read_bytes()
        yield svc


def connect(window, fake, monkeypatch) -> None:
    monkeypatch.setenv("REELROOM_PLATFORM_BASE_URL", fake.base_url)
    window.studio.secrets.set("platform", API_KEY, session_only=True)
    window.studio.save_settings()  # what the Settings dialog does; the entry re-checks


def project(window, clip, provider="platform"):
    doc = window.open_project(window.studio.create_project("Film").id)
    doc.insert_shots(0, [doc.new_shot(title="Harbour", prompt="boats at dawn"),
                         doc.new_shot(title="Pier", prompt="gulls")])
    remote = {"platform_filename": "gen_source.mp4"} if provider == "platform" else {}
    take = doc.add_take(Take(shot_id=doc.shots[0].id, provider=provider, media_path=str(clip),
                             duration=2.0, remote_ids=remote))
    doc.add_take(Take(shot_id=doc.shots[1].id, provider=provider, media_path=str(clip),
                      duration=2.0, remote_ids=remote))
    window.timeline.select_ids([doc.shots[0].id])
    return doc, take


def test_disabled_with_a_reason_until_configured(window, fake, clip, monkeypatch):
    action = window.actions.platform_edit
    assert action in window.menus["shot"].actions()
    project(window, clip)
    assert not action.isEnabled()
    assert "Connect the studio platform in Settings" in action.toolTip()
    connect(window, fake, monkeypatch)
    assert action.isEnabled()
    window.timeline.select_ids([])
    window.menus["shot"].aboutToShow.emit()  # as Qt does when the menu opens
    assert not action.isEnabled() and action.toolTip() == "Select a shot first."


def test_price_first_then_a_new_selected_take(window, qtbot, fake, clip, monkeypatch):
    doc, original = project(window, clip)
    connect(window, fake, monkeypatch)
    window.actions.platform_edit.trigger()
    dialog = window.features.interchange.platform_edits.dialog
    assert dialog.isVisible() and "Take 1" in dialog.heading.text()
    dialog.select_tool("speed")
    dialog.forms["speed"].set_value("speed_factor", 2.0)
    assert dialog.cost.text() == "Costs 3 credits"
    assert dialog.run_btn.text() == "Run on the platform — 3 credits"
    dialog.select_tool("merge")
    assert dialog.cost.text() == "Costs 4 credits"  # max(3, 2 × 2 clips)
    dialog.select_tool("upscale-video")
    assert "Creator plan" in dialog.note.text()
    dialog.select_tool("speed")
    assert fake.requests_to("POST", "/api/edit/speed") == []  # nothing sent while choosing

    task = dialog.run()
    qtbot.waitUntil(task.done, timeout=20_000)
    new = dialog.outcome.take
    assert new is not None and doc.shots[0].selected_take_id == new.id
    assert "Change speed on the platform (3 credits): new take 2" in dialog.result.text()
    assert fake.credits == 500 - 3
    assert fake.requests_to("POST", "/api/edit/speed")[0].json()["speed_factor"] == 2.0
    window.undo_stack.undo()  # selecting is undone; the paid take stays
    assert doc.shots[0].selected_take_id == original.id
    assert [t.id for t in doc.takes(original.shot_id)] == [original.id, new.id]


def test_bad_input_and_service_refusals_are_shown(window, qtbot, fake, clip, monkeypatch):
    project(window, clip, provider="animatic")
    connect(window, fake, monkeypatch)
    dialog = window.features.interchange.platform_edits.open()
    dialog.select_tool("trim")
    dialog.forms["trim"].set_value("start_seconds", 3.0)
    dialog.forms["trim"].set_value("end_seconds", 1.0)
    assert "end_seconds must be after start_seconds" in dialog.error.text()
    assert not dialog.run_btn.isEnabled() and dialog.cost.text() == "Cannot run yet"
    dialog.forms["trim"].set_value("end_seconds", 4.0)
    assert dialog.run_btn.isEnabled()
    task = dialog.run()
    qtbot.waitUntil(task.done, timeout=20_000)
    assert "Take 1 was not made on the platform" in dialog.error.text()
    assert "Edit this take on this computer instead" in dialog.error.text()
    assert fake.credits == 500 and dialog.outcome is None


def test_screenshot(window, qtbot, fake, clip, monkeypatch):
    project(window, clip)
    connect(window, fake, monkeypatch)
    dialog = window.features.interchange.platform_edits.open()
    dialog.select_tool("text-overlay")
    dialog.resize(dialog.sizeHint().expandedTo(dialog.minimumSizeHint()))
    qtbot.wait(50)
    dialog.grab().save("/tmp/shots/platform_edit.png")
    dialog.select_tool("add-watermark")
    qtbot.wait(50)
    dialog.grab().save("/tmp/shots/platform_edit_watermark.png")

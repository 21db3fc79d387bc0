"""Generating with a service that costs money (a scripted in-process provider): the estimate is
shown and confirmed before anything is queued, the budget cap and bad parameters are refused
in words, a running job's cancel warns about billing, a service's error reads in the panel."""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtWidgets import QMessageBox

from app.providers.animatic import Animatic
from app.providers.base import ProviderConfig
from app.services.queue import JobState, Queue
from tests.queue.conftest import Scripted
from tests.ui_queue.conftest import open_project_with_shots
from ui.queue.model import COST, STATE

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def scripted(monkeypatch, sample_clip):
    """A "scripted" service (10 cents a take) next to the real offline animatic; the
    window's queue uses them."""
    made: dict[str, Scripted] = {}

    def make_queue(studio) -> Queue:
        def factory(name: str):
            if name == "animatic":
                return Animatic(ProviderConfig(name=name, base_url="", extra={
                    "cache_dir": str(studio.paths.cache / name)}))
            if name not in made:
                made[name] = Scripted(name, sample_clip, delay=0.01, price=0.10)
            return made[name]

        return Queue(studio, provider_factory=factory, poll_interval=0.05)

    monkeypatch.setattr("ui.wiring.queue.Queue", make_queue)
    return made


def open_box(window) -> QMessageBox | None:
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    return boxes[-1] if boxes else None


def press(box: QMessageBox, text: str) -> None:
    next(b for b in box.buttons() if b.text() == text).click()


def paid_project(window, count=2, prompt="a harbour"):
    doc = open_project_with_shots(window, count, provider="scripted", params={})
    for shot in list(doc.shots):
        doc.update_shot(shot.id, model="m", prompt=prompt)
    window.timeline.select_ids(doc.shots.ids())
    return doc


def test_the_estimate_is_confirmed_before_anything_is_queued(scripted, window, qtbot):
    paid_project(window)
    queue = window.features.queue.queue
    window.actions.generate_take.trigger()
    qtbot.waitUntil(lambda: open_box(window) is not None)
    box = open_box(window)
    assert "Queue 1 take of 2 shots on scripted?" in box.text()
    assert "Estimated cost: $0.20" in box.text()
    assert "may be billed even if you cancel" in box.informativeText()
    press(box, "Cancel")
    qtbot.wait(100)
    assert queue.store.list() == []  # said no: nothing queued

    window.actions.generate_take.trigger()
    qtbot.waitUntil(lambda: open_box(window) is not None)
    press(open_box(window), "Queue 2 jobs")
    qtbot.waitUntil(lambda: len(queue.store.list()) == 2)
    panel = window.features.queue.panel
    qtbot.waitUntil(lambda: {panel.proxy.index(r, STATE).data() for r in range(2)} == {"done"},
                    timeout=30_000)
    assert {panel.proxy.index(r, COST).data() for r in range(2)} == {"$0.10"}
    qtbot.waitUntil(lambda: "spent today $0.20" in panel.summary.text())


def test_the_budget_cap_and_bad_parameters_are_refused_in_words(scripted, window, qtbot):
    window.studio.settings.budget_cap_usd = 0.05
    paid_project(window, 1)
    window.actions.generate_take.trigger()
    qtbot.waitUntil(lambda: open_box(window) is not None)
    press(open_box(window), "Queue 1 job")
    qtbot.waitUntil(lambda: window.features.queue.generator.last_notice is not None)
    notice = window.features.queue.generator.last_notice
    assert notice.windowTitle() == "Over the budget cap"
    assert "the cap of $0.05 would be exceeded by $0.05" in notice.text()
    assert "Settings" in notice.text()
    assert window.features.queue.queue.store.list() == []
    notice.accept()

    # an animatic card 33 pixels wide: the service's rule, named, before anything is sent
    doc = window.studio.document
    window.studio.settings.budget_cap_usd = None
    doc.update_shot(doc.shots[0].id, provider="animatic", model="card",
                    params={"width": 33, "height": 36})
    window.features.queue.generator.last_notice = None
    window.actions.generate_take.trigger()
    qtbot.waitUntil(lambda: window.features.queue.generator.last_notice is not None)
    notice = window.features.queue.generator.last_notice
    assert notice.windowTitle() == "Cannot queue 1 take"
    assert "width" in notice.text() and "Animatic (offline)" in notice.text()
    assert window.features.queue.queue.store.list() == []
    notice.accept()


def test_cancelling_a_running_job_warns_about_billing_and_shows_what_happened(
        scripted, window, qtbot):
    paid_project(window, 1)
    queue = window.features.queue.queue
    provider = queue.provider("scripted")
    provider.gate = asyncio.Event()  # jobs wait at the service until released
    window.actions.generate_take.trigger()
    qtbot.waitUntil(lambda: open_box(window) is not None)
    press(open_box(window), "Queue 1 job")
    qtbot.waitUntil(lambda: [j.state for j in queue.store.list()] == [JobState.RUNNING])
    panel = window.features.queue.panel
    qtbot.waitUntil(lambda: panel.proxy.rowCount() == 1
                    and panel.proxy.index(0, STATE).data() in ("waiting at the service",
                                                               "generating"))
    panel.view.selectRow(0)
    task = panel.cancel_action.trigger()
    qtbot.waitUntil(lambda: open_box(window) is not None)
    box = open_box(window)
    assert "already sent to scripted" in box.text()
    assert "may still be billed, even if it is cancelled" in box.text()
    press(box, "Cancel Anyway")
    del task
    qtbot.waitUntil(lambda: queue.store.list()[0].state == JobState.CANCELLED)
    qtbot.waitUntil(lambda: "which may still bill for it" in panel.notice.text())
    assert "Reelroom asked the service to stop it" in panel.notice.text()
    assert provider.cancelled  # the service was told
    assert panel.proxy.index(0, COST).data() == "$0.10"  # booked: it had been sent


def test_a_failed_job_says_what_the_service_said_and_can_be_retried(scripted, window, qtbot):
    sink: list[tuple[str, str]] = []
    window.features.queue.notifier.sink = lambda title, text: sink.append((title, text))
    paid_project(window, 1, prompt="FAIL please")
    queue = window.features.queue.queue
    window.actions.generate_take.trigger()
    qtbot.waitUntil(lambda: open_box(window) is not None)
    press(open_box(window), "Queue 1 job")
    panel = window.features.queue.panel
    qtbot.waitUntil(lambda: panel.proxy.rowCount() == 1
                    and panel.proxy.index(0, STATE).data().startswith("failed"), timeout=20_000)
    said = panel.proxy.index(0, STATE).data()
    assert said == "failed — scripted: content policy violation (moderation)"
    qtbot.waitUntil(lambda: ("Generation failed",
                             "1. Shot A: scripted: content policy violation (moderation)") in sink)
    qtbot.waitUntil(lambda: ("Queue finished", "1 failed (see Queue)") in sink)
    panel.view.selectRow(0)
    assert panel.retry_action.isEnabled()
    panel.retry_action.trigger()  # fetches the same job: the service says failed again
    assert queue.store.list()[0].attempts == 1
    qtbot.waitUntil(lambda: queue.store.list()[0].state == JobState.FAILED, timeout=20_000)
    assert queue.store.list()[0].attempts == 1
    assert sum(scripted["scripted"].submits.values()) == 1
    panel.view.selectRow(0)
    qtbot.waitUntil(panel.again_action.isEnabled)  # once the row shows it failed again
    task = panel.again_action.trigger()
    qtbot.waitUntil(lambda: open_box(window) is not None)
    box = open_box(window)
    assert "new paid job" in box.text() and "costs money" in box.text()
    press(box, "Generate Again (New Paid Job)")
    del task
    qtbot.waitUntil(lambda: queue.store.list()[0].attempts == 2, timeout=20_000)


def test_a_paid_job_without_a_key_is_refused_at_queue_time_with_a_way_to_settings(
        window, qtbot):
    from ui.dialogs.settings_dialog import SettingsDialog

    doc = open_project_with_shots(window, 1, provider="openai", params={})
    for shot in list(doc.shots):
        doc.update_shot(shot.id, model="sora-2", prompt="a harbour")
    window.timeline.select_ids(doc.shots.ids())
    window.actions.generate_take.trigger()
    qtbot.waitUntil(lambda: open_box(window) is not None)
    box = open_box(window)
    assert "No API key for OpenAI Videos: add one in Settings → API keys" in box.text()
    assert "Estimated cost" not in box.text()  # refused before any price was asked for
    press(box, "Open Settings")
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(SettingsDialog)))
    assert window.features.queue.queue.store.list() == []  # nothing was queued
    for d in window.findChildren(SettingsDialog):
        d.reject()

"""What the Queue panel looks like with jobs in every state (saved for review)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from app.providers.base import GenerationRequest, RemoteHandle
from app.services.queue import Job, JobState
from tests.ui_queue.conftest import open_project_with_shots
from ui.queue.model import COST, POSITION, STATE

SHOTS = Path(os.environ.get("REELROOM_SHOTS", "/tmp/shots"))


def put(queue, doc, shot: int, provider: str, *path: tuple[JobState, dict],
        cost: float | None = 0.4, model: str = "sora-2") -> Job:
    """A job written the way the runner writes one, walked through `path` states."""
    [job] = queue.store.add([Job(
        project_id=doc.project.id, shot_id=doc.shots[shot].id, provider=provider, model=model,
        request=GenerationRequest(model=model, prompt=doc.shots[shot].prompt),
        estimated_cost=cost)])
    for state, fields in path:
        handle = fields.pop("handle", None)
        job = queue.store.transition(job.id, state, handle=handle, **fields)
    queue.jobs_added.emit([job])
    return job


def test_queue_panel_with_jobs_in_every_state(window, qtbot):
    doc = open_project_with_shots(window, 6)
    queue = window.features.queue.queue
    queue.pause()  # these jobs are drawn, not sent
    now = time.time()
    h = RemoteHandle(provider="openai", remote_id="video_1")
    sent = (JobState.SUBMITTING, {"started": now - 95})
    put(queue, doc, 0, "openai", sent, (JobState.RUNNING, {"handle": h}),
        (JobState.DOWNLOADING, {}), (JobState.DONE, {"finished": now - 20, "percent": 100.0}))
    put(queue, doc, 1, "openai", sent, (JobState.RUNNING, {"handle": h, "percent": 62.0,
                                                           "eta": 40.0}))
    put(queue, doc, 2, "shuttleai", sent, (JobState.RUNNING, {"handle": h,
                                                              "queue_position": 3}),
        cost=None, model="wan-2.2")
    put(queue, doc, 3, "openai", sent, (JobState.FAILED, {
        "finished": now - 50,
        "last_error": "openai: Your request was rejected by the safety system. Change the "
                      "prompt and try again."}))
    put(queue, doc, 4, "tellers", sent, (JobState.NEEDS_ATTENTION, {
        "finished": now - 40,
        "last_error": "Reelroom stopped while sending this job; tellers may have received "
                      "it and may bill for it."}), cost=12, model="default")
    put(queue, doc, 5, "animatic", cost=0, model="card")
    put(queue, doc, 5, "openai")
    panel = window.features.queue.panel
    qtbot.waitUntil(lambda: panel.model.rowCount() == 7)
    states = {panel.proxy.index(r, STATE).data() for r in range(7)}
    assert "waiting at the service" in states and "generating" in states
    assert any(s.startswith("failed — openai: Your request was rejected") for s in states)
    costs = {panel.proxy.index(r, COST).data() for r in range(7)}
    assert {"billed by the service", "free", "$0.40", "≈ $0.40"} <= costs
    positions = [panel.proxy.index(r, POSITION).data() for r in range(7)]
    assert "3 at ShuttleAI Video" in positions and "1 of 2" in positions

    from PySide6.QtCore import Qt

    window.resize(1500, 900)
    window.docks["queue"].show()
    # a user who watches the queue widens it; the default half-width shows the same columns
    window.resizeDocks([window.docks["timeline"], window.docks["queue"]], [560, 940],
                       Qt.Orientation.Horizontal)
    panel.view.selectRow(1)
    qtbot.wait(250)  # the coalesced summary refresh
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(SHOTS / "queue.png"))
    assert panel.grab().save(str(SHOTS / "queue-panel.png"))


def test_needs_attention_job_offers_its_ways_out(window, qtbot):
    doc = open_project_with_shots(window, 1)
    queue = window.features.queue.queue
    queue.pause()
    job = put(queue, doc, 0, "openai", (JobState.SUBMITTING, {"started": time.time() - 60}),
              (JobState.NEEDS_ATTENTION, {
                  "finished": time.time() - 30,
                  "last_error": "Sending this job got no clear answer; openai may have received "
                                "it and may bill for it."}))
    panel = window.features.queue.panel
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    panel.select_job(job.id)
    qtbot.waitUntil(panel.check_action.isEnabled)
    assert panel.resend_action.isEnabled() and panel.forget_action.isEnabled()
    assert not panel.again_action.isEnabled()  # no handle: "send again" is the honest name
    menu = panel.context_menu()
    texts = [a.text() for a in menu.actions() if a.isEnabled()]
    assert {"Check the Service", "It Was Not Received: Send Again (New Paid Job)…",
            "Forget It"} <= set(texts)
    menu.popup(panel.mapToGlobal(panel.rect().center()))
    qtbot.waitUntil(menu.isVisible)
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert menu.grab().save(str(SHOTS / "queue-needs-attention-menu.png"))
    menu.close()
    panel.forget_selected()
    assert queue.store.get(job.id).state == JobState.CANCELLED

"""The Queue dock's job detail: selecting a job that talks while it works (an agent) shows its
answer and reasoning as they stream in, before the job is done; a job that says nothing shows
no text panes; selecting several jobs hides the detail."""

from __future__ import annotations

import asyncio

import pytest

from app.providers.base import JobStatus, ProgressEvent
from app.services.queue import JobState, Queue
from tests.queue.conftest import Scripted
from tests.support.qt_loop import studio_window
from tests.ui_queue.conftest import open_project_with_shots

pytestmark = [pytest.mark.gui, pytest.mark.timeout(60)]


class Talking(Scripted):
    """Streams an answer and a reasoning summary, then waits for `gate` before finishing."""

    async def progress(self, handle):
        yield ProgressEvent(status=JobStatus.RUNNING, text="Looking for ",
                            data={"stream": "reasoning"})
        yield ProgressEvent(status=JobStatus.RUNNING, text="harbour shots",
                            data={"stream": "reasoning"})
        for word in ("Cutting ", "the ", "video"):
            yield ProgressEvent(status=JobStatus.RUNNING, text=word, data={"stream": "output"})
        yield ProgressEvent(status=JobStatus.RUNNING, text="Rendering the edit", percent=60)
        await self.gate.wait()
        yield ProgressEvent(status=JobStatus.SUCCEEDED, percent=100)


@pytest.fixture
def window(qtbot, running_loop, reelroom_home, talking):
    yield from studio_window(qtbot)


@pytest.fixture
def talking(monkeypatch, sample_clip):
    made: dict[str, Talking] = {}

    def make_queue(studio) -> Queue:
        def factory(name: str):
            if name not in made:
                made[name] = Talking(name, sample_clip, delay=0.01, price=0.0)
                made[name].gate = asyncio.Event()
            return made[name]

        return Queue(studio, provider_factory=factory, poll_interval=0.05)

    monkeypatch.setattr("ui.wiring.queue.Queue", make_queue)
    return made


def test_an_agents_live_text_shows_in_the_job_detail_while_it_works(talking, window, qtbot):
    doc = open_project_with_shots(window, 2, provider="agentish", params={})
    for shot in list(doc.shots):
        doc.update_shot(shot.id, model="m")
    window.timeline.select_ids(doc.shots.ids())
    window.actions.generate_take.trigger()
    panel = window.features.queue.panel
    qtbot.waitUntil(lambda: len(panel.model.jobs()) == 2, timeout=10_000)
    first = panel.model.jobs()[0]
    panel.select_job(first.id)
    view = panel.detail_view
    qtbot.waitUntil(lambda: view.answer.toPlainText() == "Cutting the video", timeout=10_000)
    assert view.isVisible() and view.answer.isVisible()
    assert view.reasoning.toPlainText() == "Looking for harbour shots"
    # each progress step is committed before the next is read: the note follows the words
    qtbot.waitUntil(lambda: view.status.text() == "Rendering the edit", timeout=10_000)
    assert not panel.queue.store.get(first.id).state.finished  # shown while it works
    panel.view.selectAll()
    qtbot.waitUntil(lambda: not view.isVisible())
    talking["agentish"].gate.set()
    qtbot.waitUntil(lambda: all(j.state == JobState.DONE for j in panel.model.jobs()),
                    timeout=10_000)
    panel.select_job(first.id)
    qtbot.waitUntil(view.isVisible)
    assert view.status.text() == "Done."
    assert view.answer.toPlainText() == "Cutting the video"  # kept after the run

"""The queue's life with the window: it starts when the window is built before the loop runs,
and closing the window stops it without touching a job, so a restart resumes the work."""

from __future__ import annotations

import asyncio

import pytest

from app.services.queue import JobState
from app.services.studio import Studio
from tests.support.qt_loop import running_qasync_loop
from tests.ui_queue.conftest import open_project_with_shots
from ui.main import create_window

pytestmark = pytest.mark.timeout(60)


def test_a_window_built_before_the_loop_runs_starts_its_queue_once_events_flow(
        qtbot, qapp, reelroom_home):
    studio = Studio.open()
    w = create_window(studio)  # no asyncio loop is running yet
    qtbot.addWidget(w)
    assert w.features.queue.start_task is None
    try:
        with running_qasync_loop(qapp):  # events (and asyncio) start flowing only now
            qtbot.waitUntil(lambda: w.features.queue.queue._loop_task is not None, timeout=5_000)
            w.close()
            qtbot.waitUntil(lambda: w.features.queue.stop_task.done(), timeout=10_000)
            assert w.features.queue.queue._loop_task is None
    finally:
        studio.close()


def test_closing_the_window_leaves_running_work_to_resume_and_a_new_window_finishes_it(
        qtbot, running_loop, reelroom_home, monkeypatch):
    from app.providers.animatic import Animatic

    studio = Studio.open()
    w = create_window(studio)
    qtbot.addWidget(w)
    doc = open_project_with_shots(w, 1)
    shot = doc.shots[0].id
    held = asyncio.Event()
    real_progress = Animatic.progress

    async def slow_progress(self, handle):
        await held.wait()  # the render "takes long": the window closes meanwhile
        async for event in real_progress(self, handle):
            yield event

    monkeypatch.setattr(Animatic, "progress", slow_progress)
    w.timeline.select_ids([shot])
    w.actions.generate_take.trigger()
    qtbot.waitUntil(lambda: [j.state for j in w.features.queue.queue.store.list()] == [JobState.RUNNING])
    w.close()
    qtbot.waitUntil(lambda: w.features.queue.stop_task.done(), timeout=10_000)
    [job] = w.features.queue.queue.store.list()
    assert job.state == JobState.RUNNING and job.handle is not None  # left as it was
    studio.close()

    monkeypatch.setattr(Animatic, "progress", real_progress)
    studio2 = Studio.open()
    w2 = create_window(studio2)  # reopens the project and resumes the job
    qtbot.addWidget(w2)
    try:
        # what the user sees last: the panel's row says done (the store says so a moment
        # earlier, when the writer thread commits, before the loop carries the news over)
        qtbot.waitUntil(lambda: (w2.features.queue.panel.model.job(job.id) or job).state
                        == JobState.DONE, timeout=30_000)
        assert w2.features.queue.queue.store.get(job.id).state == JobState.DONE
        assert len(studio2.document.takes(shot)) == 1
    finally:
        w2.close()
        qtbot.waitUntil(lambda: w2.features.queue.stop_task.done(), timeout=10_000)
        studio2.close()



@pytest.fixture
def silent_platform(monkeypatch):
    """The platform at a 127.0.0.1 address that takes each connection and request and never
    answers, with a key stored: the window asks it for the balance as it opens."""
    import socket
    import threading

    from tests.fakes.platform import API_KEY

    server = socket.create_server(("127.0.0.1", 0))
    accepted: list[socket.socket] = []
    asked = threading.Event()

    def serve() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            accepted.append(conn)
            conn.recv(65536)
            asked.set()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    monkeypatch.setenv("REELROOM_PLATFORM_BASE_URL",
                       f"http://127.0.0.1:{server.getsockname()[1]}")
    monkeypatch.setenv("REELROOM_PLATFORM_API_KEY", API_KEY)
    yield asked, accepted
    server.shutdown(socket.SHUT_RDWR)  # wakes the accept() in progress
    server.close()
    for conn in accepted:
        conn.close()
    thread.join(timeout=5)


def test_closing_ends_requests_still_waiting_before_the_adapters_close(
        qtbot, running_loop, reelroom_home, silent_platform):
    """A balance or model listing still waiting on its service when the window closes is
    cancelled and its connection closed, before the queue closes the adapters it uses."""
    import gc
    import warnings

    asked, accepted = silent_platform
    studio = Studio.open()
    w = create_window(studio)
    qtbot.addWidget(w)
    services = w.features.services
    try:
        qtbot.waitUntil(asked.is_set, timeout=10_000)  # the balance is on the wire
        [balance] = services.tasks.running
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always", ResourceWarning)
            w.close()
            qtbot.waitUntil(lambda: w.features.queue.stop_task.done(), timeout=10_000)
            assert balance.cancelled()
            assert w.features.queue.queue._providers == {}
            accepted[0].settimeout(5)
            assert accepted[0].recv(1) == b""  # the studio closed its end
            del balance
            gc.collect()
        assert not [x for x in seen if issubclass(x.category, ResourceWarning)]
    finally:
        studio.close()

"""Fixtures for the media bin tests: the studio window offscreen with a project open, asyncio
on Qt's loop (imports are tasks), and small real media files."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.ui_media.samples import make_set


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Some of these tests play files in the player: pytest-qt's Python-side Qt message capture
    # can deadlock with a QtMultimedia worker (see tests/ui_player/conftest.py), so it is off.
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.no_qt_log)


@pytest.fixture
def qasync_loop(qapp, qtbot):
    """qasync's loop marked running, as under `qasync.run` in the app (coroutines may call
    get_running_loop(); ffmpeg runs as an asyncio subprocess); qtbot.waitUntil drives Qt and
    asyncio together. Not run_until_complete: leaving Qt's exec() emits aboutToQuit, which
    stops QtMultimedia's playback threads for the rest of the process."""
    import qasync

    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    yield loop
    left = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in left:
        task.cancel()
    if left:
        qtbot.waitUntil(lambda: all(t.done() for t in left), timeout=10_000)
    asyncio.events._set_running_loop(None)
    # stop() would call QApplication.exit() and end later tests' event loops: mark it
    # stopped by hand instead
    loop._QEventLoop__is_running = False
    loop.close()
    asyncio.set_event_loop(None)


@pytest.fixture(scope="session")
def files(tmp_path_factory) -> dict[str, Path]:
    return make_set(tmp_path_factory.mktemp("bin-files"))


@pytest.fixture
def window(qtbot, reelroom_home, qasync_loop):
    from app.services.studio import Studio
    from ui.main import create_window

    studio = Studio.open()
    w = create_window(studio)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()
    studio.close()


@pytest.fixture
def doc(window):
    project = window.studio.create_project("Film")
    doc = window.open_project(project.id)
    for _ in range(3):
        window.actions.add_shot.trigger()
    return doc

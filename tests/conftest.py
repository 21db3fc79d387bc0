"""Every test gets its own REELROOM_HOME and an in-memory keyring; Qt runs offscreen."""

from __future__ import annotations

import os
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from tests.support.memory_keyring import MemoryKeyring  # noqa: E402


def pytest_configure(config):
    # The Qt tests paint and emit thousands of times in one process: without the guard,
    # PySide6 6.12 on Python 3.11 leaks references to True/None until the interpreter aborts.
    from ui.bool_guard import install_bool_guard

    install_bool_guard()
    # As in the app, a loop exists only where one was set: a widget asking for the loop in a
    # test without one gets "none" instead of a new loop that never runs, whose tasks would be
    # destroyed unstarted ("coroutine ... was never awaited").
    import asyncio

    asyncio.set_event_loop(None)


@pytest.fixture(scope="session")
def qapp(qapp):
    """pytest-qt's QApplication, collecting cycles only on its thread as the app does
    (ui/gui_thread_gc.py: a Qt object collected on an executor thread segfaults later)."""
    from ui.gui_thread_gc import keep_collection_on_gui_thread

    keep_collection_on_gui_thread(qapp)
    return qapp


@pytest.fixture(autouse=True)
def collect_between_tests():
    """Tests that never spin the event loop still get their cycles collected, here."""
    yield
    from ui.gui_thread_gc import collect_due, collection_on_gui_thread

    if collection_on_gui_thread():
        collect_due()


@pytest.fixture(autouse=True)
def reelroom_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("REELROOM_HOME", str(home))
    for name in ("OPENAI", "SHUTTLEAI", "TELLERS", "VIDDYSCRIBE", "PLATFORM"):
        monkeypatch.delenv(f"REELROOM_{name}_API_KEY", raising=False)
        monkeypatch.delenv(f"REELROOM_{name}_BASE_URL", raising=False)
    for var in ("OPENAI_API_KEY", "SHUTTLEAI_API_KEY", "TELLERS_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    return home


@pytest.fixture(autouse=True)
def memory_keyring():
    """A working keyring backend held in memory, so no test touches the real one."""
    import keyring

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring():
    """No usable keyring backend, as on headless Linux."""
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    yield


@pytest.fixture
def studio(reelroom_home):
    from app.services.studio import Studio

    s = Studio.open()
    yield s
    s.close()


@pytest.fixture
def qasync_loop(qapp):
    """asyncio on Qt's event loop, as the app runs it (qtbot.wait* then drives both)."""
    import asyncio

    from ui.event_loop import AppEventLoop

    loop = AppEventLoop(qapp, already_running=False)
    asyncio.set_event_loop(loop)
    yield loop
    # Tasks still pending (a picker's model list, a thumbnail) are cancelled and given the
    # Qt events to unwind, so none is destroyed unstarted ("coroutine was never awaited").
    left = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in left:
        task.cancel()
    deadline = time.monotonic() + 10
    while any(not t.done() for t in left) and time.monotonic() < deadline:
        qapp.processEvents()
    loop.close()
    asyncio.set_event_loop(None)


@pytest.fixture
def running_loop(qapp, qtbot):
    """qasync's loop running as in the app (see tests/support/qt_loop.py)."""
    from tests.support.qt_loop import running_qasync_loop

    with running_qasync_loop(qapp, qtbot) as loop:
        yield loop


@pytest.fixture
def platform_fake(monkeypatch):
    """The studio platform's fake, configured for this test as a connected user would have it
    (base URL and key from the environment)."""
    from tests.fakes.platform import API_KEY, create

    with create() as svc:
        monkeypatch.setenv("REELROOM_PLATFORM_BASE_URL", svc.base_url)
        monkeypatch.setenv("REELROOM_PLATFORM_API_KEY", API_KEY)
        yield svc


@pytest.fixture(scope="session")
def sample_clip(tmp_path_factory):
    """A real, tiny mp4: what scripted providers and the fakes hand out as a result."""
    import asyncio

    from app.media.animatic import AnimaticCard, render_card

    out = tmp_path_factory.mktemp("clip") / "clip.mp4"
    asyncio.run(render_card(AnimaticCard(1, "t", "p", 1.0), out, width=64, height=36, fps=8))
    return out


@pytest.fixture(scope="session")
def sample_png(tmp_path_factory) -> bytes:
    """A real, tiny PNG image (what an image model hands out)."""
    import subprocess

    from app.media.ffmpeg import ffmpeg_exe

    out = tmp_path_factory.mktemp("png") / "image.png"
    subprocess.run([ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i",
                    "color=c=red:s=32x24", "-frames:v", "1", str(out)], check=True)
    return out.read_bytes()

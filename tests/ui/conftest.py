from __future__ import annotations

import asyncio

import pytest


@pytest.fixture
def qasync_loop(qapp):
    """Run asyncio on Qt's event loop, as the app does (qtbot.wait* then drives both)."""
    import qasync

    loop = qasync.QEventLoop(qapp, already_running=False)
    asyncio.set_event_loop(loop)
    yield loop
    loop.close()
    asyncio.set_event_loop(None)

"""A studio window whose queue talks to the platform and ViddyScribe fakes."""

from __future__ import annotations

import pytest

from tests.sound_jobs.conftest import services  # noqa: F401 - the fakes, shared
from tests.support.qt_loop import studio_window


@pytest.fixture
def window(qtbot, running_loop, reelroom_home, services, monkeypatch):  # noqa: F811
    monkeypatch.setattr("ui.wiring.queue.Queue", lambda studio: services.queue(studio))
    yield from studio_window(qtbot)

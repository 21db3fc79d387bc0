"""Fixtures for the Queue panel: qasync's loop running as it does in the app, and a studio
window with the queue attached."""

from __future__ import annotations

import pytest

from tests.queue.conftest import TINY
from tests.support.painting import in_theme
from tests.support.qt_loop import studio_window


def open_project_with_shots(window, count: int = 2, *, params: dict | None = None,
                            provider: str = "animatic"):
    """A project with `count` tiny animatic shots, open in the window."""
    project = window.studio.create_project("Film")
    doc = window.open_project(project.id)
    doc.insert_shots(0, [doc.new_shot(title=f"Shot {chr(65 + i)}", prompt=f"prompt {i}",
                                      duration=0.5, provider=provider,
                                      params=dict(params or TINY))
                         for i in range(count)])
    return doc


@pytest.fixture
def window(qtbot, running_loop, reelroom_home):
    yield from studio_window(qtbot)


@pytest.fixture(params=["dark", "light"])
def each_theme(request, window):
    """The test runs once in each theme, the studio window made first (pixel comparisons)."""
    with in_theme(request.param):
        yield request.param

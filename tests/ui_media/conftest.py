"""Fixtures for the media bin tests: the studio window offscreen with a project open, asyncio
on Qt's loop (imports are tasks), and small real media files."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.qt_loop import studio_window
from tests.ui_media.samples import make_set


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Some of these tests play files in the player: pytest-qt's Python-side Qt message capture
    # can deadlock with a QtMultimedia worker (see tests/ui_player/conftest.py), so it is off.
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.no_qt_log)


@pytest.fixture(scope="session")
def files(tmp_path_factory) -> dict[str, Path]:
    return make_set(tmp_path_factory.mktemp("bin-files"))


@pytest.fixture
def window(qtbot, reelroom_home, running_loop):
    yield from studio_window(qtbot)


@pytest.fixture
def doc(window):
    project = window.studio.create_project("Film")
    doc = window.open_project(project.id)
    for _ in range(3):
        window.actions.add_shot.trigger()
    return doc

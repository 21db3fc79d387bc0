"""The studio window with qasync's loop running as in the app, and the queue attached (the
queue tests' fixtures, reused so both features are tested in the same window)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui_queue.conftest import window  # noqa: F401 - a fixture

TINY = {"width": 64, "height": 36, "fps": 8}


def pytest_collection_modifyitems(config, items):
    """These tests play films in the window's player: Qt message capture stays off for them,
    for the reason tests/ui_player/conftest.py gives. Only items in this folder are marked."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.no_qt_log)

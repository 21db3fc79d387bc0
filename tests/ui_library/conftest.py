"""Fixtures for the library dialogs: qasync's loop running as in the app (the platform calls
are real HTTP coroutines), and a studio window shut down the way the app does it."""

from __future__ import annotations

import pytest

from tests.support.qt_loop import studio_window


def _close_library_dialog(w) -> None:
    dialog = w.features.library.dialog
    if dialog is not None and dialog.isVisible():
        dialog.done(0)


@pytest.fixture
def window(qtbot, running_loop, reelroom_home):
    yield from studio_window(qtbot, before_close=_close_library_dialog)

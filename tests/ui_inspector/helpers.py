"""Small helpers shared by the inspector tests."""

from __future__ import annotations


def wait_for_models(qtbot, inspector) -> None:
    """Until the picker has shown its model list: the catalog can know the model before the
    picker's load has run and filled the list (and the model's description under it, which
    moves what is below), so both are waited for."""
    picker = inspector.picker
    qtbot.waitUntil(lambda: picker.model_info() is not None and not picker._tasks, timeout=5000)

"""Small helpers shared by the inspector tests."""

from __future__ import annotations


def wait_for_models(qtbot, inspector) -> None:
    qtbot.waitUntil(lambda: inspector.picker.model_info() is not None, timeout=5000)

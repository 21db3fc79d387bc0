"""Wiring of the queue feature into the main window (filled in by the queue work)."""

from __future__ import annotations


def attach(window) -> None:
    del window

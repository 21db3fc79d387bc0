"""Wiring of the media feature into the main window (filled in by the media work)."""

from __future__ import annotations


def attach(window) -> None:
    del window

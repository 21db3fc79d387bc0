"""Wiring of the storyboard feature into the main window (filled in by the storyboard work)."""

from __future__ import annotations


def attach(window) -> None:
    del window

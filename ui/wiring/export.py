"""Wiring of the export feature into the main window (filled in by the export work)."""

from __future__ import annotations


def attach(window) -> None:
    del window

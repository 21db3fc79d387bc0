"""Wiring of the takes feature into the main window (filled in by the takes work)."""

from __future__ import annotations


def attach(window) -> None:
    del window

"""Wiring of the library feature into the main window (filled in by the library work)."""

from __future__ import annotations


def attach(window) -> None:
    del window

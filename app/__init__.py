"""Reelroom core: everything the studio does, with no Qt in sight."""

__version__ = "0.1.0"

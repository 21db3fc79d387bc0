"""The one error interchange raises: its message says which file, what was wrong and what to
do, because the GUI and the CLI show it as it is."""

from __future__ import annotations


class InterchangeError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

from __future__ import annotations

from pathlib import Path


class LibraryError(Exception):
    """The library database cannot be used as it is. `aside` is the copy kept of it."""

    def __init__(self, message: str, path: Path, aside: Path | None) -> None:
        super().__init__(message)
        self.path = path
        self.aside = aside

    def user_message(self) -> str:
        kept = f" A copy of it was kept at {self.aside}." if self.aside else ""
        return f"{self}.{kept}"


class LibraryCorrupt(LibraryError):
    pass


class LibraryTooNew(LibraryError):
    pass

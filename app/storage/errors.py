"""Library errors live in app.domain.library_errors (the UI shows them without reaching into
storage); re-exported here for storage."""

from app.domain.library_errors import (  # noqa: F401
    LibraryCorrupt,
    LibraryError,
    LibraryTooNew,
)

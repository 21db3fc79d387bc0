"""Media bin edits as reversible commands. The bin belongs to the project but lives in its own
table, so these commands hold the project's MediaLibrary."""

from __future__ import annotations

from collections.abc import Sequence

from app.services.commands.base import Command
from app.services.media_library import MediaLibrary
from app.services.project_document import ProjectDocument


class RemoveMediaItems(Command):
    """Take items out of the bin. Their files stay in the project's media folder, so undo
    restores them exactly."""

    def __init__(self, library: MediaLibrary, item_ids: Sequence[str]) -> None:
        self.library = library
        self.item_ids = list(item_ids)
        n = len(self.item_ids)
        self.text = f"Remove {n} item{'s' if n != 1 else ''} from the media bin"

    def do(self, doc: ProjectDocument) -> None:
        for item_id in self.item_ids:
            self.library.remove(item_id)

    def undo(self, doc: ProjectDocument) -> None:
        for item_id in reversed(self.item_ids):
            self.library.restore(item_id)

"""What a finished job produced, and where each kind lands. A video becomes a take of its shot;
an image goes into the project's media bin and, made for a shot, becomes that shot's reference
image. Every step is idempotent (the bin keeps one item per content, a reference is added once)
so a job resumed after a crash lands its result exactly once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.domain.ids import now
from app.providers.base import Output
from app.services.project_document import ProjectDocument
from app.services.queue.landing import TAKE, Landing
from app.storage.database import Database
from app.storage.shots import ShotRepository


def pick(outputs: list[Output], landing: Landing = TAKE) -> Output | None:
    """The output a job's result is: for a take its video, else its image; for a clip its
    audio; for cues its subtitles or timed text (inline or to download)."""
    for kind in landing.output_kinds():
        found = [o for o in outputs if o.kind == kind and (o.url or o.content is not None)]
        if found:
            return found[0]
    return None


def default_suffix(kind: str) -> str:
    return {"image": ".png", "audio": ".wav", "subtitles": ".srt", "text": ".txt"}.get(kind,
                                                                                       ".mp4")


class ImageLanding:
    """Puts an image result into a project's media bin (and on its shot)."""

    def __init__(self, db: Database, media_folder: Callable[[str], Path],
                 document: Callable[[], ProjectDocument | None]) -> None:
        self.db = db
        self.media_folder = media_folder
        self.document = document

    async def land(self, project_id: str, shot_id: str | None, image: Path) -> str:
        """Import `image` into the bin; returns the bin's path of it (an error says why not)."""
        from app.services.media_library import MediaLibrary

        library = MediaLibrary(self.db, self.media_folder(project_id), project_id)
        result = await library.import_file(image)
        if result.item is None:
            raise ValueError(result.error or f"{image.name} could not be added to the media bin")
        path = result.item.path
        if shot_id is not None:
            self._reference(project_id, shot_id, path)
        return path

    def _reference(self, project_id: str, shot_id: str, path: str) -> None:
        doc = self.document()
        if doc is not None and doc.project.id == project_id and shot_id in doc.shots.ids():
            shot = doc.shots.get(shot_id)
            if path not in shot.reference_media:
                doc.update_shot(shot_id, reference_media=[path, *shot.reference_media])
            return
        shots = ShotRepository(self.db)
        shot = shots.get(shot_id)
        if shot is not None and path not in shot.reference_media:
            shots.update(shot.edited(reference_media=[path, *shot.reference_media],
                                     updated=now()))

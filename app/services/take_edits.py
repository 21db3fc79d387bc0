"""Editing a take: an operation from app.media.operations run on a take's clip makes a NEW take
on the same shot (selected, with the edit recorded in its params); the original take and its
file are never touched. Adding that take is one undoable command.

Two operations do not make a take: extracting frames (stills, into a folder the user picks)
and making a GIF (a file the user picks) — neither would play in the film.
"""

from __future__ import annotations

import inspect
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.domain import Take
from app.media import operations as ops
from app.media.ffmpeg import ProgressCallback
from app.media.probe import probe
from app.media.thumbnails import make_thumbnail
from app.services.commands.base import Command
from app.services.project_document import ProjectDocument
from app.services.queue.media_cache import MediaCache

MiB = 1024 * 1024

# operation → (what it is called, the function). Options are that function's keyword names.
TAKE_OPERATIONS: dict[str, tuple[str, Callable[..., Awaitable[Any]]]] = {
    "trim": ("Trim", ops.trim),
    "speed": ("Speed", ops.speed),
    "crop": ("Crop", ops.crop),
    "resize": ("Resize / pad", ops.resize),
    "text_overlay": ("Text overlay", ops.text_overlay),
    "burn_subtitles": ("Burn subtitles", ops.burn_subtitles),
    "add_audio": ("Add audio track", ops.add_audio),
    "watermark_text": ("Text watermark", ops.watermark_text),
    "watermark_image": ("Image watermark", ops.watermark_image),
}
FILE_OPERATIONS: dict[str, tuple[str, Callable[..., Awaitable[Any]]]] = {
    "extract_frames": ("Extract frames", ops.extract_frames),
    "to_gif": ("GIF", ops.to_gif),
}
_PATH_OPTIONS = {"subtitles", "audio", "image"}
_NOT_OPTIONS = {"src", "dst", "out_dir", "on_progress", "cancel"}


@dataclass(frozen=True)
class TakeEdit:
    operation: str
    options: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        found = TAKE_OPERATIONS.get(self.operation) or FILE_OPERATIONS.get(self.operation)
        if found is None:
            known = ", ".join([*TAKE_OPERATIONS, *FILE_OPERATIONS])
            raise ValueError(f"operation must be one of {known} (got {self.operation!r})")
        # the options must be what the operation takes, said before any work starts
        params = inspect.signature(found[1]).parameters
        allowed = [n for n in params if n not in _NOT_OPTIONS]
        unknown = sorted(set(self.options) - set(allowed))
        if unknown:
            raise ValueError(f"{found[0]} does not take {', '.join(unknown)} "
                             f"(it takes {', '.join(allowed)})")
        needed = [n for n in allowed if params[n].default is inspect.Parameter.empty
                  and n not in self.options]
        if needed:
            raise ValueError(f"{found[0]} needs {', '.join(needed)}")

    @property
    def label(self) -> str:
        return (TAKE_OPERATIONS.get(self.operation) or FILE_OPERATIONS[self.operation])[0]

    @property
    def makes_take(self) -> bool:
        return self.operation in TAKE_OPERATIONS

    def kwargs(self) -> dict[str, Any]:
        return {k: Path(v) if k in _PATH_OPTIONS else v for k, v in self.options.items()}

    def record(self, source: Take) -> dict[str, Any]:
        """What goes in the new take's params: the edit, and the take it was made from."""
        plain = {k: str(v) if isinstance(v, Path) else v for k, v in self.options.items()}
        return {"edit": {"operation": self.operation, "options": plain,
                         "from_take": source.id, "from_take_number": source.number}}


def _source(take: Take) -> Path:
    if not take.media_path:
        raise ValueError(f"take {take.number} has no file to edit")
    src = Path(take.media_path)
    if not src.is_file():
        raise ValueError(f"take {take.number}'s file is missing ({src}); it cannot be edited")
    return src


class TakeEditor:
    """Runs edits; results go into the media cache (content-addressed, like generated takes)
    with a thumbnail, so an edited take is as complete as any other."""

    def __init__(self, cache: MediaCache, thumbnails: Path, scratch: Path) -> None:
        self.cache = cache
        self.thumbnails = thumbnails
        self.scratch = scratch

    @classmethod
    def for_studio(cls, studio) -> TakeEditor:
        cache = MediaCache(studio.db, studio.paths.cache / "media",
                           studio.settings.cache_size_mb * MiB)
        return cls(cache, studio.paths.cache / "thumbnails", studio.paths.cache / "edits")

    async def make_take(
        self,
        take: Take,
        edit: TakeEdit,
        *,
        on_progress: ProgressCallback | None = None,
        cancel=None,
    ) -> Take:
        """Render `edit` of `take` into a new Take (not yet added to the project)."""
        if not edit.makes_take:
            raise ValueError(f"{edit.label} does not make a take; save it to a file instead")
        src = _source(take)
        fn = TAKE_OPERATIONS[edit.operation][1]
        self.scratch.mkdir(parents=True, exist_ok=True)
        out = self.scratch / f"{edit.operation}-{secrets.token_hex(6)}{src.suffix or '.mp4'}"
        try:
            await fn(src, out, **edit.kwargs(), on_progress=on_progress, cancel=cancel)
            media = await self.cache.put(out)
        finally:
            out.unlink(missing_ok=True)
        info = await probe(media)
        try:
            thumb: Path | None = await make_thumbnail(media, self.thumbnails)
        except Exception:  # noqa: BLE001 - a take without a poster frame is still a take
            thumb = None
        return Take(
            shot_id=take.shot_id, number=0, source="edited", provider=take.provider,
            model=take.model, prompt=take.prompt, params=edit.record(take),
            media_path=str(media), duration=info.duration,
            thumbnail_path=str(thumb) if thumb else None,
        )

    async def save_file(
        self,
        take: Take,
        edit: TakeEdit,
        dest: Path,
        *,
        on_progress: ProgressCallback | None = None,
        cancel=None,
    ) -> list[Path]:
        """Frames (into the folder `dest`) or a GIF (the file `dest`); returns what was written."""
        if edit.makes_take:
            raise ValueError(f"{edit.label} makes a new take; it is not saved to a file")
        src = _source(take)
        fn = FILE_OPERATIONS[edit.operation][1]
        written = await fn(src, Path(dest), **edit.kwargs(), on_progress=on_progress,
                           cancel=cancel)
        return list(written) if isinstance(written, list) else [Path(written)]


class AddEditedTake(Command):
    """Put an edited take on its shot and select it; undo removes it (soft, so redo and the
    file survive) and selects what was selected before."""

    def __init__(self, doc: ProjectDocument, take: Take, edit_label: str = "Edit") -> None:
        self.take = take
        self.previous = doc.shots.get(take.shot_id).selected_take_id
        self._stored = False
        source = take.params.get("edit", {}).get("from_take_number")
        self.text = f"{edit_label} take {source}" if source else f"{edit_label} take"

    def do(self, doc: ProjectDocument) -> None:
        if not self._stored:
            self.take = doc.add_take(self.take)  # numbered by the library
            self._stored = True
        else:
            doc.set_take_deleted(self.take, False)
        doc.update_shot(self.take.shot_id, selected_take_id=self.take.id)

    def undo(self, doc: ProjectDocument) -> None:
        doc.update_shot(self.take.shot_id, selected_take_id=self.previous)
        doc.set_take_deleted(self.take, True)

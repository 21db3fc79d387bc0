"""A project's media bin: files imported into the project's own media folder, one item per
distinct content (sha256), each described by probing (what it is, not what its name says).

Import is all-or-nothing per file and never blocks the event loop: probing is an ffmpeg
subprocess, copying+hashing runs in a worker thread into a `.part` file, the rename into
`media/<hash prefix>/<name>` is atomic, and the database row is written last. In a multi-file
import each file stands alone: the good ones land, the bad ones are reported by name."""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from psygnal import Signal

from app.domain.media_item import MediaItem
from app.domain.shot_inputs import ROLES, slot
from app.media.errors import MediaError
from app.media.probe import MediaInfo, probe
from app.media.thumbnails import make_thumbnail
from app.services.media_files import (
    HASH_DIR_CHARS,
    place,
    stage_copy,
    sweep_stale_parts,
)
from app.storage.database import Database
from app.storage.media_items import MediaItemRepository, MediaItemRow

log = logging.getLogger(__name__)

ImportProgress = Callable[[int, int, str], None]  # index (0-based), count, file name


@dataclass(frozen=True)
class ImportResult:
    """What became of one file: an item (new, or the one already holding that content), or an
    error saying which file and why."""

    path: Path
    item: MediaItem | None = None
    error: str | None = None
    duplicate: bool = False

    @property
    def ok(self) -> bool:
        return self.item is not None


class MediaLibrary:
    item_added = Signal(object)  # MediaItem: imported, or brought back by undo / re-import
    item_removed = Signal(str)  # item id

    def __init__(self, db: Database, folder: Path, project_id: str) -> None:
        self.db = db
        self.project_id = project_id
        self.folder = folder  # the project's media folder (Paths.project_media)
        self.thumbnails = self.folder.parent / "thumbnails"
        self.incoming = self.folder / ".incoming"
        self.repo = MediaItemRepository(db)
        self._lock: asyncio.Lock | None = None
        self._swept = False

    @classmethod
    def for_studio(cls, studio, project_id: str) -> MediaLibrary:
        return cls(studio.db, studio.paths.project_media(project_id), project_id)

    # -- reading --------------------------------------------------------------------------
    def items(self) -> list[MediaItem]:
        return self.repo.for_project(self.project_id)

    def rows(self) -> list[MediaItemRow]:
        """The items in `items`' order, each built when first read (MediaItemRow.load)."""
        return self.repo.rows_for_project(self.project_id)

    def get(self, item_id: str) -> MediaItem | None:
        item = self.repo.get(item_id)
        return item if item is not None and item.project_id == self.project_id else None

    def find(self, prefix: str) -> MediaItem | None:
        """An item by id or unambiguous id prefix (the CLI shows 8 characters)."""
        found = [i for i in self.items() if i.id.startswith(prefix)]
        return found[0] if len(found) == 1 else None

    def owned(self, path: str | Path) -> MediaItem | None:
        """The item whose library file `path` is (so dragging a bin item onto a shot does not
        hash and copy it again)."""
        item = self.repo.by_path(str(Path(path)))
        return item if item is not None and item.project_id == self.project_id else None

    def users(self, item: MediaItem) -> list[str]:
        """What in the project uses this item's file, in words (for a refused delete)."""
        c = self.db.conn
        used: list[str] = []
        shots = c.execute(
            "SELECT id FROM shots WHERE project_id = ? AND deleted = 0 ORDER BY position",
            (self.project_id,),
        ).fetchall()
        number = {r["id"]: n for n, r in enumerate(shots, start=1)}
        for row in c.execute(
            "SELECT t.shot_id, t.number FROM takes t JOIN shots s ON s.id = t.shot_id"
            " WHERE s.project_id = ? AND s.deleted = 0 AND t.deleted = 0"
            " AND json_extract(t.data, '$.media_path') = ? ORDER BY s.position, t.number",
            (self.project_id, item.path),
        ):
            used.append(f"take {row['number']} of shot {number.get(row['shot_id'], '?')}")
        for row in c.execute(
            "SELECT s.id FROM shots s WHERE s.project_id = ? AND s.deleted = 0 AND EXISTS"
            " (SELECT 1 FROM json_each(s.data, '$.reference_media') WHERE value = ?)"
            " ORDER BY s.position",
            (self.project_id, item.path),
        ):
            used.append(f"the reference of shot {number.get(row['id'], '?')}")
        for row in c.execute(
            "SELECT s.id, i.key FROM shots s, json_each(s.data, '$.inputs') i"
            " WHERE s.project_id = ? AND s.deleted = 0 AND i.value = ? ORDER BY s.position",
            (self.project_id, item.path),
        ):
            label = slot(row["key"]).label.lower() if row["key"] in ROLES else row["key"]
            used.append(f"the {label} of shot {number.get(row['id'], '?')}")
        return used

    # -- removing (the RemoveMediaItems command calls these) --------------------------------
    def remove(self, item_id: str) -> None:
        """Take an item out of the bin. Its file stays in the project's media folder, so undo
        brings it back whole (and nothing that still points at it breaks)."""
        self.repo.set_deleted(item_id, True)
        self.item_removed.emit(item_id)

    def restore(self, item_id: str) -> None:
        self.repo.set_deleted(item_id, False)
        item = self.repo.get(item_id)
        if item is not None:
            self.item_added.emit(item)

    # -- importing ------------------------------------------------------------------------
    async def import_files(self, paths: Sequence[str | Path],
                           on_progress: ImportProgress | None = None) -> list[ImportResult]:
        """Import files in the order given (one at a time: disk-bound work gains nothing from
        running side by side). Returns one result per path, in order."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if not self._swept:
                self._swept = True
                await asyncio.to_thread(sweep_stale_parts, self.incoming)
            results = []
            for n, path in enumerate(paths):
                if on_progress is not None:
                    on_progress(n, len(paths), Path(path).name)
                results.append(await self._import_one(Path(path).expanduser()))
            return results

    async def import_file(self, path: str | Path) -> ImportResult:
        return (await self.import_files([path]))[0]

    async def _import_one(self, path: Path) -> ImportResult:
        try:
            resolved = await asyncio.to_thread(path.resolve)
        except OSError as exc:
            return ImportResult(path, error=f"{path.name} cannot be read: {exc.strerror or exc}")
        mine = self.owned(resolved)
        if mine is not None:
            return ImportResult(path, mine, duplicate=True)
        try:
            info = await probe(resolved)  # by content: a renamed text file is refused here
        except MediaError as exc:
            return ImportResult(path, error=exc.message)
        except OSError as exc:
            return ImportResult(path, error=f"{path.name} cannot be read: {exc.strerror or exc}")
        cancel = threading.Event()
        try:
            part, sha = await asyncio.to_thread(stage_copy, resolved, self.incoming, cancel)
        except asyncio.CancelledError:
            cancel.set()  # the worker stops at its next chunk and removes its .part
            raise
        except OSError as exc:
            return ImportResult(
                path, error=f"{path.name} could not be copied into the project: "
                            f"{exc.strerror or exc}")
        return await self._settle(path, resolved, part, sha, info)

    async def _settle(self, path: Path, source: Path, part: Path, sha: str,
                      info: MediaInfo) -> ImportResult:
        found = self.repo.by_hash(self.project_id, sha)
        if found is not None:  # this content is (or was) in the bin: one item, one file
            known, deleted = found
            try:
                await asyncio.to_thread(_keep_one, part, Path(known.path))
            except OSError as exc:
                return ImportResult(path, error=f"{path.name} could not be stored: {exc}")
            if deleted:  # removed from the bin earlier: importing it again brings it back
                self.restore(known.id)
            return ImportResult(path, self.get(known.id) or known, duplicate=not deleted)
        folder = self.folder / sha[:HASH_DIR_CHARS]
        try:
            dest = await asyncio.to_thread(place, part, folder, path.name)
        except OSError as exc:
            await asyncio.to_thread(part.unlink, missing_ok=True)
            return ImportResult(path, error=f"{path.name} could not be stored: {exc}")
        thumb = None
        if info.has_video:
            try:
                thumb = await make_thumbnail(dest, self.thumbnails)
            except MediaError as exc:  # an item without a picture is still an item
                log.info("no thumbnail for %s: %s", path.name, exc)
        item = MediaItem(
            project_id=self.project_id, sha256=sha, kind=info.kind, name=path.name,
            path=str(dest), size=info.size_bytes,
            duration=info.duration if info.kind != "image" else None,
            width=info.width, height=info.height, fps=info.fps,
            video_codec=info.video_codec, audio_codec=info.audio_codec,
            container=info.container, thumbnail_path=str(thumb) if thumb else None,
            source_path=str(source),
        )
        try:
            self.repo.add(item)  # last: a row always points at a complete file
        except sqlite3.IntegrityError:
            # another process imported the same content meanwhile: that item is the one
            found = self.repo.by_hash(self.project_id, sha)
            if found is None:
                raise
            return ImportResult(path, found[0], duplicate=True)
        self.item_added.emit(item)
        return ImportResult(path, item)


def _keep_one(part: Path, existing: Path) -> None:
    """The item's file is already there: drop the staged copy. If someone removed the file by
    hand, the staged copy (same content) takes its place."""
    if existing.exists():
        part.unlink(missing_ok=True)
    else:
        existing.parent.mkdir(parents=True, exist_ok=True)
        os.replace(part, existing)


def summarize(results: Sequence[ImportResult]) -> str:
    """One sentence about an import: how many landed, how many were already there, and each
    failure by file name with its reason."""
    new = sum(1 for r in results if r.ok and not r.duplicate)
    dup = sum(1 for r in results if r.ok and r.duplicate)
    bits = []
    if new:
        bits.append(f"Imported {new} file{'s' if new != 1 else ''}")
    if dup:
        bits.append(f"{dup} already in the bin")
    text = "; ".join(bits)
    errors = [r.error for r in results if r.error]
    if errors:
        text = (text + ". " if text else "") + "Not imported: " + "; ".join(errors)
    return text or "Nothing to import"

"""Content-addressed media: each file is named by the sha256 of its bytes, so a result
downloaded twice is stored once and a name can never point at different content. An index
table keeps size and last access for LRU eviction under a size cap; eviction never drops a
file a take needs unless it can be fetched again."""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from pathlib import Path

from app.domain.ids import now
from app.fsutil import atomic_copy
from app.services.media_files import sha256_file
from app.storage.database import Database


@dataclass(frozen=True)
class CacheUsage:
    files: int
    total_bytes: int
    needed_bytes: int  # held by takes and not downloadable again: never evicted
    cap_bytes: int


@dataclass(frozen=True)
class CleanUpReport:
    removed: int
    freed_bytes: int
    remaining_bytes: int


class MediaCache:
    def __init__(self, db: Database, root: Path, cap_bytes: int) -> None:
        self.db = db
        self.root = root
        self.cap_bytes = cap_bytes

    def path_for(self, name: str) -> Path:
        return self.root / name

    async def put(self, src: Path, *, move: bool = True, refetchable: bool = False) -> Path:
        """Bring `src` into the cache and return its cached path. Hashing and copying run in a
        thread; the file appears under its final name only complete (rename). Its index row
        goes through the library's writer."""
        dest = await asyncio.to_thread(self._place, Path(src), move)
        await self.db.write(self._index, dest, refetchable)
        return dest

    def _place(self, src: Path, move: bool) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        name = sha256_file(src) + src.suffix.lower()
        dest = self.root / name
        if dest.exists():
            if move:
                src.unlink(missing_ok=True)
        elif move:
            try:
                os.replace(src, dest)  # same filesystem: atomic
            except OSError:
                atomic_copy(src, dest)
                src.unlink(missing_ok=True)
        else:
            atomic_copy(src, dest)
        return dest

    def _index(self, dest: Path, refetchable: bool) -> None:
        with self.db.transaction() as c:
            c.execute(
                "INSERT INTO media_cache (name, size, last_access, refetchable, created)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET"
                " last_access = excluded.last_access,"
                " refetchable = min(refetchable, excluded.refetchable)",
                (dest.name, dest.stat().st_size, now(), int(refetchable), now()),
            )

    def touch(self, path: Path | str) -> None:
        """Mark a file used now (playback, export) so LRU keeps it longest."""
        with self.db.transaction() as c:
            c.execute("UPDATE media_cache SET last_access = ? WHERE name = ?",
                      (now(), Path(path).name))

    def _needed(self) -> set[str]:
        # deleted takes count too: undo can bring them back
        rows = self.db.conn.execute(
            "SELECT json_extract(data, '$.media_path'), json_extract(data, '$.thumbnail_path')"
            " FROM takes").fetchall()
        root = self.root.resolve()
        names = set()
        for row in rows:
            for value in row:
                if value and Path(value).resolve().parent == root:
                    names.add(Path(value).name)
        return names

    def cache_usage(self) -> CacheUsage:
        rows = self.db.conn.execute(
            "SELECT name, size, refetchable FROM media_cache").fetchall()
        needed = self._needed()
        return CacheUsage(
            files=len(rows),
            total_bytes=sum(r["size"] for r in rows),
            needed_bytes=sum(r["size"] for r in rows
                             if r["name"] in needed and not r["refetchable"]),
            cap_bytes=self.cap_bytes,
        )

    def clean_up(self) -> CleanUpReport:
        """Forget entries whose file is gone, then evict least recently used files until the
        cache fits its cap, skipping files a take needs that cannot be downloaded again."""
        rows = self.db.conn.execute(
            "SELECT name, size, refetchable FROM media_cache ORDER BY last_access").fetchall()
        needed = self._needed()
        gone = [r["name"] for r in rows if not (self.root / r["name"]).exists()]
        live = [r for r in rows if r["name"] not in gone]
        total = sum(r["size"] for r in live)
        evict: list[tuple[str, int]] = []
        for r in live:
            if total <= self.cap_bytes:
                break
            if r["name"] in needed and not r["refetchable"]:
                continue
            evict.append((r["name"], r["size"]))
            total -= r["size"]
        with self.db.transaction() as c:
            c.executemany("DELETE FROM media_cache WHERE name = ?",
                          [(n,) for n in gone] + [(n,) for n, _ in evict])
        for name, _ in evict:
            (self.root / name).unlink(missing_ok=True)
        return CleanUpReport(removed=len(evict), freed_bytes=sum(s for _, s in evict),
                             remaining_bytes=total)

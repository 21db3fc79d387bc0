"""What media files were found to be, remembered by the stat fields any rewrite changes.

A file written again (in place, or renamed over) has another mtime, ctime, size or inode, so
it is probed again; an unchanged shot is probed once however often the film is planned,
exported or thumbnailed."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")
Key = tuple[str, int, int, int, int, int]


def stat_key(path: Path, st: os.stat_result) -> Key:
    return (str(path), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class StatCache(Generic[T]):
    """A bounded LRU of values by (path, stat); safe to share between threads."""

    def __init__(self, size: int = 4096) -> None:
        self._size = size
        self._items: OrderedDict[Key, T] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, path: Path, st: os.stat_result) -> T | None:
        key = stat_key(path, st)
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, path: Path, st: os.stat_result, value: T) -> None:
        with self._lock:
            self._items[stat_key(path, st)] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


probe_cache: StatCache = StatCache()


def forget_probes() -> None:
    """Drop every remembered probe: the next probe of each file runs ffmpeg again."""
    probe_cache.clear()

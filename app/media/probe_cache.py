"""What media files were found to be, remembered by the stat fields any rewrite changes.

A file written again (in place, or renamed over) has another mtime, ctime, size or inode, so
it is probed again; an unchanged shot is probed once however often the film is planned,
exported or thumbnailed."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")
Key = tuple[str, int, int, int, int, int]


def stat_key(path: Path, st: os.stat_result) -> Key:
    return (str(path), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class StatCache(Generic[T]):
    """A bounded LRU of values by (path, stat); safe to share between threads. With `weigh`,
    the values' total weight (bytes) is kept under `budget` too."""

    def __init__(self, size: int = 4096, *, weigh: Callable[[T], int] | None = None,
                 budget: int = 0) -> None:
        self._size = size
        self._items: OrderedDict[Key, T] = OrderedDict()
        self._lock = threading.Lock()
        self._weigh, self._budget, self._weight = weigh, budget, 0

    def get(self, path: Path, st: os.stat_result) -> T | None:
        key = stat_key(path, st)
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, path: Path, st: os.stat_result, value: T) -> None:
        weigh = self._weigh or (lambda _v: 0)
        with self._lock:
            old = self._items.pop(stat_key(path, st), None)
            self._weight -= 0 if old is None else weigh(old)
            self._items[stat_key(path, st)] = value
            self._weight += weigh(value)
            while len(self._items) > self._size or (
                self._weigh is not None and self._weight > self._budget and self._items
            ):
                _, dropped = self._items.popitem(last=False)
                self._weight -= weigh(dropped)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._weight = 0

    def __len__(self) -> int:
        return len(self._items)


probe_cache: StatCache = StatCache()
# each file's AAC frames for a spliced sound (app.media.clip_packets): a few minutes of sound
# at most
sound_cache: StatCache = StatCache(weigh=lambda read: read.weight, budget=48 << 20)


def forget_probes() -> None:
    """Drop every remembered probe: the next probe of each file runs ffmpeg again."""
    probe_cache.clear()
    sound_cache.clear()

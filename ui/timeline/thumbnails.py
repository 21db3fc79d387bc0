"""Card thumbnails made and decoded off the GUI thread.

Decoding a JPEG or running ffmpeg for a poster frame takes milliseconds to seconds; doing it in
`paint()` would stall scrolling. A view asks `pixmap(...)`: a cached pixmap comes back at once,
otherwise None (the caller paints a placeholder) and a worker on a small private thread pool
reads the picture into a QImage — making it first with app.media.thumbnails when the take has
no thumbnail file yet. The QImage crosses back to the GUI thread through a queued signal, where
it becomes a QPixmap (pixmaps belong to the GUI thread) and `ready(key)` tells the model which
rows to repaint.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QRect, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage, QImageReader, QPainter, QPixmap

from app.media.thumbnails import make_thumbnail

log = logging.getLogger(__name__)

# Enough for several screens of cards; a 144x88 pixmap is ~50 KB.
DEFAULT_CAPACITY = 400


def letterbox(src: QSize, target: QRect) -> QRect:
    """The largest rect of `src`'s aspect centred in `target`: the whole frame, never cropped
    (an animatic card's "SHOT 4 —" must not lose its S), never stretched."""
    if src.width() <= 0 or src.height() <= 0 or target.width() <= 0 or target.height() <= 0:
        return QRect(target)
    scale = min(target.width() / src.width(), target.height() / src.height())
    w, h = max(1, round(src.width() * scale)), max(1, round(src.height() * scale))
    return QRect(target.left() + (target.width() - w) // 2,
                 target.top() + (target.height() - h) // 2, w, h)


def fit_image(image: QImage, size: QSize) -> QImage:
    """The whole frame, letterboxed on black into `size`."""
    out = QImage(size, QImage.Format.Format_RGB32)
    out.fill(Qt.GlobalColor.black)
    box = letterbox(image.size(), QRect(0, 0, size.width(), size.height()))
    scaled = image.scaled(box.size(), Qt.AspectRatioMode.IgnoreAspectRatio,
                          Qt.TransformationMode.SmoothTransformation)
    painter = QPainter(out)
    painter.drawImage(box.topLeft(), scaled)
    painter.end()
    return out


def load_thumbnail(image: str | None, video: str | None, cache_dir: Path | None,
                   size: QSize) -> QImage:
    """Runs on a worker thread: the picture for a take, made from its video when needed."""
    path: Path | None = None
    if image and Path(image).is_file():
        path = Path(image)
    elif video and Path(video).is_file():
        if cache_dir is None:
            raise RuntimeError("no folder to keep thumbnails in")
        # A private event loop on this worker thread: ffmpeg runs as an async subprocess
        # without touching the GUI's loop.
        path = asyncio.run(make_thumbnail(video, cache_dir, width=max(160, size.width() * 2)))
    else:
        raise FileNotFoundError(f"the take's media is missing ({video or image})")
    reader = QImageReader(str(path))
    reader.setAutoTransform(True)
    picture = reader.read()
    if picture.isNull():
        raise ValueError(f"cannot read {path.name}: {reader.errorString()}")
    return fit_image(picture, size)


class _Relay(QObject):
    """Lives on the GUI thread; workers emit on it, so delivery is a queued call."""

    done = Signal(str, QImage)
    failed = Signal(str, str)


class ThumbnailLoader(QObject):
    ready = Signal(str)  # key: its pixmap is cached now (or it failed: keep the placeholder)

    def __init__(self, size: QSize, cache_dir: Path | None = None, *,
                 capacity: int = DEFAULT_CAPACITY, parent: QObject | None = None,
                 load: Callable[[str | None, str | None, Path | None, QSize], QImage]
                 = load_thumbnail) -> None:
        super().__init__(parent)
        self.size = QSize(size)
        self.cache_dir = cache_dir
        self.capacity = capacity
        self._load = load
        self._cache: OrderedDict[str, QPixmap] = OrderedDict()
        self._pending: set[str] = set()
        self.failures: dict[str, str] = {}  # key → why; not retried until forget()
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)  # ffmpeg is itself multi-threaded; 2 cores shared
        self._relay = _Relay()
        self._relay.done.connect(self._done, Qt.ConnectionType.QueuedConnection)
        self._relay.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)

    @staticmethod
    def key(image: str | None, video: str | None) -> str:
        return f"{image or ''}|{video or ''}"

    def pixmap(self, image: str | None, video: str | None) -> QPixmap | None:
        """The cached pixmap, or None after scheduling it (or when it cannot be made)."""
        if not image and not video:
            return None
        key = self.key(image, video)
        pix = self._cache.get(key)
        if pix is not None:
            self._cache.move_to_end(key)
            return pix
        if key not in self._pending and key not in self.failures:
            self._pending.add(key)
            self.pool.start(_Job(key, image, video, self.cache_dir, self.size, self._load,
                                 self._relay))
        return None

    def forget(self, image: str | None, video: str | None) -> None:
        """Drop a cached picture (its file changed) so the next ask loads it again."""
        key = self.key(image, video)
        self._cache.pop(key, None)
        self.failures.pop(key, None)

    def busy(self) -> bool:
        return bool(self._pending)

    def shutdown(self) -> None:
        self.pool.clear()
        self.pool.waitForDone()

    def _done(self, key: str, image: QImage) -> None:
        self._pending.discard(key)
        self._cache[key] = QPixmap.fromImage(image)
        while len(self._cache) > self.capacity:
            self._cache.popitem(last=False)
        self.ready.emit(key)

    def _failed(self, key: str, message: str) -> None:
        self._pending.discard(key)
        self.failures[key] = message
        log.info("no thumbnail for %s: %s", key, message)
        self.ready.emit(key)


class _Job(QRunnable):
    def __init__(self, key: str, image: str | None, video: str | None, cache_dir: Path | None,
                 size: QSize, load, relay: _Relay) -> None:
        super().__init__()
        self.args = (image, video, cache_dir, QSize(size))
        self.key, self.load, self.relay = key, load, relay

    def run(self) -> None:
        try:
            picture = self.load(*self.args)
        except Exception as exc:  # noqa: BLE001 - any failure means "no picture": say why
            self.relay.failed.emit(self.key, str(exc) or type(exc).__name__)
        else:
            self.relay.done.emit(self.key, picture)

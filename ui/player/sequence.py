"""Playing a run of shots back to back ("play from here" on the timeline)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

# How long "Shot 3 has no take — skipped" stays up before the next shot starts.
SKIP_MARKER_MS = 1000


@dataclass(frozen=True, slots=True)
class SequenceItem:
    shot_id: Hashable
    path: str | Path | None
    title: str


def skip_message(item: SequenceItem) -> str | None:
    """Why this item cannot play, or None when it can."""
    if item.path is None or str(item.path) == "":
        return f"{item.title} has no take — skipped"
    if not Path(item.path).is_file():
        return f"{item.title}: take file is missing — skipped"
    return None


class SequenceRunner(QObject):
    """Steps through items: plays each file via ``play_path``, waits for ``advance()``.

    The owner calls :meth:`advance` when the current file finishes.  Items without a file
    emit ``item_skipped`` and are passed over after :data:`SKIP_MARKER_MS`.
    """

    shot_changed = Signal(object)  # shot_id, as each item starts (skipped ones too)
    item_skipped = Signal(object, str)  # shot_id, message to show
    finished = Signal()

    def __init__(
        self,
        play_path: Callable[[Path], None],
        parent: QObject | None = None,
        skip_ms: int = SKIP_MARKER_MS,
    ) -> None:
        super().__init__(parent)
        self._play_path = play_path
        self._items: list[SequenceItem] = []
        self._index = -1
        self._skip_timer = QTimer(self)
        self._skip_timer.setSingleShot(True)
        self._skip_timer.setInterval(skip_ms)
        self._skip_timer.timeout.connect(self.advance)

    @property
    def active(self) -> bool:
        return 0 <= self._index < len(self._items)

    @property
    def current(self) -> SequenceItem | None:
        return self._items[self._index] if self.active else None

    @property
    def items(self) -> list[SequenceItem]:
        return list(self._items)

    def start(self, items: Sequence[SequenceItem]) -> None:
        self.cancel()
        self._items = list(items)
        self._index = -1
        self.advance()

    def cancel(self) -> None:
        """Forget the sequence without emitting ``finished`` (the user played something else)."""
        self._skip_timer.stop()
        self._items, self._index = [], -1

    def advance(self) -> None:
        self._skip_timer.stop()
        if not self._items:
            return
        self._index += 1
        if self._index >= len(self._items):
            self._items, self._index = [], -1
            self.finished.emit()
            return
        item = self._items[self._index]
        self.shot_changed.emit(item.shot_id)
        message = skip_message(item)
        if message is not None:
            self.item_skipped.emit(item.shot_id, message)
            self._skip_timer.start()
            return
        self._play_path(Path(item.path))  # type: ignore[arg-type]

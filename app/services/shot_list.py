"""The ordered, evented list of a project's shots. Qt models bind to these signals: each change
is announced before (`*ing`) and after (`*ed`) it happens, as Qt's begin/end calls need."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from psygnal import Signal

from app.domain import Shot


class ShotList:
    inserting = Signal(int, int)  # first index, count
    inserted = Signal(int, int)
    removing = Signal(int, int)
    removed = Signal(int, int)
    reordering = Signal()  # any permutation (moves of one or several shots)
    reordered = Signal()
    changed = Signal(int)  # index of a shot whose content changed

    def __init__(self, shots: Sequence[Shot] = ()) -> None:
        self._shots: list[Shot] = list(shots)
        self._index: dict[str, int] | None = None
        self._total: float | None = None  # running time, summed again only after a change

    # -- reading --------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._shots)

    def __getitem__(self, i: int) -> Shot:
        return self._shots[i]

    def __iter__(self) -> Iterator[Shot]:
        return iter(self._shots)

    def ids(self) -> list[str]:
        return [s.id for s in self._shots]

    def index_of(self, shot_id: str) -> int:
        if self._index is None:
            self._index = {s.id: i for i, s in enumerate(self._shots)}
        try:
            return self._index[shot_id]
        except KeyError:
            raise KeyError(f"no shot {shot_id} in this project") from None

    def get(self, shot_id: str) -> Shot:
        return self._shots[self.index_of(shot_id)]

    def total_duration(self) -> float:
        if self._total is None:
            self._total = sum(s.duration for s in self._shots)
        return self._total

    # -- changing (the ProjectDocument calls these after the database commit) ---------------
    def insert(self, index: int, shots: Sequence[Shot]) -> None:
        if not shots:
            return
        self.inserting.emit(index, len(shots))
        self._shots[index:index] = shots
        self._index = self._total = None
        self.inserted.emit(index, len(shots))

    def remove_indexes(self, indexes: Sequence[int]) -> None:
        """Remove rows, announcing each contiguous run (highest first, so indexes hold)."""
        for first, count in reversed(_runs(sorted(indexes))):
            self.removing.emit(first, count)
            del self._shots[first:first + count]
            self._index = self._total = None
            self.removed.emit(first, count)

    def replace(self, shot: Shot) -> None:
        i = self.index_of(shot.id)
        self._shots[i] = shot
        self._total = None
        self.changed.emit(i)

    def set_order(self, shots: Sequence[Shot]) -> None:
        """Same shots, new order (and new positions)."""
        self.reordering.emit()
        self._shots = list(shots)
        self._index = None
        self.reordered.emit()


def _runs(sorted_indexes: Sequence[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for i in sorted_indexes:
        if runs and runs[-1][0] + runs[-1][1] == i:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((i, 1))
    return runs

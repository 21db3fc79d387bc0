"""The ordered, evented list of a project's shots. Qt models bind to these signals: each change
is announced before (`*ing`) and after (`*ed`) it happens, as Qt's begin/end calls need.

Entries read from the library start as `ShotRow`s and become `Shot`s when first read by index
or iteration; ids, positions and durations are answered without building them."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from operator import attrgetter

from psygnal import Signal

from app.domain import Shot
from app.storage.shots import ShotRow

_ID = attrgetter("id")

Entry = Shot | ShotRow


class ShotList:
    inserting = Signal(int, int)  # first index, count
    inserted = Signal(int, int)
    removing = Signal(int, int)
    removed = Signal(int, int)
    reordering = Signal()  # any permutation (moves of one or several shots)
    reordered = Signal()
    changed = Signal(int)  # index of a shot whose content changed

    def __init__(self, shots: Sequence[Entry] = ()) -> None:
        self._shots: list[Entry] = list(shots)
        self._index: dict[str, int] | None = None
        self._total: float | None = None  # running time, summed again only after a change

    # -- reading --------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._shots)

    def __getitem__(self, i: int) -> Shot:
        entry = self._shots[i]
        if isinstance(entry, ShotRow):
            entry = self._shots[i] = entry.load()
        return entry

    def __iter__(self) -> Iterator[Shot]:
        # whoever walks every shot wants them all: build the rest now, then iterate as before
        shots = self._shots
        for i, entry in enumerate(shots):
            if isinstance(entry, ShotRow):
                shots[i] = entry.load()
        return iter(shots)  # type: ignore[arg-type]

    def entries(self) -> list[Entry]:
        """The entries as they are (built or not), for reordering without building them."""
        return list(self._shots)

    def id_at(self, i: int) -> str:
        """The id at `i`, without building the shot."""
        return self._shots[i].id

    def fields_at(self, i: int, names: Sequence[str]) -> tuple:
        """Some stored fields of the shot at `i` (title, take_audio_*: not id or position),
        without building it when it is not built yet: a scroll step of the track view reads
        a clip's title and take sound, and validating a whole shot costs five times that."""
        entry = self._shots[i]
        if isinstance(entry, ShotRow):
            data = json.loads(entry.data)
            return tuple(data.get(n, Shot.model_fields[n].default) for n in names)
        return tuple(getattr(entry, n) for n in names)

    def ids(self) -> list[str]:
        return list(map(_ID, self._shots))  # C speed: asked on every move of 10,000 shots

    def index_of(self, shot_id: str) -> int:
        if self._index is None:
            self._index = {s.id: i for i, s in enumerate(self._shots)}
        try:
            return self._index[shot_id]
        except KeyError:
            raise KeyError(f"no shot {shot_id} in this project") from None

    def get(self, shot_id: str) -> Shot:
        return self[self.index_of(shot_id)]

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

    def set_order(self, shots: Sequence[Entry]) -> None:
        """Same shots, new order (and new positions)."""
        self.reordering.emit()
        self._shots = list(shots)
        self._index = None
        self.reordered.emit()


def placed(entry: Entry, position: float) -> Entry:
    """The same entry at a new position, built or not as it was."""
    if isinstance(entry, ShotRow):
        return entry.placed(position)
    return entry.model_copy(update={"position": position})


def _runs(sorted_indexes: Sequence[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for i in sorted_indexes:
        if runs and runs[-1][0] + runs[-1][1] == i:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((i, 1))
    return runs

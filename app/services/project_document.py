"""An open project: its shots (an evented ShotList), elements, takes and comments, with every
change written to the library in one transaction before the in-memory state and its events
follow. Commands (app.services.commands) are the only callers of the mutating methods."""

from __future__ import annotations

import json
from collections.abc import Sequence
from operator import attrgetter
from typing import Any

from psygnal import Signal

from app.domain import Comment, Element, Project, Shot, Take
from app.domain.cut import CutSpan, cut_span, join_overlaps, lengths_of, starts_after
from app.domain.ids import now
from app.services.ordering import positions_between, spaced
from app.services.shot_list import ShotList, placed
from app.storage.comments import CommentRepository
from app.storage.database import Database
from app.storage.elements import ElementRepository
from app.storage.project_open import read_opened
from app.storage.projects import ProjectRepository
from app.storage.shots import ShotRepository, ShotRow
from app.storage.takes import TakeRepository

# How a stored shot row (app.storage.shots, json.dumps) says it hands over by a cut.
_SAYS_CUT = '"transition": "cut"'
_KEY = '"transition"'
_ID = attrgetter("id")
_DURATION = attrgetter("duration")


class ProjectDocument:
    project_changed = Signal(object)  # Project
    takes_changed = Signal(str)  # shot id
    elements_changed = Signal()
    comments_changed = Signal(str)  # shot id

    def __init__(self, db: Database, project: Project) -> None:
        self.db = db
        self.project = project
        self._projects = ProjectRepository(db)
        self._shots = ShotRepository(db)
        self._takes = TakeRepository(db)
        self._elements = ElementRepository(db)
        self._comments = CommentRepository(db)
        opened = read_opened(db, project.id)
        self.shots = ShotList(opened.rows)
        self._take_counts = dict(opened.take_counts)  # kept per shot as takes change
        # the cut's lengths worked out with the rows, one per entry: what the first ask for
        # them uses, if nothing changed before it (any change forgets them)
        self._open_lengths: list[float] | None = opened.lengths
        # the selected takes by id (None: not live), read when the cut first plays a take
        self._live_takes: dict[str, Take | None] | None = None
        self._cut_total: float | None = None
        self._cut_lengths: list[float] | None = None
        # shot id → its transition, for the shots that do not hand over by a cut: read once,
        # then kept as shots are inserted or edited (a move or a removal changes none)
        self._cut_kinds: dict[str, str] | None = None
        self._cut_joins: dict[int, str] | None = None  # the same by index
        self._cut_overlaps: dict[int, float] | None = None
        for sig in (self.shots.inserted, self.shots.removed):
            sig.connect(self._forget_total)
        # a reorder changes no shot's length: the lengths follow their shots (a move at 10,000
        # shots must not read every trim and walk the rule again)
        self._reordered_from: tuple[list, list[float]] | None = None  # (old order, lengths)
        self.shots.reordering.connect(self._before_reorder)
        self.shots.reordered.connect(self._after_reorder)
        self.shots.inserted.connect(self._shots_inserted)
        self.shots.changed.connect(self._shot_length_changed)
        self._element_list = self._elements.for_project(project.id)
        self._sound = None

    # -- project --------------------------------------------------------------------------
    def set_project(self, project: Project) -> None:
        self.project = self._projects.update(project)
        self.project_changed.emit(self.project)

    # -- shots ----------------------------------------------------------------------------
    def new_shot(self, **fields: Any) -> Shot:
        return Shot(project_id=self.project.id, **fields)

    def insert_shots(self, index: int, shots: Sequence[Shot]) -> None:
        index = max(0, min(index, len(self.shots)))
        before = self.shots[index - 1].position if index > 0 else None
        after = self.shots[index].position if index < len(self.shots) else None
        positions = positions_between(before, after, len(shots))
        with self.db.transaction():
            if positions is None:
                self._respace()
                before = self.shots[index - 1].position if index > 0 else None
                after = self.shots[index].position if index < len(self.shots) else None
                positions = positions_between(before, after, len(shots))
            placed = [s.model_copy(update={"position": p, "project_id": self.project.id})
                      for s, p in zip(shots, positions, strict=True)]
            self._shots.upsert(placed)
        self.shots.insert(index, placed)
        self._touch()

    def remove_shots(self, shot_ids: Sequence[str]) -> list[tuple[int, Shot]]:
        """Soft-delete; returns (index, shot) pairs in ascending index order, for undo."""
        entries = sorted((self.shots.index_of(i), self.shots.get(i)) for i in shot_ids)
        self._shots.soft_delete(shot_ids)
        self.shots.remove_indexes([i for i, _ in entries])
        self._touch()
        return entries

    def restore_shots(self, entries: Sequence[tuple[int, Shot]]) -> None:
        """Put removed shots back at their indexes (ascending), as they were."""
        for index, shot in sorted(entries, key=lambda e: e[0]):
            self.insert_shots(index, [shot])

    def update_shot(self, shot_id: str, **changes: Any) -> Shot:
        shot = self.shots.get(shot_id).edited(updated=now(), **changes)
        self._shots.update(shot)
        self.shots.replace(shot)
        self._touch()
        return shot

    def move_shots(self, shot_ids: Sequence[str], dest: int) -> list[tuple[int, str]]:
        """Move shots (kept in their current relative order) so they land before the shot now
        at `dest` (len = the end). Returns the old (index, id) pairs, for undo."""
        moving = set(shot_ids)
        old = sorted((self.shots.index_of(i), i) for i in moving)
        kept_before = dest - sum(1 for index, _ in old if index < dest)
        rest = [i for i in self.shots.ids() if i not in moving]
        new_order = rest[:kept_before] + [i for _, i in old] + rest[kept_before:]
        self._apply_order(new_order, moving)
        return old

    def restore_order(self, old: Sequence[tuple[int, str]]) -> None:
        moving = {i for _, i in old}
        order = [i for i in self.shots.ids() if i not in moving]
        for index, shot_id in sorted(old):
            order.insert(index, shot_id)
        self._apply_order(order, moving)

    def _apply_order(self, order: list[str], moved: set[str]) -> None:
        """Give the moved shots positions between their new neighbours; only their rows are
        written. Every pass over the whole project here is paid on each drag of a 10,000-shot
        timeline, so the work is kept to a few C-speed passes plus the moved shots."""
        by_id = {s.id: s for s in self.shots.entries()}
        at = [k for k, shot_id in enumerate(order) if shot_id in moved]
        positions: dict[str, float] = {}
        k = 0
        while k < len(at):  # each run of consecutive moved shots fits between its neighbours
            first = k
            while k + 1 < len(at) and at[k + 1] == at[k] + 1:
                k += 1
            start, end = at[first], at[k] + 1
            k += 1
            before = by_id[order[start - 1]].position if start > 0 else None
            after = by_id[order[end]].position if end < len(order) else None
            run = positions_between(before, after, end - start)
            if run is None:  # no room left between them: respace the whole project once
                positions = dict(zip(order, spaced(len(order)), strict=True))
                break
            positions.update(zip(order[start:end], run, strict=True))
        changed = {i: p for i, p in positions.items() if p != by_id[i].position}
        self._shots.set_positions(changed.items())
        for shot_id, position in changed.items():
            by_id[shot_id] = placed(by_id[shot_id], position)
        self.shots.set_order([by_id[i] for i in order])
        self._touch()

    def _respace(self) -> None:
        fresh = [placed(s, p)
                 for s, p in zip(self.shots.entries(), spaced(len(self.shots)), strict=True)]
        self._shots.set_positions((s.id, s.position) for s in fresh)
        self.shots.set_order(fresh)

    # -- the cut (app.domain.cut is the rule) ---------------------------------------------
    def selected_take(self, shot: Shot) -> Take | None:
        take_id = shot.selected_take_id
        if take_id is None:
            return None
        if self._live_takes is None:
            self._live_takes = self._takes.selected_for_project(self.project.id)
        if take_id not in self._live_takes:  # chosen since the read, or not live
            self._live_takes[take_id] = self._takes.get(take_id)
        return self._live_takes[take_id]

    def cut_span(self, shot: Shot) -> CutSpan:
        return cut_span(shot, self.selected_take(shot))

    def cut_length(self, shot: Shot) -> float:
        return self.cut_span(shot).length

    def cut_lengths(self) -> list[float]:
        """Every shot's length in the cut, in order: the planned durations the shot rows
        hold and the selected takes' trims, worked out with the rows at the open (first ask,
        when nothing changed since) or read in one query (TakeRepository.selected_trims), so a
        10,000-shot film answers without building a shot or a take. Every edit is written
        before memory follows, so the library is the state to read. Equal to
        `cut_span(shot).length` shot by shot (tests/core/test_lazy_reads.py)."""
        if self._cut_lengths is None:
            self._cut_lengths = self._lengths_after_reorder()
        opened, self._open_lengths = self._open_lengths, None
        if self._cut_lengths is None and opened is not None and len(opened) == len(self.shots):
            self._cut_lengths = opened
        if self._cut_lengths is None:
            trims = self._takes.selected_trims(self.project.id)
            entries = self.shots.entries()
            self._cut_lengths = lengths_of(map(_DURATION, entries),
                                           map(trims.get, map(_ID, entries)))
        return self._cut_lengths

    def cut_joins(self) -> dict[int, str]:
        """Index → transition into the next shot, for the shots that do not hand over by a
        cut. Sparse: a move at 10,000 shots with three dissolves looks up three indexes."""
        if self._cut_joins is None:
            kinds = self._transition_kinds()
            joins = {}
            for shot_id, kind in kinds.items():
                try:
                    joins[self.shots.index_of(shot_id)] = kind
                except KeyError:
                    pass  # removed (its undo inserts it again)
            self._cut_joins = joins
        return self._cut_joins

    def _transition_kinds(self) -> dict[str, str]:
        """Read from the entries as they are: a stored row whose text names one "transition"
        and says "cut" is one (a quote inside a prompt is escaped, so a prompt cannot say
        it; a params or template key of that name makes two, and the row is parsed); only
        the others are parsed, and nothing is built."""
        if self._cut_kinds is None:
            kinds = {}
            for e in self.shots.entries():
                if type(e) is ShotRow:
                    if _SAYS_CUT in e.data and e.data.count(_KEY) == 1:
                        continue
                    kind = json.loads(e.data).get("transition") or "cut"
                else:
                    kind = e.transition.value
                if kind != "cut":
                    kinds[e.id] = str(kind)
            self._cut_kinds = kinds
        return self._cut_kinds

    def _note_kind(self, shot: Shot) -> None:
        if self._cut_kinds is not None:
            if shot.transition.value == "cut":
                self._cut_kinds.pop(shot.id, None)
            else:
                self._cut_kinds[shot.id] = shot.transition.value

    def _shots_inserted(self, index: int, count: int) -> None:
        for i in range(index, index + count):
            self._note_kind(self.shots[i])  # inserted as Shots: nothing is built here

    def cut_overlaps(self) -> dict[int, float]:
        """Index i → seconds shot i overlaps shot i + 1 (its dissolve, fade or wipe)."""
        if self._cut_overlaps is None:
            self._cut_overlaps = join_overlaps(self.cut_lengths(), self.cut_joins())
        return self._cut_overlaps

    def cut_overlap(self, index: int) -> float:
        return self.cut_overlaps().get(index, 0.0)

    def cut_total(self) -> float:
        """The film's running time: every shot's length in the cut, minus what transitions
        overlap (app.domain.cut.film_starts)."""
        if self._cut_total is None:
            self._cut_total = sum(self.cut_lengths()) - sum(self.cut_overlaps().values())
        return self._cut_total

    def cut_starts(self) -> list[float]:
        """Where each shot starts in film time (one more entry: the film's end)."""
        return starts_after(self.cut_lengths(), self.cut_overlaps())

    def _shot_length_changed(self, index: int) -> None:
        """One shot changed: only its own length and transition are asked again (an edge
        trim at 10,000 shots must not walk them all)."""
        if not 0 <= index < len(self.shots):
            self._forget_total()
            self._cut_kinds = None
            return
        shot = self.shots[index]
        kind = shot.transition.value
        self._note_kind(shot)
        lengths = self._cut_lengths
        if lengths is None or len(lengths) != len(self.shots):
            self._forget_total()
            return
        lengths[index] = self.cut_length(shot)
        joins = self._cut_joins
        if joins is not None and kind == "cut":
            joins.pop(index, None)
        elif joins is not None:
            joins[index] = kind
        self._cut_total = self._cut_overlaps = None

    def _before_reorder(self) -> None:
        lengths = self._cut_lengths
        if self._reordered_from is None and lengths is not None \
                and len(lengths) == len(self.shots):
            self._reordered_from = (self.shots.entries(), lengths)

    def _after_reorder(self) -> None:
        pending = self._reordered_from
        self._forget_total()
        # mapped to the new order when next asked (_lengths_after_reorder): several drags in a
        # row, or one on a hidden track view, then cost nothing here
        self._reordered_from = pending

    def _lengths_after_reorder(self) -> list[float] | None:
        pending, self._reordered_from = self._reordered_from, None
        if pending is None:
            return None
        entries, lengths = pending
        if len(entries) != len(self.shots):
            return None
        by_id = dict(zip(map(_ID, entries), lengths, strict=True))
        try:  # map at C speed: this runs after every drag of a 10,000-shot timeline
            return list(map(by_id.__getitem__, self.shots.ids()))
        except KeyError:  # not a permutation of the same shots: read them again
            return None

    def _forget_total(self, *_args) -> None:
        self._reordered_from = self._open_lengths = None
        self._cut_total = self._cut_lengths = None
        self._cut_joins = self._cut_overlaps = None

    def _forget_takes(self) -> None:
        self._live_takes = None
        self._forget_total()

    # -- takes ----------------------------------------------------------------------------
    def takes(self, shot_id: str) -> list[Take]:
        return self._takes.for_shot(shot_id)

    def take(self, take_id: str) -> Take | None:
        return self._takes.get(take_id)

    def take_count(self, shot_id: str) -> int:
        return self._take_counts.get(shot_id, 0)

    def add_take(self, take: Take) -> Take:
        """Record a new take; a shot's first take becomes its selected take."""
        with self.db.transaction():
            take = self._takes.add(take)
            shot = self._shots.get(take.shot_id)
            if shot is not None and shot.selected_take_id is None:
                self._shots.update(shot.edited(selected_take_id=take.id, updated=now()))
        self._after_take_change(take.shot_id, take.id)
        return take

    def take_recorded(self, take: Take) -> None:
        """A take `add_take`'s writes already put in the library (by the queue's writer
        thread): the in-memory lists and signals follow, as after `add_take`."""
        self._after_take_change(take.shot_id, take.id)

    def update_take(self, take: Take) -> None:
        self._takes.update(take)
        index = self._index_or_none(take.shot_id)
        if self._live_takes is not None:
            self._live_takes[take.id] = take
        if index is None:
            self._forget_takes()
        else:
            self.shots.changed.emit(index)  # its length in the cut may have changed
        self.takes_changed.emit(take.shot_id)

    def _index_or_none(self, shot_id: str) -> int | None:
        try:
            return self.shots.index_of(shot_id)
        except KeyError:
            return None

    def set_take_deleted(self, take: Take, deleted: bool) -> None:
        self._takes.set_deleted(take.id, deleted)
        self._after_take_change(take.shot_id, take.id)

    def _after_take_change(self, shot_id: str, take_id: str) -> None:
        """One take of one shot came, went or came back: only that shot's count, that take
        and the shot's length in the cut are read again. Every shot's count and trim were
        read again for each take the queue landed (200 in a row, on the GUI thread); what is
        kept equals a fresh read (tests/core/test_take_change_incremental.py)."""
        count = self._takes.live_count(shot_id)
        if count:
            self._take_counts[shot_id] = count
        else:
            self._take_counts.pop(shot_id, None)
        fresh = self._shots.get(shot_id)
        live = self._live_takes
        if live is not None:
            # only this take changed; the shot's selected one (this take, when it is the
            # shot's first) is read again when the cut next asks for it
            live.pop(take_id, None)
            if fresh is not None:
                live.pop(fresh.selected_take_id, None)
        if fresh is not None:
            try:
                # ShotList.changed: _shot_length_changed works out this shot's length again
                self.shots.replace(fresh)
            except KeyError:
                pass  # the shot is deleted (not in the cut); its takes are kept for undo
        self.takes_changed.emit(shot_id)

    # -- elements -------------------------------------------------------------------------
    @property
    def elements(self) -> list[Element]:
        return list(self._element_list)

    def element_named(self, name: str) -> Element | None:
        low = name.lower()
        return next((e for e in self._element_list if e.name.lower() == low), None)

    def put_element(self, element: Element) -> None:
        clash = self.element_named(element.name)
        if clash is not None and clash.id != element.id:
            raise ValueError(f"an element named {element.name!r} already exists")
        self._elements.put(element)
        self._element_list = self._elements.for_project(self.project.id)
        self.elements_changed.emit()

    def delete_element(self, element_id: str) -> None:
        self._elements.delete(element_id)
        self._element_list = self._elements.for_project(self.project.id)
        self.elements_changed.emit()

    # -- comments -------------------------------------------------------------------------
    def comments(self, shot_id: str) -> list[Comment]:
        return self._comments.for_shot(shot_id)

    def put_comment(self, comment: Comment) -> None:
        self._comments.put(comment)
        self.comments_changed.emit(comment.shot_id)

    def delete_comment(self, comment: Comment) -> None:
        self._comments.delete(comment.id)
        self.comments_changed.emit(comment.shot_id)

    # -- sound and words (built when first asked: most reads never need it) ---------------
    @property
    def sound(self):
        """The project's audio and subtitle tracks (app.services.sound_document)."""
        if self._sound is None:
            from app.services.sound_document import SoundDocument

            self._sound = SoundDocument(self.db, self.project.id)
        return self._sound

    # -- changes made by another process ---------------------------------------------------
    def sync_from_library(self):
        """Apply what reelroom-cli (or another studio) wrote meanwhile; see document_sync."""
        from app.services.document_sync import sync_document

        report = sync_document(self, self._shots, self._takes, self._elements, self._projects)
        if self._sound is not None and self._sound.sync_from_library():
            report.sound = True
        return report

    def _touch(self) -> None:
        self._projects.touch(self.project.id)

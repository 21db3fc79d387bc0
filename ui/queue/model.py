"""Qt table model over the queue's jobs. Rows are appended as jobs are added and never move
(the panel's proxy orders them); a change to one job repaints only that job's row. Fed by the
Queue's psygnal signals, which are emitted from asyncio tasks on the GUI thread (qasync), so
no thread hop is needed.

A job's news is in the model at once (data() reads it), but views are told at most
`TELL_EVERY_MS` apart: 200 jobs polling, downloading and landing sent a `dataChanged` each
time, ~100 a second, and every one was a repaint of the Queue dock (and, when a job changed
place, a re-sort of the order proxy) — as much of the GUI thread as all of the queue's HTTP
(benchmarks/queue.py). Told together, the news of a tenth of a second is one signal."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer

from app.services.queue import Job, JobState
from app.services.service_names import display_name
from ui.queue import texts

# what matters most first: a narrow dock still shows which shot, how it is doing, and where
COLUMNS = ("Shot", "State", "Progress", "Position", "ETA", "Cost", "Elapsed", "Service")
SHOT, STATE, PROGRESS, POSITION, ETA, COST, ELAPSED, SERVICE = range(len(COLUMNS))

JobRole = Qt.ItemDataRole.UserRole + 1
StateRole = Qt.ItemDataRole.UserRole + 2  # JobState value (a str: Qt hands enums back as str)
PercentRole = Qt.ItemDataRole.UserRole + 3  # float 0..100, or None when unknown
# the second line of a row in the Queue dock: the columns a narrow dock hides, folded into the
# three it shows (Shot: the service; State: place and ETA; Progress: cost and elapsed)
SecondLineRole = Qt.ItemDataRole.UserRole + 4
SECOND_LINE = {SHOT: (SERVICE,), STATE: (POSITION, ETA), PROGRESS: (COST, ELAPSED)}
# where each folded column is shown again: a change to it repaints that cell too, since a
# narrow dock hides the column itself and a view repaints only what it shows
_SHOWN_IN = {folded: host for host, cols in SECOND_LINE.items() for folded in cols}
# ten repaints a second: a progress bar and a state still read as live, and a burst of news
# (eight jobs answering their polls at once) is one repaint, not eight
TELL_EVERY_MS = 100


def order_key(job: Job) -> tuple:
    """Where the Queue panel lists a job (ui.queue.order_proxy sorts by it): what runs now,
    then what waits in the order it will be sent, then what finished (newest first)."""
    if job.state.active:
        return (0, job.started or job.created, job.created, job.id)
    if job.state == JobState.QUEUED:
        return (1, -job.priority, job.position, job.created, job.id)
    return (2, -(job.finished or job.updated), job.id)


class Cell(NamedTuple):
    """A cell as drawn: DisplayRole, SecondLineRole, StateRole and PercentRole's answers."""
    display: str
    second: str
    state: str
    percent: float | None


class JobTableModel(QAbstractTableModel):
    def __init__(self, parent=None, *, shot_label: Callable[[Job], str] | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        super().__init__(parent)
        self._jobs: list[Job] = []
        self._rows: dict[str, int] = {}
        self._rank: dict[str, int] = {}  # queued job id -> 1-based place in the send order
        self._rank_stale = False  # _rank is computed when read, after a batch of changes
        self._told: dict[str, int] = {}  # the places views were last told of
        self._active = 0  # jobs at the service now, kept as states change (the clock's cue)
        # rows changed since views were last told: (first, last, whether a job may have
        # changed place), and whether queue places moved
        self._untold: tuple[int, int, bool] | None = None
        self._ranks_untold = False
        self._told_at = -1.0  # time.monotonic() when views were last told
        self._tell_soon = QTimer(self)
        self._tell_soon.setSingleShot(True)
        self._tell_soon.timeout.connect(self.tell_views)
        self.shot_label = shot_label or (lambda job: (job.shot_id or "no shot")[:8])
        self.clock = clock
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self._tick)

    # -- feeding ---------------------------------------------------------------------------
    def load(self, jobs: Iterable[Job]) -> None:
        self._forget_untold()  # every row is new: nothing older is left to tell
        self.beginResetModel()
        self._jobs = list(jobs)
        self._rows = {j.id: i for i, j in enumerate(self._jobs)}
        self._active = self._count_active()
        self._rank = self._told = self._ranks()
        self._rank_stale = False
        self.endResetModel()
        self._sync_ticker()

    def job_added(self, job: Job) -> None:
        self.jobs_added([job])

    def jobs_added(self, jobs: Iterable[Job]) -> None:
        """A batch just queued: the new ones appended with one insert (the order proxy then
        sorts them in once, not once per job), those already shown changed in place."""
        new: dict[str, Job] = {}
        for job in jobs:
            if job.id in self._rows:
                self.job_changed(job)
            else:
                new[job.id] = job  # a job given twice in a batch: its last news
        if not new:
            return
        # the proxy sorts new rows in among the others by their current order: the others'
        # untold changes of place first, or it would search an order it was never told of
        self.tell_views()
        first = len(self._jobs)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        for row, job in enumerate(new.values(), first):
            self._jobs.append(job)
            self._rows[job.id] = row
            self._active += job.state.active
        self.endInsertRows()
        self._rerank()
        self._sync_ticker()

    def job_changed(self, job: Job) -> None:
        row = self._rows.get(job.id)
        if row is None:  # queued by another process (the CLI) or retried from out of view
            self.job_added(job)
            return
        before = self._jobs[row]
        self._jobs[row] = job
        if before.state != job.state:
            self._active += job.state.active - before.state.active
        # the Service column is the order proxy's sort column: a repaint that spans it makes
        # Qt take the row out and sort it in again (a layout change, every row repainted), so
        # it is spanned only when the job's place or its service may have changed, not for
        # each progress tick or message
        moved = (order_key(before) != order_key(job)
                 or (before.provider, before.model) != (job.provider, job.model))
        untold = self._untold
        self._untold = (row, row, moved) if untold is None else (
            min(untold[0], row), max(untold[1], row), untold[2] or moved)
        self._tell_later()
        if (before.state, before.priority, before.position) != (job.state, job.priority,
                                                                  job.position):
            self._rerank()
        if before.state != job.state:
            self._sync_ticker()

    def remove_ids(self, job_ids: Iterable[str]) -> None:
        """Take jobs out of the view (they stay in the library's history)."""
        rows = sorted((self._rows[j] for j in job_ids if j in self._rows), reverse=True)
        if rows:
            self.tell_views()  # the untold rows are counted as they are before the removal
        for row in rows:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._jobs[row]
            self.endRemoveRows()
        if rows:
            self._rows = {j.id: i for i, j in enumerate(self._jobs)}
            self._active = self._count_active()
            self._rerank()
            self._sync_ticker()

    # -- queue positions -------------------------------------------------------------------
    def _ranks(self) -> dict[str, int]:
        queued = sorted((j for j in self._jobs if j.state == JobState.QUEUED),
                        key=lambda j: (-j.priority, j.position, j.created))
        return {j.id: i for i, j in enumerate(queued, 1)}

    def _rerank(self) -> None:
        """Queue positions of every waiting job may shift: worked out when next read, and
        views told with the rest of the news (200 jobs queued at once would otherwise sort
        the queue 200 times)."""
        self._rank_stale = True
        self._ranks_untold = True
        self._tell_later()

    def _ranks_now(self) -> dict[str, int]:
        if self._rank_stale:
            self._rank, self._rank_stale = self._ranks(), False
        return self._rank

    # -- telling views ---------------------------------------------------------------------
    def _tell_later(self) -> None:
        """Tell views at the next turn of the loop, or `TELL_EVERY_MS` after they were last
        told if that is later."""
        if not self._tell_soon.isActive():
            since_ms = (time.monotonic() - self._told_at) * 1000
            self._tell_soon.start(max(0, int(TELL_EVERY_MS - since_ms)))

    def tell_views(self) -> None:
        """Tell views now of every change not yet told: the changed rows in one signal (up to
        the sort column when a job may have changed place, so the proxy sorts all of them
        in at once), then the queue places that moved."""
        self._tell_soon.stop()
        self._told_at = time.monotonic()
        untold, self._untold = self._untold, None
        if untold is not None:
            first, last, moved = untold
            self.dataChanged.emit(self.index(first, 0),
                                  self.index(last, len(COLUMNS) - 1 if moved else SERVICE - 1))
        if self._ranks_untold:
            self._ranks_untold = False
            self._tell_ranks()

    def _forget_untold(self) -> None:
        self._tell_soon.stop()
        self._untold, self._ranks_untold = None, False

    def _tell_ranks(self) -> None:
        """Repaint the Position cells that changed (all waiting ones when the count in
        "3 of 7" changed) with one signal, since 200 waiting jobs would otherwise mean 200
        signals for each job that starts."""
        old, self._told = self._told, self._ranks_now()
        if len(old) != len(self._rank):
            changed = old.keys() | self._rank.keys()
        else:
            changed = {jid for jid in old.keys() | self._rank.keys()
                       if old.get(jid) != self._rank.get(jid)}
        rows = [self._rows[jid] for jid in changed if jid in self._rows]
        if rows:
            self._columns_changed(min(rows), max(rows), POSITION, POSITION)

    # -- the running clock -----------------------------------------------------------------
    def _count_active(self) -> int:
        return sum(1 for j in self._jobs if j.state.active)

    def _sync_ticker(self) -> None:
        """Tick once a second only while something runs; an idle queue costs nothing. Asked
        at every change of state: the running count is kept, not counted over every job (a
        walk of the whole queue per change; tests/ui_queue/test_model.py: equal to a count)."""
        running = self._active > 0
        if running and not self.ticker.isActive():
            self.ticker.start()
        elif not running and self.ticker.isActive():
            self.ticker.stop()

    def _tick(self) -> None:
        for row, job in enumerate(self._jobs):
            if job.state.active:
                self._columns_changed(row, row, ETA, ELAPSED)

    def _columns_changed(self, first_row: int, last_row: int, first: int, last: int) -> None:
        """One signal for these rows' columns first..last and the cells their second lines
        are folded into."""
        cols = list(range(first, last + 1))
        cols += [_SHOWN_IN[c] for c in cols if c in _SHOWN_IN]
        self.dataChanged.emit(self.index(first_row, min(cols)), self.index(last_row, max(cols)))

    # -- reading ---------------------------------------------------------------------------
    def job_at(self, row: int) -> Job:
        return self._jobs[row]

    def job(self, job_id: str) -> Job | None:
        row = self._rows.get(job_id)
        return None if row is None else self._jobs[row]

    def row_of(self, job_id: str) -> int | None:
        return self._rows.get(job_id)

    def rows_for_shot(self, shot_id: str) -> list[int]:
        """The rows of that shot's jobs."""
        return [row for row, job in enumerate(self._jobs) if job.shot_id == shot_id]

    def jobs(self) -> list[Job]:
        return list(self._jobs)

    def pending_ids(self) -> list[str]:
        """Queued jobs in the order they will be sent."""
        rank = self._ranks_now()
        return sorted(rank, key=rank.__getitem__)

    def counts(self) -> dict[JobState, int]:
        out: dict[JobState, int] = {}
        for j in self._jobs:
            out[j.state] = out.get(j.state, 0) + 1
        return out

    # -- Qt model --------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._jobs)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def cell(self, row: int, col: int) -> Cell:
        """What the Queue dock draws in a cell, in one call: the delegate asked data() for
        each role, and every answer went from Python through the proxy's C++ and back
        (two to three a cell, a tenth of a scroll step). The same answers as data()."""
        job = self._jobs[row]
        if col in SECOND_LINE:
            parts = [self._display(job, c) for c in SECOND_LINE[col]]
            second = " · ".join(p for p in parts if p)
        else:
            second = ""
        percent = 100.0 if job.state == JobState.DONE else job.percent
        return Cell(self._display(job, col), second, job.state.value, percent)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._jobs):
            return None
        job = self._jobs[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(job, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(job, col)
        if role == JobRole:
            return job
        if role == StateRole:
            return job.state.value
        if role == PercentRole:
            return 100.0 if job.state == JobState.DONE else job.percent
        if role == SecondLineRole:
            parts = [self._display(job, c) for c in SECOND_LINE.get(col, ())]
            return " · ".join(p for p in parts if p)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (POSITION, ETA, COST, ELAPSED):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, job: Job, col: int) -> str:
        now = self.clock()
        if col == SHOT:
            return self.shot_label(job)
        if col == SERVICE:
            service = display_name(job.provider)
            return f"{service} · {job.model}" if job.model else service
        if col == STATE:
            return texts.state_text(job)
        if col == PROGRESS:
            return texts.progress_text(job)
        if col == POSITION:
            rank = self._ranks_now()
            return texts.position_text(job, rank.get(job.id), len(rank))
        if col == ETA:
            return texts.eta_text(job, now)
        if col == COST:
            return texts.cost_text(job)
        if col == ELAPSED:
            return texts.elapsed_text(job, now)
        return ""

    def _tooltip(self, job: Job, col: int) -> str:
        if col == STATE and job.last_error:
            return job.last_error
        if col == COST:
            return texts.cost_tooltip(job)
        if col == SHOT:
            prompt = job.request.prompt
            return prompt if len(prompt) < 400 else prompt[:400] + "…"
        return texts.state_text(job)

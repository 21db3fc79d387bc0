"""The jobs table. Every state change is one conditional UPDATE inside a transaction, so two
processes (the GUI and `reelroom-cli queue run`) can never both claim the same queued job."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from app.domain.ids import now
from app.providers.base import GenerationRequest, RemoteHandle
from app.services.queue.jobs import TRANSITIONS, IllegalTransition, Job, JobState
from app.services.queue.landing import TAKE, Landing
from app.storage.database import Database

_COLUMNS = (
    "id", "project_id", "shot_id", "provider", "model", "request", "estimated_cost",
    "cost_currency", "state", "handle", "attempts", "priority", "position", "created",
    "updated", "started", "finished", "last_error", "percent", "queue_position", "eta",
    "media_path", "take_id", "batch_id", "owner", "sent", "reconciling", "landing",
)  # fmt: skip
_PLAIN_FIELDS = {"attempts", "started", "finished", "last_error", "percent", "queue_position",
                 "eta", "media_path", "take_id", "priority", "position", "estimated_cost",
                 "owner", "sent", "reconciling"}
_PAUSED_KEY = "paused"


# one shot's newest job (on a tie in creation the lower priority, then the later position:
# the one `list` gives last), from the jobs_newest_per_shot index alone (migration 9)
NEWEST_OF_SHOT = (
    "SELECT shot_id, id, created, state FROM jobs WHERE project_id = ? AND shot_id = ?"
    " ORDER BY created DESC, priority, position DESC LIMIT 1")


class JobMark(NamedTuple):
    """What a shot's card says of its newest job: which job, when it was made, its state."""

    shot_id: str
    id: str
    created: float
    state: JobState

    @classmethod
    def of(cls, job: Job) -> JobMark:
        return cls(job.shot_id or "", job.id, job.created, job.state)


def _row_to_job(row: sqlite3.Row) -> Job:
    data = dict(row)
    data["request"] = GenerationRequest.model_validate_json(data["request"])
    data["handle"] = RemoteHandle.model_validate_json(data["handle"]) if data["handle"] else None
    data["landing"] = Landing.model_validate_json(data["landing"]) if data["landing"] else TAKE
    return Job.model_validate(data)


def _values(job: Job) -> tuple[Any, ...]:
    data = job.model_dump(mode="json")
    data["request"] = job.request.model_dump_json()
    data["handle"] = job.handle.model_dump_json() if job.handle else None
    data["landing"] = None if job.landing == TAKE else job.landing.model_dump_json()
    return tuple(data[c] for c in _COLUMNS)


class JobStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    # -- reading ---------------------------------------------------------------------------
    def get(self, job_id: str) -> Job | None:
        row = self.db.conn.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return _row_to_job(row) if row else None

    def find(self, prefix: str) -> Job | None:
        """A job by id or by an unambiguous id prefix (the CLI shows 8 characters)."""
        rows = self.db.conn.execute(
            "SELECT * FROM jobs WHERE id LIKE ? LIMIT 2", (prefix.replace("%", "") + "%",)
        ).fetchall()
        return _row_to_job(rows[0]) if len(rows) == 1 else None

    def list(self, *, project_id: str | None = None,
             states: Iterable[JobState] | None = None) -> list[Job]:
        sql, args = "SELECT * FROM jobs WHERE 1", []
        if project_id is not None:
            sql += " AND project_id = ?"
            args.append(project_id)
        if states is not None:
            states = list(states)
            sql += f" AND state IN ({','.join('?' * len(states))})"
            args += [s.value for s in states]
        sql += " ORDER BY priority DESC, position, created"
        return [_row_to_job(r) for r in self.db.conn.execute(sql, args).fetchall()]

    def current_and_recent(self, recent_finished: int) -> list[Job]:
        """Every unfinished job and the `recent_finished` most recently finished, in `list`'s
        order: what the Queue panel starts with, without reading a long history."""
        done = [s.value for s in JobState if s.finished]
        marks = ",".join("?" * len(done))
        rows = self.db.conn.execute(
            f"SELECT * FROM jobs WHERE state NOT IN ({marks}) OR id IN (SELECT id FROM jobs"
            f" WHERE state IN ({marks}) ORDER BY coalesce(finished, updated) DESC LIMIT ?)"
            " ORDER BY priority DESC, position, created", (*done, *done, recent_finished),
        ).fetchall()
        return [_row_to_job(r) for r in rows]

    def latest_per_shot(self, project_id: str) -> list[Job]:
        """Each shot's newest job (by creation; on a tie the one `list` gives last), the
        project's other jobs left unread: a studio's project holds thousands of finished
        ones."""
        rows = self.db.conn.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM (SELECT *, row_number() OVER (PARTITION BY"
            " shot_id ORDER BY created DESC, priority ASC, position DESC) AS newest"
            " FROM jobs WHERE project_id = ? AND shot_id IS NOT NULL) WHERE newest = 1",
            (project_id,)).fetchall()
        return [_row_to_job(r) for r in rows]

    def latest_mark(self, project_id: str, shot_id: str) -> JobMark | None:
        """The shot's entry of `latest_per_shot`, as a mark, or None when it has no job: what
        its card's badge says, read when the card is first painted (a project open paints a
        handful of its 10,000 cards) from the index alone. Equal to `JobMark.of` of that
        shot's entry (tests/core/test_lazy_reads.py)."""
        row = self.db.conn.execute(NEWEST_OF_SHOT, (project_id, shot_id)).fetchone()
        return None if row is None else JobMark(row[0], row[1], row[2], JobState(row[3]))

    def changed_since(self, updated: float) -> list[Job]:
        """Jobs written at or after `updated` (by this process or another)."""
        rows = self.db.conn.execute("SELECT * FROM jobs WHERE updated >= ? ORDER BY updated",
                                    (updated,)).fetchall()
        return [_row_to_job(r) for r in rows]

    def last_update(self) -> float:
        return float(self.db.conn.execute(
            "SELECT coalesce(max(updated), 0) FROM jobs").fetchone()[0])

    def pending(self) -> list[Job]:
        """Queued jobs in the order they will be sent."""
        return self.list(states=[JobState.QUEUED])

    def pending_providers(self) -> list[tuple[str, str]]:
        """(job id, provider) of queued jobs in send order: what dispatch needs on every
        wake-up, without parsing hundreds of full jobs while no slot is free."""
        rows = self.db.conn.execute(
            "SELECT id, provider FROM jobs WHERE state = ? ORDER BY priority DESC, position,"
            " created", (JobState.QUEUED.value,)).fetchall()
        return [(r[0], r[1]) for r in rows]

    def has_pending(self) -> bool:
        return self.db.conn.execute("SELECT EXISTS (SELECT 1 FROM jobs WHERE state = ?)",
                                    (JobState.QUEUED.value,)).fetchone()[0] == 1

    def remote_ids(self, provider: str, *, besides: str = "") -> set[str]:
        """Remote ids that jobs of `provider` (other than `besides`) hold: a reconcile must
        never adopt one of them."""
        rows = self.db.conn.execute(
            "SELECT json_extract(handle, '$.remote_id') FROM jobs WHERE provider = ? AND id != ?"
            " AND handle IS NOT NULL", (provider, besides)).fetchall()
        return {str(r[0]) for r in rows if r[0] is not None}

    def in_flight_like(self, job: Job, since: float) -> int:
        """How many other jobs with exactly `job`'s request have a create on its way now
        (sent since `since`, no answer yet, not being reconciled themselves)."""
        rows = self.db.conn.execute(
            "SELECT request FROM jobs WHERE provider = ? AND id != ? AND state = ?"
            " AND handle IS NULL AND reconciling = 0 AND sent IS NOT NULL AND sent >= ?",
            (job.provider, job.id, JobState.SUBMITTING.value, since)).fetchall()
        mine = job.request.model_dump_json()
        return sum(1 for r in rows if r[0] == mine)

    def counts(self) -> dict[JobState, int]:
        rows = self.db.conn.execute("SELECT state, count(*) FROM jobs GROUP BY state").fetchall()
        return {JobState(r[0]): r[1] for r in rows}

    # -- writing ---------------------------------------------------------------------------
    def add(self, jobs: Sequence[Job]) -> list[Job]:
        """Insert jobs at the end of the manual order, all or none."""
        with self.db.transaction() as c:
            last = c.execute("SELECT coalesce(max(position), 0) FROM jobs").fetchone()[0]
            placed = [j.model_copy(update={"position": last + i + 1}) for i, j in enumerate(jobs)]
            c.executemany(
                f"INSERT INTO jobs ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})",
                [_values(j) for j in placed],
            )
        return placed

    def transition(self, job_id: str, to: JobState, *, handle: RemoteHandle | None = None,
                   clear_handle: bool = False, as_owner: str | None = None,
                   **fields: Any) -> Job:
        """Move a job to `to` (with extra column values) if that is a legal move from the state
        it is in now; raise IllegalTransition otherwise. With `as_owner`, the move is made only
        while that runner still owns the job (another queue may have taken it over).
        Returns the job as written."""
        unknown = set(fields) - _PLAIN_FIELDS
        if unknown:
            raise ValueError(f"not a job field: {', '.join(sorted(unknown))}")
        with self.db.transaction() as c:
            row = c.execute("SELECT state, owner FROM jobs WHERE id = ?", (job_id,)).fetchone()
            if row is None:
                raise KeyError(f"no job {job_id}")
            current = JobState(row[0])
            if to not in TRANSITIONS[current]:
                raise IllegalTransition(f"job {job_id[:8]} is {current}; it cannot become {to}")
            if as_owner is not None and row[1] != as_owner:
                raise IllegalTransition(f"job {job_id[:8]} is now run by another queue")
            sets = {"state": to.value, "updated": now(), **fields}
            if handle is not None:
                sets["handle"] = handle.model_dump_json()
            elif clear_handle:
                sets["handle"] = None
            c.execute(
                f"UPDATE jobs SET {', '.join(f'{k} = ?' for k in sets)} WHERE id = ?",
                (*sets.values(), job_id),
            )
        job = self.get(job_id)
        assert job is not None
        return job

    def update(self, job_id: str, *, handle: RemoteHandle | None = None,
               as_owner: str | None = None, **fields: Any) -> Job:
        """Write progress or bookkeeping fields without changing state (with `as_owner`: only
        while that runner owns the job; IllegalTransition otherwise)."""
        unknown = set(fields) - _PLAIN_FIELDS
        if unknown:
            raise ValueError(f"not a job field: {', '.join(sorted(unknown))}")
        sets = {"updated": now(), **fields}
        if handle is not None:
            sets["handle"] = handle.model_dump_json()
        with self.db.transaction() as c:
            sql = f"UPDATE jobs SET {', '.join(f'{k} = ?' for k in sets)} WHERE id = ?"
            args: list[Any] = [*sets.values(), job_id]
            if as_owner is not None:
                sql += " AND owner = ?"
                args.append(as_owner)
            if c.execute(sql, args).rowcount == 0 and as_owner is not None:
                raise IllegalTransition(f"job {job_id[:8]} is now run by another queue")
        job = self.get(job_id)
        if job is None:
            raise KeyError(f"no job {job_id}")
        return job

    def claim(self, job_id: str, owner: str) -> Job | None:
        """Make `owner` the owner of a job nobody owns; None if another runner has it."""
        with self.db.transaction() as c:
            taken = c.execute("UPDATE jobs SET owner = ? WHERE id = ? AND owner IS NULL",
                              (owner, job_id)).rowcount
        return self.get(job_id) if taken else None

    def reorder(self, job_ids: Sequence[str]) -> None:
        """Give these pending jobs this manual order, ahead of the other pending jobs' slots
        they occupied (positions are reused, so jobs not named keep theirs)."""
        with self.db.transaction() as c:
            marks = ",".join("?" * len(job_ids))
            slots = sorted(r[0] for r in c.execute(
                f"SELECT position FROM jobs WHERE id IN ({marks}) AND state = 'queued'",
                list(job_ids)).fetchall())
            if len(slots) != len(job_ids):
                raise ValueError("only queued jobs can be reordered")
            c.executemany("UPDATE jobs SET position = ? WHERE id = ?",
                          list(zip(slots, job_ids, strict=True)))

    # -- the paused flag (shared by every process on this library) --------------------------
    def paused(self) -> bool:
        row = self.db.conn.execute(
            "SELECT value FROM queue_state WHERE key = ?", (_PAUSED_KEY,)).fetchone()
        return bool(row and json.loads(row[0]))

    def set_paused(self, paused: bool) -> None:
        with self.db.transaction() as c:
            c.execute("INSERT INTO queue_state (key, value) VALUES (?, ?) ON CONFLICT(key)"
                      " DO UPDATE SET value = excluded.value", (_PAUSED_KEY, json.dumps(paused)))

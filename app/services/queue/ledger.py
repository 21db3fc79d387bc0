"""What has been spent, and the budget cap. Every create the service accepted is one row — a
job sent again as a new paid job is a second row — booked the moment a handle exists: from
then on it may be billed, even if it is cancelled later. A create that got no clear answer and
was not found on the service is booked unconfirmed: counted against the cap (it may be billed),
not in what was spent, until the service is checked again or the user says it was not received."""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass

from app.domain.ids import now
from app.services.queue.jobs import Job, JobState


class BudgetExceeded(Exception):
    """Queuing would go over the cap; the message says by how much."""


@dataclass(frozen=True)
class SpendRow:
    project_id: str
    provider: str
    day: str  # YYYY-MM-DD, local time
    amount: float
    currency: str


def _money(amount: float) -> str:
    return f"${amount:,.2f}"


class Ledger:
    def __init__(self, db) -> None:
        self.db = db

    def book(self, conn: sqlite3.Connection, job: Job, *, confirmed: bool = True) -> None:
        """Record the cost of `job`'s current create attempt inside the caller's transaction;
        the same attempt is booked once (a reconcile after a restart finds it booked)."""
        # a service that bills at a price it does not publish is booked at 0: the row still
        # records that a create was accepted (and may be billed)
        remote = job.handle.remote_id if job.handle else None
        conn.execute(
            "INSERT INTO spend (job_id, attempt, project_id, provider, day, amount, currency,"
            " recorded, confirmed, remote_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(job_id, attempt) DO UPDATE SET"
            " confirmed = max(confirmed, excluded.confirmed),"
            " remote_id = coalesce(excluded.remote_id, remote_id)",
            (job.id, max(1, job.attempts), job.project_id, job.provider,
             time.strftime("%Y-%m-%d"), job.estimated_cost or 0.0, job.cost_currency, now(),
             int(confirmed), remote),
        )

    def unbook_unconfirmed(self, conn: sqlite3.Connection, job_id: str) -> None:
        """The user says the service never received this job's unanswered create."""
        conn.execute("DELETE FROM spend WHERE job_id = ? AND confirmed = 0", (job_id,))

    def creates(self, job_id: str) -> int:
        """How many creates of this job the service accepted (booked rows)."""
        return self.db.conn.execute(
            "SELECT count(*) FROM spend WHERE job_id = ? AND confirmed = 1", (job_id,)
        ).fetchone()[0]

    def rows(self, *, project_id: str | None = None, provider: str | None = None,
             day: str | None = None) -> list[SpendRow]:
        """Spend grouped by project, provider and day (filters optional)."""
        sql = ("SELECT project_id, provider, day, sum(amount), currency FROM spend"
               " WHERE confirmed = 1")
        args: list[str] = []
        for col, val in (("project_id", project_id), ("provider", provider), ("day", day)):
            if val is not None:
                sql += f" AND {col} = ?"
                args.append(val)
        sql += " GROUP BY project_id, provider, day, currency ORDER BY day, project_id, provider"
        return [SpendRow(*r) for r in self.db.conn.execute(sql, args).fetchall()]

    def total(self, *, currency: str = "USD", project_id: str | None = None,
              provider: str | None = None, day: str | None = None) -> float:
        return sum(r.amount for r in self.rows(project_id=project_id, provider=provider, day=day)
                   if r.currency == currency)

    def committed(self) -> float:
        """USD in jobs queued or being sent that are not booked yet, and in creates booked
        unconfirmed: counted against the cap so two batches queued back to back cannot both
        slip under it."""
        row = self.db.conn.execute(
            "SELECT coalesce(sum(estimated_cost), 0) FROM jobs WHERE cost_currency = 'USD'"
            " AND (state = ? OR (state = ? AND NOT EXISTS (SELECT 1 FROM spend s"
            " WHERE s.job_id = jobs.id AND s.attempt = jobs.attempts)))",
            (JobState.QUEUED.value, JobState.SUBMITTING.value),
        ).fetchone()
        unconfirmed = self.db.conn.execute(
            "SELECT coalesce(sum(amount), 0) FROM spend WHERE confirmed = 0 AND currency = 'USD'"
        ).fetchone()
        return float(row[0]) + float(unconfirmed[0])

    def check_budget(self, batch_usd: float, cap_usd: float | None) -> None:
        """Raise BudgetExceeded when spending `batch_usd` more would pass the cap."""
        if cap_usd is None or batch_usd <= 0:
            return
        spent = self.total() + self.committed()
        over = spent + batch_usd - cap_usd
        if over > 0.005:
            raise BudgetExceeded(
                f"This batch would cost {_money(batch_usd)}; with {_money(spent)} already spent"
                f" the cap of {_money(cap_usd)} would be exceeded by {_money(over)}"
            )

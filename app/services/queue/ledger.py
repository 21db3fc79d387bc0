"""What has been spent, and the budget cap. A job's cost is booked the moment the service has
accepted it (a handle exists): from then on it may be billed, even if it is cancelled later."""

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

    def book(self, conn: sqlite3.Connection, job: Job) -> None:
        """Record `job`'s estimated cost, once, inside the caller's transaction."""
        if job.estimated_cost is None:
            return  # billed by the service at a price it does not publish
        conn.execute(
            "INSERT OR IGNORE INTO spend (job_id, project_id, provider, day, amount, currency,"
            " recorded) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (job.id, job.project_id, job.provider, time.strftime("%Y-%m-%d"),
             job.estimated_cost, job.cost_currency, now()),
        )

    def rows(self, *, project_id: str | None = None, provider: str | None = None,
             day: str | None = None) -> list[SpendRow]:
        """Spend grouped by project, provider and day (filters optional)."""
        sql = ("SELECT project_id, provider, day, sum(amount), currency FROM spend WHERE 1")
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
        """USD in jobs queued or on their way that are not booked yet: counted against the
        cap so two batches queued back to back cannot both slip under it."""
        row = self.db.conn.execute(
            "SELECT coalesce(sum(estimated_cost), 0) FROM jobs WHERE cost_currency = 'USD'"
            " AND state IN (?, ?) AND id NOT IN (SELECT job_id FROM spend)",
            (JobState.QUEUED.value, JobState.SUBMITTING.value),
        ).fetchone()
        return float(row[0])

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

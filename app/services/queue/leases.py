"""Which running queue owns which job. Every queue that runs jobs (the GUI, each
`reelroom-cli queue run`) registers as a runner with its process id and a heartbeat; a job it
claims carries its runner id. Another queue resumes an active job only when that owner is gone
(its row missing, its heartbeat stale, or its process dead on this machine), so two queues on
one library never reconcile or re-send each other's jobs."""

from __future__ import annotations

import os
import socket
import sys

from app.domain.ids import new_id, now
from app.services.queue.jobs import ACTIVE
from app.storage.database import Database

DEFAULT_TTL = 15.0  # seconds without a heartbeat after which a runner counts as gone


def _pid_alive(pid: int) -> bool:
    if sys.platform == "win32":
        return True  # os.kill would terminate it there: the heartbeat alone decides
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True


class Leases:
    def __init__(self, db: Database, *, ttl: float = DEFAULT_TTL) -> None:
        self.db = db
        self.ttl = ttl
        self.id = new_id()
        self.pid = os.getpid()
        self.host = socket.gethostname()
        self._beat = 0.0
        self.registered = False

    def register(self) -> None:
        with self.db.transaction() as c:
            c.execute("INSERT OR REPLACE INTO queue_runners (id, pid, host, heartbeat, started)"
                      " VALUES (?, ?, ?, ?, ?)", (self.id, self.pid, self.host, now(), now()))
        self._beat = now()
        self.registered = True

    def beat(self) -> None:
        """Refresh the heartbeat (a write at most every ttl/4 seconds)."""
        if not self.registered or now() - self._beat < self.ttl / 4:
            return
        with self.db.transaction() as c:
            c.execute("UPDATE queue_runners SET heartbeat = ? WHERE id = ?", (now(), self.id))
            if c.execute("SELECT changes()").fetchone()[0] == 0:  # removed as stale: back
                c.execute("INSERT INTO queue_runners (id, pid, host, heartbeat, started)"
                          " VALUES (?, ?, ?, ?, ?)", (self.id, self.pid, self.host, now(), now()))
        self._beat = now()

    def release(self) -> None:
        """This runner stops: what it owned is nobody's, to be resumed by the next queue."""
        if not self.registered:
            return
        with self.db.transaction() as c:
            c.execute("UPDATE jobs SET owner = NULL WHERE owner = ?", (self.id,))
            c.execute("DELETE FROM queue_runners WHERE id = ?", (self.id,))
        self.registered = False

    def _alive(self, c) -> set[str]:
        alive = set()
        for rid, pid, host, beat in c.execute(
                "SELECT id, pid, host, heartbeat FROM queue_runners").fetchall():
            if rid == self.id:
                alive.add(rid)
            elif beat >= now() - self.ttl and (host != self.host or _pid_alive(pid)):
                alive.add(rid)
        return alive

    def others(self) -> int:
        """How many other live queues run on this library now."""
        return len(self._alive(self.db.conn) - {self.id})

    def adopt(self) -> list[str]:
        """Take over the active jobs whose owner is gone; returns their ids."""
        marks = ",".join("?" * len(ACTIVE))
        with self.db.transaction() as c:
            alive = self._alive(c)
            rows = c.execute(f"SELECT id, owner FROM jobs WHERE state IN ({marks})",
                             [s.value for s in ACTIVE]).fetchall()
            orphans = [r[0] for r in rows if r[1] is None or r[1] not in alive]
            c.executemany("UPDATE jobs SET owner = ? WHERE id = ?",
                          [(self.id, jid) for jid in orphans])
            dead = [(rid,) for (rid,) in c.execute("SELECT id FROM queue_runners").fetchall()
                    if rid not in alive]
            c.executemany("DELETE FROM queue_runners WHERE id = ?", dead)
        return orphans

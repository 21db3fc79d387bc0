"""A working job's live text (the Tellers agent's answer and reasoning summary as they stream),
held in memory for whoever shows it and written to the library in batches: an agent sends many
small deltas, and one transaction per delta would cost more than the stream itself. The writes
go to the library's writer thread in order; a job's words are kept in memory until its last
write has committed, so what `text` reads is never behind what was said."""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import time

from psygnal import Signal

from app.storage.database import Database
from app.storage.job_text import JobTextRepository

log = logging.getLogger(__name__)

FLUSH_EVERY = 1.0  # seconds between writes of a streaming job's text
STREAMS = ("output", "reasoning")


def _log_failure(future: concurrent.futures.Future[None]) -> None:
    if not future.cancelled() and future.exception() is not None:
        log.error("a job's live text could not be written", exc_info=future.exception())


class LiveText:
    changed = Signal(str)  # job id whose text grew

    def __init__(self, db: Database, *, clock=time.monotonic) -> None:
        self.repo = JobTextRepository(db)
        self._clock = clock
        self._known: dict[str, dict[str, str]] = {}  # job id → stream → all text so far
        self._pending: dict[str, dict[str, str]] = {}  # not yet written
        self._flushed: dict[str, float] = {}
        self._notes: dict[str, str] = {}  # job id → the service's latest status words

    def note(self, job_id: str, text: str) -> None:
        """The service's latest words about where it is ("Rendering the edit…"): replaced,
        not appended, and not kept past this run."""
        if text and self._notes.get(job_id) != text:
            self._notes[job_id] = text
            self.changed.emit(job_id)

    def latest_note(self, job_id: str) -> str:
        return self._notes.get(job_id, "")

    def add(self, job_id: str, stream: str, text: str) -> None:
        if not text:
            return
        stream = stream if stream in STREAMS else "output"
        known = self._known.setdefault(job_id, self.repo.get(job_id))
        known[stream] = known.get(stream, "") + text
        pending = self._pending.setdefault(job_id, {})
        pending[stream] = pending.get(stream, "") + text
        if self._clock() - self._flushed.get(job_id, 0.0) >= FLUSH_EVERY:
            self.flush(job_id)
        self.changed.emit(job_id)

    def flush(self, job_id: str | None = None) -> concurrent.futures.Future[None] | None:
        """Hand what is pending (for one job, or all) to the library's writer; the future of
        the last write handed over, or None."""
        last = None
        for jid in [job_id] if job_id is not None else list(self._pending):
            pending = self._pending.pop(jid, None)
            if pending:
                last = self.repo.db.writer.submit(self.repo.append, jid, pending)
                last.add_done_callback(_log_failure)
            self._flushed[jid] = self._clock()
        return last

    def text(self, job_id: str) -> dict[str, str]:
        """Everything said so far, by stream: this run's, or what a past run wrote."""
        if job_id in self._known:
            return dict(self._known[job_id])
        return self.repo.get(job_id)

    def restart(self, job_id: str) -> None:
        """A new send of the job (a new paid job): its old words are not this run's."""
        self._known.pop(job_id, None)
        self._pending.pop(job_id, None)
        self._notes.pop(job_id, None)
        self.repo.clear(job_id)
        self.changed.emit(job_id)

    async def finished(self, job_id: str) -> None:
        written = self.flush(job_id)
        if written is not None:
            await asyncio.wrap_future(written)  # then the library has every word
        self._known.pop(job_id, None)
        self._flushed.pop(job_id, None)
        self._notes.pop(job_id, None)

"""The service's last answer about a job that just finished, kept for the results that follow.

A poll that reads "completed" is followed at once by the runner asking for the job's results,
and the adapters asked the service again for the very answer they had just read: one request
of the nine each generation makes (benchmarks/queue.py), on the GUI thread. An adapter keeps
the finished answer here when its poll sees it, and `results()` takes it once; a job resumed
after a restart (nothing kept) or asked a second time asks the service as before."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

KEPT = 64  # far more jobs than finish between a poll and its results, even 200 at once


class FinishedAnswers:
    def __init__(self, kept: int = KEPT) -> None:
        self._answers: OrderedDict[str, Any] = OrderedDict()
        self._kept = kept

    def keep(self, remote_id: str, answer: Any) -> None:
        self._answers[remote_id] = answer
        self._answers.move_to_end(remote_id)
        while len(self._answers) > self._kept:  # a job whose results were never asked for
            self._answers.popitem(last=False)

    def take(self, remote_id: str) -> Any | None:
        return self._answers.pop(remote_id, None)

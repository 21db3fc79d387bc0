"""A generation job and its state machine. A job is a row before anything is sent; every
state it passes through is written before the step it names has any effect."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from app.domain.ids import new_id, now
from app.providers.base import GenerationRequest, RemoteHandle
from app.services.queue.landing import TAKE, Landing


class JobState(StrEnum):
    QUEUED = "queued"
    SUBMITTING = "submitting"
    RUNNING = "running"
    DOWNLOADING = "downloading"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"
    NEEDS_ATTENTION = "needs-attention"

    @property
    def finished(self) -> bool:
        return self in FINISHED

    @property
    def active(self) -> bool:
        """Started and not finished: what a restart must resume."""
        return self in ACTIVE


FINISHED = frozenset({JobState.DONE, JobState.FAILED, JobState.CANCELLED,
                      JobState.NEEDS_ATTENTION})
ACTIVE = frozenset({JobState.SUBMITTING, JobState.RUNNING, JobState.DOWNLOADING})
# a user may retry these: a job that holds a remote handle is fetched again (never re-created);
# one the service never accepted is sent again
RETRYABLE = frozenset({JobState.FAILED, JobState.CANCELLED, JobState.NEEDS_ATTENTION})

# Which moves are legal; anything else is a bug and is refused rather than written.
# From a finished state: QUEUED is a new send, RUNNING fetches a job the service holds again,
# SUBMITTING asks the service again whether it received a job ("Check the service").
TRANSITIONS: dict[JobState, frozenset[JobState]] = {
    JobState.QUEUED: frozenset({JobState.SUBMITTING, JobState.CANCELLED}),
    JobState.SUBMITTING: frozenset({JobState.RUNNING, JobState.FAILED, JobState.CANCELLED,
                                    JobState.NEEDS_ATTENTION}),
    JobState.RUNNING: frozenset({JobState.DOWNLOADING, JobState.FAILED, JobState.CANCELLED,
                                 JobState.NEEDS_ATTENTION}),
    JobState.DOWNLOADING: frozenset({JobState.DONE, JobState.FAILED, JobState.CANCELLED,
                                     JobState.NEEDS_ATTENTION}),
    JobState.DONE: frozenset(),
    JobState.FAILED: frozenset({JobState.QUEUED, JobState.RUNNING, JobState.CANCELLED}),
    JobState.CANCELLED: frozenset({JobState.QUEUED, JobState.RUNNING}),
    JobState.NEEDS_ATTENTION: frozenset({JobState.QUEUED, JobState.RUNNING, JobState.SUBMITTING,
                                         JobState.CANCELLED}),
}


class IllegalTransition(RuntimeError):
    pass


class Job(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str = Field(default_factory=new_id)
    project_id: str
    shot_id: str | None = None
    provider: str
    model: str = ""
    request: GenerationRequest
    estimated_cost: float | None = 0.0
    cost_currency: str = "USD"
    state: JobState = JobState.QUEUED
    handle: RemoteHandle | None = None
    attempts: int = 0
    priority: int = 0  # higher runs first
    position: float = 0.0  # manual order within a priority
    created: float = Field(default_factory=now)
    updated: float = Field(default_factory=now)
    started: float | None = None
    finished: float | None = None
    last_error: str | None = None
    percent: float | None = None
    queue_position: int | None = None
    eta: float | None = None
    media_path: str | None = None  # the cached result once downloaded (skip re-download)
    take_id: str | None = None
    batch_id: str | None = None
    owner: str | None = None  # the queue runner driving it now (None: nobody)
    sent: float | None = None  # when its create was last sent (None: never sent)
    reconciling: bool = False  # its create got no clear answer; the service is being asked
    landing: Landing = TAKE  # where its result goes (a take, a clip, cues, a file)

    def describe(self) -> str:
        """One line for lists: id, state, where, progress or error."""
        bits = [self.id[:8], f"{self.state.value:<15}", f"{self.provider}/{self.model or '-'}"]
        if self.landing.label:
            bits.append(self.landing.label)
        if self.percent is not None and not self.state.finished:
            bits.append(f"{self.percent:.0f}%")
        if self.queue_position is not None and not self.state.finished:
            bits.append(f"#{self.queue_position} in line")
        if self.last_error and self.state != JobState.DONE:
            bits.append(self.last_error)
        return "  ".join(bits)

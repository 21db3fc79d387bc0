"""The one Protocol every cloud service adapter implements, and the plain data it speaks.

Everything here is serialisable (pydantic) so a job's request and remote handle can be written to
the library database before anything is sent, and resumed after a crash.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel, Field

from app.domain.service_models import Capability, CostEstimate, ModelInfo  # noqa: F401


class JobStatus(StrEnum):
    """Provider statuses normalised; the raw string is kept on every event."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"

    @property
    def finished(self) -> bool:
        return self in (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED)


class MediaInput(BaseModel):
    """A file (or an already-uploaded remote asset) a generation takes as input."""

    role: str  # image | first_frame | last_frame | video | audio | reference
    path: str | None = None
    remote_id: str | None = None
    url: str | None = None
    content_type: str | None = None


class GenerationRequest(BaseModel):
    model: str
    prompt: str = ""
    negative_prompt: str = ""
    params: dict[str, Any] = Field(default_factory=dict)
    inputs: list[MediaInput] = Field(default_factory=list)


class RemoteHandle(BaseModel):
    """What identifies a submitted job on the service; persisted with the job."""

    provider: str
    model: str = ""
    remote_id: str
    extra: dict[str, Any] = Field(default_factory=dict)


class ProgressEvent(BaseModel):
    status: JobStatus
    raw_status: str = ""
    percent: float | None = None  # 0..100
    queue_position: int | None = None
    eta_seconds: float | None = None
    text: str | None = None  # live text (agent deltas, log lines)
    message: str | None = None  # the service's error message when failed
    data: dict[str, Any] = Field(default_factory=dict)  # the last raw payload
    # what results() will need after a restart (e.g. the asset ids a finished agent run
    # named): the queue merges it into the job's persisted handle `extra`
    keep: dict[str, Any] = Field(default_factory=dict)


class Output(BaseModel):
    """A downloadable result."""

    kind: str  # video | thumbnail | spritesheet | audio | text | subtitles | image
    url: str | None = None
    filename: str | None = None
    content_type: str | None = None
    expires_at: datetime | None = None
    same_origin: bool = True  # False: presigned/CDN URL that must never receive the key
    content: str | None = None  # inline text results (audio description text, subtitles)


ProgressCallback = Callable[[int, int | None], None]  # bytes done, total (if known)


class UploadResult(BaseModel):
    """A file now held by a service: the id to reference it by in later requests."""

    provider: str
    remote_id: str
    route: str = "direct"  # direct | multipart | signed_url
    size: int = 0
    data: dict[str, Any] = Field(default_factory=dict)


@runtime_checkable
class Uploader(Protocol):
    """Providers with Capability.UPLOAD: one way to put a local file on the service."""

    async def upload(self, path: Path, on_progress: ProgressCallback | None = None
                     ) -> UploadResult: ...


@runtime_checkable
class Provider(Protocol):
    """One cloud service. Extras beyond this (remix, assets, export, audio description …) are
    methods on the adapter, advertised through `capabilities`."""

    name: str  # "openai" | "shuttleai" | "tellers" | "viddyscribe" | "platform" | "animatic"
    display_name: str
    capabilities: frozenset[Capability]

    async def models(self) -> list[ModelInfo]: ...

    async def validate(self, request: GenerationRequest) -> BaseModel:
        """Validate a request against its model's parameter model; raise ValidationFailed
        naming the field and its allowed values. Sends nothing."""
        ...

    async def estimate_cost(self, request: GenerationRequest) -> CostEstimate: ...

    async def submit(self, request: GenerationRequest) -> RemoteHandle: ...

    def progress(self, handle: RemoteHandle) -> AsyncIterator[ProgressEvent]:
        """Yield events until the job finishes (the last event has a finished status)."""
        ...

    async def cancel(self, handle: RemoteHandle) -> bool:
        """Ask the service to stop; False when it has no cancel."""
        ...

    async def results(self, handle: RemoteHandle) -> list[Output]: ...

    async def download(
        self, output: Output, dest: Path, on_progress: ProgressCallback | None = None
    ) -> Path:
        """Stream an output to `dest` (via `dest.part`, resumable), return `dest`."""
        ...

    async def reconcile(
        self,
        request: GenerationRequest,
        submitted_after: float,
        exclude: frozenset[str] = frozenset(),
    ) -> RemoteHandle | None:
        """Find a job this request created, if the service lists its jobs (after a crash while
        submitting, or a create with no clear answer), skipping the remote ids in `exclude`
        (held by other jobs). None: not found. Raises NotImplementedError where the service
        has no list."""
        ...

    async def aclose(self) -> None: ...


class ProviderConfig(BaseModel):
    """How to reach one provider: built from settings + environment + secret store."""

    name: str
    base_url: str
    api_key: str | None = None
    concurrency: int = 2
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    poll_interval: float = 1.0  # used when the service gives no hint; tests set it low
    extra: dict[str, Any] = Field(default_factory=dict)

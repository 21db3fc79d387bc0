"""Shared pieces for queue tests: a project with shots, and a scripted in-process provider."""

from __future__ import annotations

import asyncio
import shutil
from collections import Counter
from pathlib import Path

from pydantic import BaseModel

from app.providers.base import (
    Capability,
    CostEstimate,
    GenerationRequest,
    JobStatus,
    ModelInfo,
    Output,
    ProgressEvent,
    RemoteHandle,
)
from app.providers.errors import ServiceError

TINY = {"width": 64, "height": 36, "fps": 8}


def make_project(studio, shots: int, *, duration: float = 1.0, provider: str = "animatic",
                 params: dict | None = None):
    """A project with `shots` shots; returns (project, [shot ids])."""
    project = studio.create_project("Film")
    doc = studio.open_project(project.id)
    doc.insert_shots(0, [doc.new_shot(title=f"S{i}", prompt=f"prompt {i}", duration=duration,
                                      provider=provider, params=dict(params or TINY))
                         for i in range(shots)])
    ids = doc.shots.ids()
    studio.document = None  # most tests run with the project closed
    return project, ids


class Params(BaseModel):
    seed: int | None = None


class Scripted:
    """An in-process provider with controllable timing, cost and failures. Prompts containing
    FAIL fail on the service with its message; the clip it returns is real."""

    capabilities = frozenset({Capability.TEXT_TO_VIDEO, Capability.CANCEL})
    display_name = "Scripted"

    def __init__(self, name: str, clip: Path, *, delay: float = 0.02, price: float = 0.10,
                 known: set[str] | None = None) -> None:
        self.name, self.clip, self.delay, self.price = name, clip, delay, price
        self.active = 0
        self.max_active = 0
        self.submits: Counter[str] = Counter()
        self.cancelled: list[str] = []
        self.known = known if known is not None else set()  # remote ids reconcile can find
        self.gate: asyncio.Event | None = None  # when set, jobs wait for it while running

    async def models(self):
        return [ModelInfo(id="m", name="M", params=Params)]

    async def validate(self, request: GenerationRequest):
        return Params.model_validate(request.params)

    async def estimate_cost(self, request):
        return CostEstimate(amount=self.price, basis="flat")

    async def submit(self, request: GenerationRequest) -> RemoteHandle:
        self.submits[request.prompt] += 1
        rid = f"{self.name}-{request.prompt}-{self.submits[request.prompt]}"
        return RemoteHandle(provider=self.name, model=request.model, remote_id=rid,
                            extra={"prompt": request.prompt})

    async def progress(self, handle: RemoteHandle):
        self.active += 1
        self.max_active = max(self.max_active, self.active)
        try:
            yield ProgressEvent(status=JobStatus.QUEUED, queue_position=2)
            await asyncio.sleep(self.delay)
            if self.gate is not None:
                await self.gate.wait()
            yield ProgressEvent(status=JobStatus.RUNNING, percent=50, eta_seconds=1)
            await asyncio.sleep(self.delay)
            if "FAIL" in handle.extra.get("prompt", ""):
                yield ProgressEvent(status=JobStatus.FAILED, raw_status="failed",
                                    message="content policy violation (moderation)")
                return
            yield ProgressEvent(status=JobStatus.SUCCEEDED, percent=100)
        finally:
            self.active -= 1

    async def cancel(self, handle):
        self.cancelled.append(handle.remote_id)
        return True

    async def results(self, handle):
        return [Output(kind="video", url="mem://" + handle.remote_id, filename="out.mp4")]

    async def download(self, output, dest, on_progress=None):
        if "BROKEN" in output.url:
            Path(dest).write_bytes(b"not a video at all")
        else:
            shutil.copyfile(self.clip, dest)
        return Path(dest)

    async def reconcile(
        self, request, submitted_after, exclude: frozenset[str] = frozenset()
    ):
        for rid in sorted(self.known - exclude):
            if f"-{request.prompt}-" in rid:
                return RemoteHandle(provider=self.name, model=request.model, remote_id=rid,
                                    extra={"prompt": request.prompt})
        return None

    async def aclose(self):
        pass


class Unlisted(Scripted):
    async def reconcile(
        self, request, submitted_after, exclude: frozenset[str] = frozenset()
    ):
        raise NotImplementedError


class Failing(Scripted):
    async def submit(self, request):
        raise ServiceError("the service is over capacity", provider=self.name, status=503)

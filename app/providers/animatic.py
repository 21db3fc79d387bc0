"""The built-in animatic "provider": a shot's card rendered locally with ffmpeg. No key, no
network, no cost — the default, so a storyboard can be cut before anything is paid for.

The remote id is derived from the request, so the same request always names the same file:
after a crash `reconcile` finds a render by looking for that file, and `progress` re-renders
(free and deterministic) whatever is missing."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.fsutil import atomic_copy
from app.media.animatic import AnimaticCard, render_card
from app.providers.base import (
    Capability,
    CostEstimate,
    GenerationRequest,
    JobStatus,
    ModelInfo,
    Output,
    ProgressCallback,
    ProgressEvent,
    ProviderConfig,
    RemoteHandle,
)
from app.providers.errors import NotFoundError, ServiceError, ValidationFailed
from app.providers.params import validation_failed

MODEL = "card"


class CardParams(BaseModel):
    """What the inspector shows for an animatic card."""

    model_config = ConfigDict(extra="ignore")

    width: int = Field(default=1280, ge=16, le=8192, multiple_of=2)
    height: int = Field(default=720, ge=16, le=8192, multiple_of=2)
    fps: float = Field(default=24, ge=1, le=120)
    duration: float = Field(default=4.0, ge=0.1, le=600)
    shot_number: int | str = 1
    title: str = ""
    shot_type: str = ""
    camera_move: str = ""


def _render_id(request: GenerationRequest) -> str:
    return hashlib.sha256(request.model_dump_json().encode()).hexdigest()[:24]


class Animatic:
    name = "animatic"
    display_name = "Animatic (offline)"
    capabilities = frozenset({Capability.TEXT_TO_VIDEO, Capability.IMAGE_TO_VIDEO,
                              Capability.CANCEL})

    def __init__(self, config: ProviderConfig | None = None) -> None:
        folder = (config.extra.get("cache_dir") if config else None)
        if folder is None:
            from app.paths import resolve_paths

            folder = resolve_paths().cache / "animatic"
        self.folder = Path(folder)
        # renders started by this process; keep references so they are not collected
        self._renders: dict[str, asyncio.Task[Path]] = {}
        self._requests: dict[str, GenerationRequest] = {}

    async def models(self) -> list[ModelInfo]:
        return [ModelInfo(id=MODEL, name="Animatic card", params=CardParams,
                          capabilities=self.capabilities,
                          description="The shot's text on a card, the shot's length.")]

    async def validate(self, request: GenerationRequest) -> BaseModel:
        if request.model != MODEL:
            raise ValidationFailed(f"unknown model {request.model!r}; the only model is {MODEL!r}",
                                   provider=self.name)
        try:
            return CardParams.model_validate(request.params)
        except ValidationError as exc:
            raise validation_failed(exc, self.name) from None

    async def estimate_cost(self, request: GenerationRequest) -> CostEstimate:
        return CostEstimate(amount=0.0, basis="rendered on this computer")

    def _path(self, remote_id: str) -> Path:
        return self.folder / f"{remote_id}.mp4"

    def _start(self, remote_id: str, request: GenerationRequest, params: CardParams) -> None:
        task = self._renders.get(remote_id)
        if task is not None and not task.done():
            return  # the same card is already being drawn
        image = next((i.path for i in request.inputs
                      if i.path and i.role in ("image", "reference", "first_frame")), None)
        card = AnimaticCard(shot_number=params.shot_number, title=params.title,
                            prompt=request.prompt, duration=params.duration,
                            shot_type=params.shot_type, camera_move=params.camera_move,
                            reference_image=Path(image) if image else None)
        self._renders[remote_id] = asyncio.create_task(render_card(
            card, self._path(remote_id), width=params.width, height=params.height,
            fps=params.fps))

    async def submit(self, request: GenerationRequest) -> RemoteHandle:
        params = await self.validate(request)
        remote_id = _render_id(request)
        self._requests[remote_id] = request
        if not self._path(remote_id).exists():
            self._start(remote_id, request, params)  # type: ignore[arg-type]
        # the request travels in the handle so a restarted process can render it again
        return RemoteHandle(provider=self.name, model=MODEL, remote_id=remote_id,
                            extra={"request": request.model_dump(mode="json")})

    async def progress(self, handle: RemoteHandle) -> AsyncIterator[ProgressEvent]:
        rid = handle.remote_id
        if not self._path(rid).exists() and rid not in self._renders:
            request = GenerationRequest.model_validate(handle.extra.get("request") or {})
            self._start(rid, request, await self.validate(request))  # type: ignore[arg-type]
        task = self._renders.get(rid)
        if task is not None and not task.done():
            yield ProgressEvent(status=JobStatus.RUNNING, raw_status="rendering")
            try:
                await asyncio.shield(task)
            except asyncio.CancelledError:
                if task.cancelled():
                    yield ProgressEvent(status=JobStatus.CANCELLED, raw_status="cancelled")
                    return
                raise
            except Exception as exc:  # noqa: BLE001 - the render's own error is the message
                yield ProgressEvent(status=JobStatus.FAILED, raw_status="failed",
                                    message=f"the card could not be rendered: {exc}")
                return
        if task is not None and task.cancelled():
            yield ProgressEvent(status=JobStatus.CANCELLED, raw_status="cancelled")
            return
        if task is not None and task.done() and task.exception():
            yield ProgressEvent(status=JobStatus.FAILED, raw_status="failed",
                                message=f"the card could not be rendered: {task.exception()}")
            return
        yield ProgressEvent(status=JobStatus.SUCCEEDED, raw_status="rendered", percent=100.0)

    async def cancel(self, handle: RemoteHandle) -> bool:
        task = self._renders.get(handle.remote_id)
        if task is None or task.done():
            return False
        task.cancel()
        return True

    async def results(self, handle: RemoteHandle) -> list[Output]:
        path = self._path(handle.remote_id)
        if not path.exists():
            raise NotFoundError("the rendered card is missing", provider=self.name)
        return [Output(kind="video", url=path.as_uri(), filename=path.name,
                       content_type="video/mp4")]

    async def download(self, output: Output, dest: Path,
                       on_progress: ProgressCallback | None = None) -> Path:
        if not output.url or not output.url.startswith("file://"):
            raise ServiceError(f"not a local render: {output.url}", provider=self.name)
        src = Path(url2pathname(urlparse(output.url).path))
        await asyncio.to_thread(atomic_copy, src, Path(dest))
        if on_progress is not None:
            size = Path(dest).stat().st_size
            on_progress(size, size)
        return Path(dest)

    async def reconcile(self, request: GenerationRequest, submitted_after: float,
                        exclude: frozenset[str] = frozenset()) -> RemoteHandle | None:
        rid = _render_id(request)
        if not self._path(rid).exists() or rid in exclude:
            return None
        return RemoteHandle(provider=self.name, model=MODEL, remote_id=rid,
                            extra={"request": request.model_dump(mode="json")})

    async def aclose(self) -> None:
        for task in self._renders.values():
            task.cancel()
        self._renders.clear()

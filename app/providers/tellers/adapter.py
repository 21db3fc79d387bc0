"""Tellers: a prompt-to-video agent answering over Server-Sent Events, plus assets and export.

The Protocol splits submit() from progress(), but the service does both in one request:
`GET /create?prompt=…` starts the (paid) agent run and streams its events. So the stream is
opened exactly once: submit() opens it and reads until the service names the conversation
(`chat_id`), keeps the live stream in a session keyed by that id, and progress() goes on
reading the same stream.

Resuming a dropped stream: the service documents no way to re-attach to a running response;
the only way back into a conversation is another `/create` call carrying its `chat_id`. That
continues the existing conversation instead of starting a new paid job, so that is what we do
(a bounded number of times). We send a short status request rather than the original prompt so
the agent is not asked to do the same work a second time. The same path resumes a job after
the app restarts (no live session, only the persisted handle).
"""

from __future__ import annotations

import json
import logging
import mimetypes
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import httpx
from pydantic import BaseModel, ConfigDict, Field
from pydantic import ValidationError as PydanticValidationError

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
    UploadResult,
)
from app.providers.errors import (
    AmbiguousSubmitError,
    NotReadyError,
    TransportError,
    ValidationFailed,
)
from app.providers.http import HttpClient, RetryPolicy, Sleep
from app.providers.params import validation_failed
from app.providers.tellers import assets
from app.providers.tellers.sse import SseEvent, iter_events
from app.providers.transfer import download as transfer_download

log = logging.getLogger(__name__)

RESULT_EVENT = "tellers.json_result"
TEXT_EVENTS = {
    "response.output_text.delta": "output",
    "response.reasoning_summary_text.delta": "reasoning",
}
RESUME_PROMPT = (
    "Continue the video you were making in this conversation and report its status; "
    "do not start over."
)
QUALITIES = ("480p", "720p", "1080p", "original")
_DONE = {"done", "completed", "complete", "succeeded", "success"}
_FAILED = {"failed", "error", "errored"}
_CANCELLED = {"cancelled", "canceled", "stopped"}


class AgentParams(BaseModel):
    """What the agent model takes besides the prompt (also the inspector's form)."""

    model_config = ConfigDict(extra="forbid")
    quality: Literal["480p", "720p", "1080p", "original"] = Field(
        "1080p", description="download quality of the finished video"
    )
    llm_model: str | None = Field(None, description="the agent's language model (optional)")
    asset_ids: list[str] = Field(default_factory=list, description="uploaded assets to use")
    chat_id: str | None = Field(
        None, description="continue this conversation (a revision of what it made)")


AGENT_MODEL = ModelInfo(
    id="agent",
    name="Tellers agent",
    params=AgentParams,
    kind="video",
    capabilities=frozenset({Capability.AGENT, Capability.TEXT_TO_VIDEO}),
    description="Describe the video; the agent edits stock footage and your uploaded assets.",
)


@dataclass
class _Session:
    """One agent run as this process sees it."""

    prompt: str
    llm_model: str | None = None
    chat_id: str | None = None
    stack: AsyncExitStack | None = None
    events: AsyncIterator[SseEvent] | None = None
    pending: list[ProgressEvent] = field(default_factory=list)
    last: dict[str, Any] | None = None  # the last json_result: the last event wins
    final: dict[str, Any] | None = None
    reconnects: int = 0


async def _single(event: SseEvent) -> AsyncIterator[SseEvent]:
    yield event


def _final_summary(payload: dict[str, Any]) -> dict[str, Any]:
    """The part of a finished run's result that results() reads: its message and assets."""
    assets_ = [{"id": str(a["id"]), "type": str(a.get("type", "video"))}
               for a in payload.get("assets") or [] if isinstance(a, dict) and a.get("id")]
    projects = [p for p in payload.get("projects") or [] if isinstance(p, (dict, str, int))]
    return {"status": str(payload.get("status")), "message": payload.get("message"),
            "assets": assets_, "projects": projects}


def _status_of(payload: dict[str, Any]) -> JobStatus:
    raw = str(payload.get("status") or "").lower()
    if raw in _DONE:
        return JobStatus.SUCCEEDED
    if raw in _FAILED:
        return JobStatus.FAILED
    if raw in _CANCELLED:
        return JobStatus.CANCELLED
    return JobStatus.RUNNING


class Tellers:
    name = "tellers"
    display_name = "Tellers"
    capabilities = frozenset(
        {Capability.AGENT, Capability.UPLOAD, Capability.EXPORT, Capability.CANCEL}
    )

    def __init__(
        self,
        config: ProviderConfig,
        *,
        retry: RetryPolicy | None = None,
        sleep: Sleep | None = None,
        multipart_threshold: int | None = None,
        part_size: int | None = None,
        max_reconnects: int = 3,
    ) -> None:
        self.config = config
        auth = {"x-api-key": config.api_key} if config.api_key else {}
        self._client = HttpClient.from_config(config, auth, retry=retry, sleep=sleep)
        extra = config.extra
        self.multipart_threshold = int(
            multipart_threshold or extra.get("multipart_threshold") or assets.MULTIPART_THRESHOLD
        )
        self.part_size = int(part_size or extra.get("part_size") or assets.PART_SIZE)
        self.max_reconnects = max_reconnects
        self._sessions: dict[str, _Session] = {}

    # -- Protocol: description ------------------------------------------------------------
    async def models(self) -> list[ModelInfo]:
        return [AGENT_MODEL]

    async def validate(self, request: GenerationRequest) -> AgentParams:
        if request.model != AGENT_MODEL.id:
            raise ValidationFailed(
                f"model {request.model!r} is not offered (only {AGENT_MODEL.id!r})",
                provider=self.name,
            )
        if not request.prompt.strip():
            raise ValidationFailed("prompt: describe the video you want", provider=self.name)
        try:
            return AgentParams.model_validate(request.params)
        except PydanticValidationError as exc:
            raise validation_failed(exc, self.name) from None

    async def estimate_cost(self, request: GenerationRequest) -> CostEstimate:
        return CostEstimate(
            amount=None,
            currency="credits",
            basis="Tellers charges credits per agent run, upload and export",
            billed_by_service=True,
        )

    # -- Protocol: the agent run --------------------------------------------------------
    async def submit(self, request: GenerationRequest) -> RemoteHandle:
        params = await self.validate(request)
        ids = [*params.asset_ids, *(i.remote_id for i in request.inputs if i.remote_id)]
        session = _Session(assets.prompt_with_assets(request.prompt, ids), params.llm_model,
                           params.chat_id)
        # a revision carries the conversation's id, yet is a new (paid) run all the same
        await self._open(session, resume=False, continuing=params.chat_id is not None)
        try:
            while session.chat_id is None:
                event = await self._next_event(session)
                if event is None:
                    break
                session.pending.append(event)
                if event.status.finished:
                    break
        except (httpx.TransportError, TransportError) as exc:
            await self._close_stream(session)
            # the run may have started (and be billed) but we cannot name it to resume it
            raise AmbiguousSubmitError(
                f"the stream dropped before the service named the conversation ({exc})",
                provider=self.name,
            ) from exc
        if session.chat_id is None:
            await self._close_stream(session)
            if session.final is None:
                raise AmbiguousSubmitError(
                    "the stream ended before the service named the conversation",
                    provider=self.name,
                )
            session.chat_id = f"local-{uuid.uuid4()}"  # finished at once: nothing to resume
        self._sessions[session.chat_id] = session
        return RemoteHandle(
            provider=self.name,
            model=request.model,
            remote_id=session.chat_id,
            extra={"quality": params.quality, "llm_model": params.llm_model},
        )

    async def progress(self, handle: RemoteHandle) -> AsyncIterator[ProgressEvent]:
        session = self._sessions.get(handle.remote_id)
        if session is None:  # after a restart: only the persisted handle is left
            if handle.remote_id.startswith("local-"):
                raise NotReadyError("this run's result was not kept", provider=self.name)
            session = _Session(RESUME_PROMPT, handle.extra.get("llm_model"), handle.remote_id)
            self._sessions[handle.remote_id] = session
        while session.pending:
            event = session.pending.pop(0)
            yield event
            if event.status.finished:
                await self._close_stream(session)
                return
        while True:
            if session.events is None:
                await self._reconnect(session)
            try:
                event = await self._next_event(session)
            except (httpx.TransportError, TransportError) as exc:
                log.info("tellers: stream for %s dropped (%s)", session.chat_id, exc)
                event = None
            if event is not None:
                yield event
                if event.status.finished:
                    await self._close_stream(session)
                    return
                continue
            await self._close_stream(session)  # ended or dropped before "done"

    async def cancel(self, handle: RemoteHandle) -> bool:
        if handle.remote_id.startswith("local-"):
            return False
        await self._client.request("DELETE", f"/agent/response/{handle.remote_id}")
        session = self._sessions.get(handle.remote_id)
        if session is not None:
            await self._close_stream(session)
        return True

    async def results(self, handle: RemoteHandle) -> list[Output]:
        session = self._sessions.get(handle.remote_id)
        final = session.final if session else None
        if final is None:  # after a restart: what the finished run named, kept in the handle
            final = handle.extra.get("final") if isinstance(handle.extra.get("final"),
                                                            dict) else None
        if final is None:
            raise NotReadyError(
                "the agent has not finished this video yet", provider=self.name
            )
        outputs: list[Output] = []
        if final.get("message"):
            outputs.append(Output(kind="text", content=str(final["message"])))
        videos = [
            str(a["id"])
            for a in final.get("assets") or []
            if isinstance(a, dict) and a.get("id") and a.get("type", "video") == "video"
        ]
        if videos:
            quality = handle.extra.get("quality") or "original"
            urls = await assets.download_urls(self._client, videos, quality)
            for asset_id in videos:
                outputs.append(
                    Output(
                        kind="video",
                        url=urls[asset_id],
                        filename=f"{asset_id}.mp4",
                        content_type="video/mp4",
                        same_origin=False,  # download URLs are fetched without the key
                    )
                )
        return outputs

    async def download(
        self, output: Output, dest: Path, on_progress: ProgressCallback | None = None
    ) -> Path:
        if output.url is None:
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(output.content or "", encoding="utf-8")
            return dest
        return await transfer_download(
            self._client, output.url, dest, same_origin=False, on_progress=on_progress
        )

    async def reconcile(
        self,
        request: GenerationRequest,
        submitted_after: float,
        exclude: frozenset[str] = frozenset(),
    ) -> RemoteHandle | None:
        raise NotImplementedError("Tellers does not list agent runs")

    async def aclose(self) -> None:
        for session in self._sessions.values():
            await self._close_stream(session)
        await self._client.aclose()

    # -- extras: assets, files, tasks, export ----------------------------------------
    async def upload(self, path: Path, on_progress: ProgressCallback | None = None
                     ) -> UploadResult:
        """The Uploader entry point: the asset's type follows the file's kind."""
        kind = (mimetypes.guess_type(Path(path).name)[0] or "video/").split("/")[0]
        asset = await self.upload_asset(path, kind if kind in ("video", "audio", "image")
                                        else "video", on_progress)
        return UploadResult(provider=self.name, remote_id=asset.asset_id, size=asset.size,
                            route="multipart" if asset.multipart else "direct",
                            data=asset.model_dump(exclude={"raw"}))

    async def upload_asset(
        self,
        path: Path,
        file_type: str = "video",
        on_progress: ProgressCallback | None = None,
    ) -> assets.UploadedAsset:
        return await assets.upload_asset(
            self._client,
            Path(path),
            file_type,
            on_progress,
            multipart_threshold=self.multipart_threshold,
            part_size=self.part_size,
        )

    @staticmethod
    def prompt_with_assets(prompt: str, asset_ids: list[str]) -> str:
        return assets.prompt_with_assets(prompt, asset_ids)

    async def list_files(
        self, path: str = "", limit: int = 50, page: int = 0
    ) -> list[dict[str, Any]]:
        return await assets.list_files(self._client, path, limit, page)

    async def tasks(self) -> list[assets.TaskInfo]:
        return await assets.tasks(self._client)

    async def asset_output(self, asset_id: str, quality: str = "original") -> Output:
        """The download of one asset the account holds (a task's result, a listed file)."""
        urls = await assets.download_urls(self._client, [asset_id], quality)
        return Output(kind="video", url=urls[asset_id], filename=f"{asset_id}.mp4",
                      content_type="video/mp4", same_origin=False)

    async def check_connection(self) -> str:
        """A harmless authenticated read (the account's task list)."""
        count = len(await assets.tasks(self._client))
        return f"connected ({count} task{'s' if count != 1 else ''} on the account)"

    async def export_project(
        self,
        project_id: str,
        renditions: list[str],
        dest: Path,
        *,
        on_task: Any = None,
        on_progress: ProgressCallback | None = None,
    ) -> Path:
        """Render a project server-side, wait for the task, download the result to `dest`."""
        started = await assets.start_export(self._client, project_id, renditions)
        task_id, asset_id = str(started["task_id"]), str(started["asset_id"])
        await assets.wait_task(
            self._client, task_id, poll_interval=self.config.poll_interval, on_update=on_task
        )
        quality = renditions[0] if renditions[0] in QUALITIES else "original"
        urls = await assets.download_urls(self._client, [asset_id], quality)
        return await transfer_download(
            self._client, urls[asset_id], dest, same_origin=False, on_progress=on_progress
        )

    # -- the stream ----------------------------------------------------------------------
    async def _open(self, session: _Session, *, resume: bool, continuing: bool = False) -> None:
        params: dict[str, str] = {"prompt": session.prompt}
        if (resume or continuing) and session.chat_id:
            params["chat_id"] = session.chat_id
        if session.llm_model:
            params["llm_model"] = session.llm_model
        stack = AsyncExitStack()
        try:
            resp = await stack.enter_async_context(
                self._client.stream(
                    "GET",
                    "/create",
                    params=params,
                    headers={"Accept": "text/event-stream"},
                    # a new run is paid work: never re-sent blindly; a resume is not a new run
                    idempotent=resume,
                )
            )
            if "event-stream" in resp.headers.get("content-type", ""):
                events: AsyncIterator[SseEvent] = iter_events(resp.aiter_text())
            else:  # a server answering the final result as plain JSON
                body = (await resp.aread()).decode("utf-8", "replace")
                events = _single(SseEvent(RESULT_EVENT, body))
        except BaseException:
            await stack.aclose()
            raise
        session.stack, session.events = stack, events

    async def _reconnect(self, session: _Session) -> None:
        while True:
            if session.reconnects >= self.max_reconnects:
                raise TransportError(
                    f"the agent stream kept dropping (conversation {session.chat_id}); "
                    "it can be resumed later",
                    provider=self.name,
                )
            session.reconnects += 1
            await self._client.sleep(self._client.retry.backoff(session.reconnects))
            session.prompt = RESUME_PROMPT
            try:
                await self._open(session, resume=True)
                return
            except TransportError as exc:
                log.info("tellers: reconnect %d failed: %s", session.reconnects, exc)

    async def _close_stream(self, session: _Session) -> None:
        stack, session.stack, session.events = session.stack, None, None
        if stack is not None:
            try:
                await stack.aclose()
            except (httpx.HTTPError, OSError):
                pass  # closing a dropped connection

    async def _next_event(self, session: _Session) -> ProgressEvent | None:
        """The next event worth reporting; None at the end of the stream."""
        assert session.events is not None
        while True:
            try:
                sse = await anext(session.events)
            except StopAsyncIteration:
                return None
            event = self._to_progress(session, sse)
            if event is not None:
                return event

    def _to_progress(self, session: _Session, sse: SseEvent) -> ProgressEvent | None:
        if sse.event in TEXT_EVENTS:
            try:
                delta = json.loads(sse.data).get("delta", "")
            except (ValueError, AttributeError):
                delta = sse.data  # tolerate a bare text delta
            return ProgressEvent(
                status=JobStatus.RUNNING,
                raw_status=sse.event,
                text=str(delta),
                data={"stream": TEXT_EVENTS[sse.event]},
            )
        if sse.event not in (RESULT_EVENT, "message"):
            return None  # unknown event names are ignored
        try:
            payload = json.loads(sse.data)
        except ValueError:
            return None
        if isinstance(payload, list):  # a plain-JSON answer holding several results
            payload = next((p for p in reversed(payload) if isinstance(p, dict)), None)
        if not isinstance(payload, dict) or "status" not in payload:
            return None
        if payload.get("chat_id"):
            session.chat_id = session.chat_id or str(payload["chat_id"])
        session.last = payload
        status = _status_of(payload)
        keep: dict[str, Any] = {}
        if status is JobStatus.SUCCEEDED:
            session.final = payload
            # what results() needs once this process (and its session) is gone
            keep = {"chat_id": session.chat_id, "final": _final_summary(payload)}
        message = payload.get("message") or payload.get("error")
        return ProgressEvent(
            keep=keep,
            status=status,
            raw_status=str(payload.get("status")),
            percent=assets.normalise_percent(payload.get("progress")),
            message=str(message) if message and status is JobStatus.FAILED else None,
            text=str(message) if message and status is not JobStatus.FAILED else None,
            data=payload,
        )

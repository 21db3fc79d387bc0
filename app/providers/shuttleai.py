"""ShuttleAI video generations: a JSON job create, status polling, and the finished video on a
CDN (another origin, so it never receives the key) with the service's own content endpoint as
the fallback when the CDN link fails. The service lists no jobs and has no cancel."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from app.providers import pricing, transfer
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
from app.providers.errors import (
    NotFoundError,
    NotReadyError,
    ProviderError,
    UnknownStatusError,
    ValidationFailed,
)
from app.providers.finished_answers import FinishedAnswers
from app.providers.http import HttpClient
from app.providers.params import check_prompt, validation_failed

SIDES = (480, 720, 854, 1080, 1280, 1920)
MAX_SECONDS = 20
PROMPT_MAX = 4000  # not documented; a bound so a pasted novel is refused locally
STATUS = {
    "queued": JobStatus.QUEUED,
    "preprocessing": JobStatus.QUEUED,
    "processing": JobStatus.RUNNING,
    "running": JobStatus.RUNNING,
    "succeeded": JobStatus.SUCCEEDED,
    "completed": JobStatus.SUCCEEDED,  # what the create answer may say
    "failed": JobStatus.FAILED,
}
MAX_UNKNOWN_POLLS = 60  # "unknown" is a real status; it must not be waited on forever


def map_status(raw: str | None) -> JobStatus:
    return STATUS.get(str(raw or "").strip().lower(), JobStatus.UNKNOWN)


class ShuttleParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    width: int = Field(1280, json_schema_extra={"enum": list(SIDES)})
    height: int = Field(720, json_schema_extra={"enum": list(SIDES)})
    n_seconds: int = Field(
        5, description="clip length", json_schema_extra={"minimum": 1, "maximum": MAX_SECONDS}
    )

    @field_validator("width", "height")
    @classmethod
    def _side(cls, value: int) -> int:
        if value not in SIDES:
            raise ValueError(f"must be one of {', '.join(map(str, SIDES))} (got {value})")
        return value

    @field_validator("n_seconds")
    @classmethod
    def _seconds(cls, value: int) -> int:
        if not 1 <= value <= MAX_SECONDS:
            raise ValueError(f"must be between 1 and {MAX_SECONDS} (got {value})")
        return value


class ShuttleAI:
    name = "shuttleai"
    display_name = "ShuttleAI Video"
    capabilities = frozenset({Capability.TEXT_TO_VIDEO, Capability.COST_QUOTE})

    def __init__(self, config: ProviderConfig, **http_kw: Any) -> None:
        self.config = config
        auth = {"Authorization": f"Bearer {config.api_key}"} if config.api_key else {}
        self._http = HttpClient.from_config(config, auth, **http_kw)
        # CDN URL → the content endpoint of the same generation, for download() to fall back to
        self._fallback: dict[str, str] = {}
        self._finished = FinishedAnswers()

    async def models(self) -> list[ModelInfo]:
        return [
            ModelInfo(
                "sora",
                "Sora (via ShuttleAI)",
                ShuttleParams,
                capabilities=frozenset({Capability.TEXT_TO_VIDEO}),
                prompt_max=PROMPT_MAX,
            )
        ]

    async def validate(self, request: GenerationRequest) -> ShuttleParams:
        if request.model not in ("", "sora"):
            raise ValidationFailed(
                f"model {request.model!r} is not offered (only 'sora')", provider=self.name
            )
        check_prompt(request.prompt, self.name, PROMPT_MAX)
        if request.inputs:
            raise ValidationFailed("this service takes no input files", provider=self.name)
        try:
            return ShuttleParams.model_validate(request.params)
        except ValidationError as exc:
            raise validation_failed(exc, self.name) from None

    async def estimate_cost(self, request: GenerationRequest) -> CostEstimate:
        try:
            params = ShuttleParams.model_validate(request.params)
        except ValidationError as exc:
            raise validation_failed(exc, self.name) from None
        rate = pricing.shuttleai_rate(params.width, params.height)
        if rate is None:
            return CostEstimate(amount=None, basis="no published price", billed_by_service=True)
        side = max(params.width, params.height)
        return CostEstimate(
            amount=round(rate * params.n_seconds, 4),
            currency=pricing.currency("shuttleai"),
            basis=f"${rate:.2f}/s × {params.n_seconds} s at {side}p",
        )

    async def submit(self, request: GenerationRequest) -> RemoteHandle:
        params = await self.validate(request)
        body = {"prompt": request.prompt, "model": "sora", **params.model_dump()}
        resp = await self._http.request(
            "POST", "/video/generations/jobs", json=body, idempotent=False
        )
        job = resp.json()
        return RemoteHandle(
            provider=self.name,
            model="sora",
            remote_id=str(job["id"]),
            extra={"status": job.get("status"), "created_at": job.get("created_at")},
        )

    async def job(self, job_id: str) -> dict[str, Any]:
        return (await self._http.request("GET", f"/video/generations/jobs/{job_id}")).json()

    async def check_connection(self) -> str:
        """The service has no account endpoint: ask for a job that does not exist. A wrong
        key is refused (401) before the lookup; "not found" means the key was accepted."""
        try:
            await self.job("reelroom-connection-check")
        except NotFoundError:
            return "connected"
        return "connected"

    def _event(self, job: dict[str, Any]) -> ProgressEvent:
        raw = str(job.get("status") or "")
        status = map_status(raw)
        message = None
        if status is JobStatus.FAILED:
            err = job.get("error") or job.get("failure_reason") or job.get("message")
            if isinstance(err, dict):
                err = err.get("message") or err.get("code")
            message = str(err) if err else "the service reported the job as failed"
        return ProgressEvent(
            status=status,
            raw_status=raw,
            percent=100.0 if status is JobStatus.SUCCEEDED else None,
            message=message,
            data=job,
        )

    async def progress(self, handle: RemoteHandle) -> AsyncIterator[ProgressEvent]:
        unknown = 0
        while True:
            job = await self.job(handle.remote_id)
            event = self._event(job)
            if event.status is JobStatus.SUCCEEDED:
                self._finished.keep(handle.remote_id, job)
            yield event
            if event.status.finished:
                return
            unknown = unknown + 1 if event.status is JobStatus.UNKNOWN else 0
            if unknown >= MAX_UNKNOWN_POLLS:
                raise UnknownStatusError(
                    f"job {handle.remote_id} stayed in status {event.raw_status!r} for "
                    f"{unknown} polls",
                    provider=self.name,
                )
            await self._http.sleep(self.config.poll_interval)

    async def cancel(self, handle: RemoteHandle) -> bool:
        return False

    async def results(self, handle: RemoteHandle) -> list[Output]:
        job = self._finished.take(handle.remote_id)
        if job is None:  # not just seen finished by a poll of ours: ask
            job = await self.job(handle.remote_id)
        event = self._event(job)
        if event.status is not JobStatus.SUCCEEDED:
            raise NotReadyError(
                event.message or f"job {handle.remote_id} is {event.raw_status}",
                provider=self.name,
            )
        outputs: list[Output] = []
        for gen in job.get("generations") or []:
            gen_id = str(gen.get("id") or "")
            name = f"{gen_id or handle.remote_id}.mp4"
            content = (
                self._http.url(f"/video/generations/{gen_id}/content/video") if gen_id else None
            )
            cdn = (gen.get("output") or {}).get("video_url")
            if cdn:
                outputs.append(
                    Output(
                        kind="video",
                        url=cdn,
                        filename=name,
                        content_type="video/mp4",
                        same_origin=self._http.is_own_origin(cdn),
                    )
                )
                if content:
                    self._fallback[cdn] = content
            if content:
                outputs.append(
                    Output(
                        kind="video",
                        url=content,
                        filename=name,
                        content_type="video/mp4",
                        same_origin=True,
                    )
                )
        if not outputs:
            raise NotReadyError("the job succeeded but named no video", provider=self.name)
        return outputs

    async def download(
        self, output: Output, dest: Path, on_progress: ProgressCallback | None = None
    ) -> Path:
        if not output.url:
            raise NotReadyError("this output has no download URL", provider=self.name)
        try:
            return await transfer.download(
                self._http,
                output.url,
                dest,
                same_origin=output.same_origin,
                on_progress=on_progress,
            )
        except ProviderError:
            fallback = self._fallback.get(output.url)
            if fallback is None:
                raise
            # the CDN link expired or failed: the same bytes come from the service itself
            transfer.part_path(dest).unlink(missing_ok=True)
            return await transfer.download(
                self._http, fallback, dest, same_origin=True, on_progress=on_progress
            )

    async def reconcile(
        self,
        request: GenerationRequest,
        submitted_after: float,
        exclude: frozenset[str] = frozenset(),
    ) -> RemoteHandle | None:
        raise NotImplementedError("ShuttleAI has no endpoint listing jobs")

    async def aclose(self) -> None:
        await self._http.aclose()

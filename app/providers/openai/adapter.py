"""OpenAI Videos (Sora 2): multipart create, polling with the server's `openai-poll-after-ms`
hint, cursor-paged history (which also reconciles a create that got no answer), remix, and the
three downloadable variants of a finished video.

The hosted `/videos` API is announced as retired; a 404/410 on the collection endpoints is
reported as RetiredError so the user learns to point the base URL at a compatible host, while a
404 on one video id still means that video is gone.
"""

from __future__ import annotations

import mimetypes
import re
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from pydantic import ValidationError

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
    NotReadyError,
    ProviderError,
    RetiredError,
    UnknownStatusError,
    ValidationFailed,
)
from app.providers.finished_answers import FinishedAnswers
from app.providers.http import HttpClient, default_error, service_message
from app.providers.openai.params import (
    PROMPT_MAX,
    SoraParams,
)
from app.providers.params import check_prompt, validation_failed

STATUS = {  # every documented status (the seed's SDK docs also name `processing`)
    "queued": JobStatus.QUEUED,
    "in_progress": JobStatus.RUNNING,
    "processing": JobStatus.RUNNING,
    "completed": JobStatus.SUCCEEDED,
    "failed": JobStatus.FAILED,
    "cancelled": JobStatus.CANCELLED,
}
VARIANTS = {  # variant → (file suffix, content type)
    "video": (".mp4", "video/mp4"),
    "thumbnail": (".webp", "image/webp"),
    "spritesheet": (".jpg", "image/jpeg"),
}
IMAGE_ROLES = ("image", "first_frame", "reference")
REMIX_ROLE = "remix"  # an input naming the video a remix starts from, by its id
# A status this adapter does not know reads as still running, but only for so long: after this
# many seconds of nothing but unknown statuses the job is reported, not waited on forever.
MAX_UNKNOWN_SECONDS = 30 * 60
# How far back (seconds) reconcile looks past `submitted_after`: clocks of client and server
# differ, and created_at is whole seconds.
RECONCILE_SLACK = 120


def _datetime(ts: Any) -> datetime | None:
    try:
        return datetime.fromtimestamp(float(ts), UTC) if ts is not None else None
    except (TypeError, ValueError, OverflowError):
        return None


class OpenAIVideos:
    name = "openai"
    display_name = "OpenAI Videos (Sora 2)"
    capabilities = frozenset(
        {
            Capability.TEXT_TO_VIDEO,
            Capability.IMAGE_TO_VIDEO,
            Capability.REMIX,
            Capability.HISTORY,
            Capability.COST_QUOTE,
        }
    )

    def __init__(self, config: ProviderConfig, **http_kw: Any) -> None:
        """`http_kw` goes to HttpClient (tests pass `retry=` and `sleep=`)."""
        self.config = config
        auth = {"Authorization": f"Bearer {config.api_key}"} if config.api_key else {}
        for header in ("OpenAI-Organization", "OpenAI-Project"):
            if config.extra.get(header):
                auth[header] = str(config.extra[header])
        self._http = HttpClient.from_config(config, auth, error_parser=self._error, **http_kw)
        self._collection = httpx.URL(self._http.url("/videos")).path.rstrip("/")
        self._finished = FinishedAnswers()

    # -- errors --------------------------------------------------------------------------
    def _error(self, resp: httpx.Response) -> ProviderError | None:
        path = resp.request.url.path.rstrip("/")
        if resp.status_code in (404, 410) and path == self._collection:
            said, code = service_message(resp)
            return RetiredError(
                "the hosted Sora Videos API has been retired (or this host does not offer it): "
                f"{said}",
                provider=self.name,
                status=resp.status_code,
                code=code,
            )
        return default_error(resp, self.name)

    # -- catalogue, validation, price ----------------------------------------------------
    async def models(self) -> list[ModelInfo]:
        caps = frozenset({Capability.TEXT_TO_VIDEO, Capability.IMAGE_TO_VIDEO, Capability.REMIX})
        return [
            ModelInfo("sora-2", "Sora 2", SoraParams, capabilities=caps, prompt_max=PROMPT_MAX),
            ModelInfo(
                "sora-2-pro", "Sora 2 Pro", SoraParams, capabilities=caps, prompt_max=PROMPT_MAX
            ),
        ]

    async def validate(self, request: GenerationRequest) -> SoraParams:
        if not request.model.strip():
            raise ValidationFailed("model must be named (e.g. sora-2)", provider=self.name)
        offered = [m.id for m in await self.models()]
        if not _offered(request.model, offered):
            raise ValidationFailed(
                f"model {request.model!r} is not offered (offered: {', '.join(offered)}, or a "
                "dated snapshot of one, like sora-2-2025-10-06)",
                provider=self.name,
            )
        check_prompt(request.prompt, self.name, PROMPT_MAX)
        try:
            params = SoraParams.model_validate(request.params)
        except ValidationError as exc:
            raise validation_failed(exc, self.name) from None
        images = [i for i in request.inputs if i.role in IMAGE_ROLES]
        remix = [i for i in request.inputs if i.role == REMIX_ROLE]
        if remix:
            if len(remix) > 1 or not remix[0].remote_id:
                raise ValidationFailed("a remix starts from exactly one video id",
                                       provider=self.name)
            if images:
                raise ValidationFailed("a remix takes only a prompt: no input_reference "
                                       "image", provider=self.name)
        if len(images) > 1:
            raise ValidationFailed("only one input_reference image is allowed", provider=self.name)
        for item in images:
            if item.url or item.remote_id:
                continue  # a reference the service fetches itself: sent as JSON
            if not item.path or not Path(item.path).is_file():
                raise ValidationFailed(
                    f"input_reference image not found: {item.path}", provider=self.name
                )
        return params

    async def estimate_cost(self, request: GenerationRequest) -> CostEstimate:
        params = await self.validate(request)
        rate = pricing.openai_rate(request.model, params.size)
        if rate is None:
            return CostEstimate(amount=None, basis="no published price", billed_by_service=True)
        return CostEstimate(
            amount=round(rate * params.seconds, 4),
            currency=pricing.currency("openai"),
            basis=f"${rate:.2f}/s × {params.seconds} s at {params.size}",
        )

    # -- jobs ----------------------------------------------------------------------------
    def _handle(self, video: dict[str, Any], model: str = "") -> RemoteHandle:
        return RemoteHandle(
            provider=self.name,
            model=str(video.get("model") or model),
            remote_id=str(video["id"]),
            extra={"status": video.get("status"), "created_at": video.get("created_at")},
        )

    async def submit(self, request: GenerationRequest) -> RemoteHandle:
        params = await self.validate(request)
        source = _remix_source(request)
        if source is not None:  # POST /videos/{id}/remix: the source's length and size
            handle = await self.remix(source, request.prompt)
            return handle.model_copy(update={"model": handle.model or request.model})
        image = next((i for i in request.inputs if i.role in IMAGE_ROLES), None)
        if image is not None and (image.url or image.remote_id) and not image.path:
            # An image the service already has (an uploaded file) or can fetch (a URL) goes as
            # the spec's JSON reference object: exactly one of image_url / file_id.
            ref = {"file_id": image.remote_id} if image.remote_id else {"image_url": image.url}
            body = {
                "prompt": request.prompt,
                "model": request.model,
                "seconds": str(params.seconds),
                "size": params.size,
                "input_reference": ref,
            }
            resp = await self._http.request("POST", "/videos", json=body, idempotent=False)
            return self._handle(resp.json(), request.model)
        # The official SDK always sends multipart; (None, value) parts carry plain fields.
        parts: list[tuple[str, Any]] = [
            ("prompt", (None, request.prompt)),
            ("model", (None, request.model)),
            ("seconds", (None, str(params.seconds))),  # a string on the wire
            ("size", (None, params.size)),
        ]
        fh = None
        try:
            if image is not None and image.path:
                path = Path(image.path)
                kind = image.content_type or mimetypes.guess_type(path.name)[0]
                fh = path.open("rb")  # httpx streams it and rewinds it on a retry
                parts.append(("input_reference", (path.name, fh, kind or "image/png")))
            resp = await self._http.request("POST", "/videos", files=parts, idempotent=False)
        finally:
            if fh is not None:
                fh.close()
        return self._handle(resp.json(), request.model)

    async def retrieve(self, video_id: str) -> tuple[dict[str, Any], httpx.Response]:
        resp = await self._http.request("GET", f"/videos/{video_id}")
        return resp.json(), resp

    def _event(self, video: dict[str, Any]) -> ProgressEvent:
        raw = str(video.get("status") or "")
        status = STATUS.get(raw, JobStatus.UNKNOWN)
        percent = video.get("progress")
        error = video.get("error") or {}
        message = None
        if status is JobStatus.FAILED:
            message = (error.get("message") if isinstance(error, dict) else str(error)) or (
                "the service reported the video as failed without a reason"
            )
        return ProgressEvent(
            status=status,
            raw_status=raw,
            percent=100.0 if status is JobStatus.SUCCEEDED else _percent(percent),
            message=message,
            data=video,
        )

    async def progress(self, handle: RemoteHandle) -> AsyncIterator[ProgressEvent]:
        unknown_since: float | None = None
        limit = float(self.config.extra.get("max_unknown_seconds") or MAX_UNKNOWN_SECONDS)
        while True:
            video, resp = await self.retrieve(handle.remote_id)
            event = self._event(video)
            if event.status is JobStatus.UNKNOWN:
                unknown_since = unknown_since if unknown_since is not None else time.monotonic()
                if time.monotonic() - unknown_since >= limit:
                    raise UnknownStatusError(
                        f"video {handle.remote_id} kept a status this version does not know "
                        f"({event.raw_status!r}) for {limit:g} s",
                        provider=self.name,
                    )
                # not a state of its own: the job is still on its way
                event = event.model_copy(update={"status": JobStatus.RUNNING})
            else:
                unknown_since = None
            if event.status is JobStatus.SUCCEEDED:
                self._finished.keep(handle.remote_id, video)
            yield event
            if event.status.finished:
                return
            await self._http.sleep(self._poll_delay(resp))

    def _poll_delay(self, resp: httpx.Response) -> float:
        hint = resp.headers.get("openai-poll-after-ms")
        try:
            return max(0.0, float(hint) / 1000.0) if hint else self.config.poll_interval
        except ValueError:
            return self.config.poll_interval

    async def cancel(self, handle: RemoteHandle) -> bool:
        return False  # the API has no cancel; deleting a running video is not the same thing

    async def results(self, handle: RemoteHandle) -> list[Output]:
        video = self._finished.take(handle.remote_id)
        if video is None:  # not just seen finished by a poll of ours: ask
            video, _ = await self.retrieve(handle.remote_id)
        if video.get("status") != "completed":
            event = self._event(video)
            raise NotReadyError(
                event.message or f"video {handle.remote_id} is {event.raw_status}",
                provider=self.name,
            )
        expires = _datetime(video.get("expires_at"))
        outputs = []
        for variant, (suffix, content_type) in VARIANTS.items():
            url = self._http.url(f"/videos/{handle.remote_id}/content?variant={variant}")
            outputs.append(
                Output(
                    kind=variant,
                    url=url,
                    filename=f"{handle.remote_id}{'' if variant == 'video' else '.' + variant}"
                    f"{suffix}",
                    content_type=content_type,
                    expires_at=expires,
                    same_origin=True,
                )
            )
        return outputs

    async def download(
        self, output: Output, dest: Path, on_progress: ProgressCallback | None = None
    ) -> Path:
        if not output.url:
            raise NotReadyError(f"{output.kind} has no download URL", provider=self.name)
        return await transfer.download(
            self._http, output.url, dest, same_origin=output.same_origin, on_progress=on_progress
        )

    # -- extras: history and remix -------------------------------------------------------
    async def list_videos(
        self, limit: int = 20, order: str = "desc"
    ) -> AsyncIterator[dict[str, Any]]:
        """Every video in the account, page by page (`after` = the last id of a page)."""
        after: str | None = None
        while True:
            params: dict[str, Any] = {"limit": max(1, min(100, limit)), "order": order}
            if after:
                params["after"] = after
            page = (await self._http.request("GET", "/videos", params=params)).json()
            data = page.get("data") or []
            for video in data:
                yield video
            after = page.get("last_id") or (data[-1].get("id") if data else None)
            if not page.get("has_more") or not data or not after:
                return

    async def videos_page(self, *, after: str | None = None, limit: int = 20
                          ) -> tuple[list[dict[str, Any]], str | None]:
        """One page of GET /videos (newest first) and the `after` of the next page, None at
        the end (`has_more` false)."""
        params: dict[str, Any] = {"limit": max(1, min(100, limit)), "order": "desc"}
        if after:
            params["after"] = after
        page = (await self._http.request("GET", "/videos", params=params)).json()
        data = [v for v in page.get("data") or [] if isinstance(v, dict)]
        last = page.get("last_id") or (data[-1].get("id") if data else None)
        return data, (str(last) if page.get("has_more") and data and last else None)

    async def thumbnail(self, video_id: str) -> bytes:
        """The service's poster image (`variant=thumbnail`, image/webp)."""
        resp = await self._http.request("GET", f"/videos/{video_id}/content",
                                        params={"variant": "thumbnail"})
        return resp.content

    def content_output(self, video: dict[str, Any]) -> Output:
        """The downloadable video of a listed video object (an import from history)."""
        return Output(kind="video", url=self._http.url(f"/videos/{video['id']}/content"),
                      filename=f"{video['id']}.mp4", content_type="video/mp4", same_origin=True)

    async def check_connection(self) -> str:
        """A harmless authenticated read (one listed video at most)."""
        await self._http.request("GET", "/videos", params={"limit": 1})
        return "connected"

    async def delete_video(self, video_id: str) -> bool:
        resp = await self._http.request("DELETE", f"/videos/{video_id}")
        return bool(resp.json().get("deleted", True))

    async def remix(self, video_id: str, prompt: str) -> RemoteHandle:
        check_prompt(prompt, self.name, PROMPT_MAX)
        resp = await self._http.request(
            "POST", f"/videos/{video_id}/remix", json={"prompt": prompt}, idempotent=False
        )
        return self._handle(resp.json())

    async def reconcile(
        self,
        request: GenerationRequest,
        submitted_after: float,
        exclude: frozenset[str] = frozenset(),
    ) -> RemoteHandle | None:
        params = await self.validate(request)
        async for video in self.list_videos(limit=50, order="desc"):
            created = float(video.get("created_at") or 0)
            if created < submitted_after - RECONCILE_SLACK:
                return None  # newest first: everything further is older still
            if created + 1 < submitted_after:  # created_at is truncated to whole seconds
                continue
            if str(video.get("id")) in exclude:
                continue  # another job's video
            source = _remix_source(request)
            if source is not None:  # a remix: the one made from that video with this prompt
                if (video.get("remixed_from_video_id") == source
                        and video.get("prompt") == request.prompt):
                    return self._handle(video, request.model)
                continue
            if (
                video.get("prompt") == request.prompt
                and video.get("model") == request.model
                and str(video.get("seconds")) == str(params.seconds)
                and video.get("size") == params.size
            ):
                return self._handle(video, request.model)
        return None

    async def aclose(self) -> None:
        await self._http.aclose()


_SNAPSHOT = re.compile(r"-\d{4}-\d{2}-\d{2}$")


def _remix_source(request: GenerationRequest) -> str | None:
    """The video id a remix request starts from (an input of role "remix"); None otherwise."""
    return next((i.remote_id for i in request.inputs if i.role == REMIX_ROLE and i.remote_id),
                None)


def _offered(model: str, offered: list[str]) -> bool:
    """A catalog id, or a dated snapshot of one (`sora-2-2025-10-06`)."""
    return model in offered or _SNAPSHOT.sub("", model) in offered


def _percent(value: Any) -> float | None:
    try:
        return max(0.0, min(100.0, float(value))) if value is not None else None
    except (TypeError, ValueError):
        return None

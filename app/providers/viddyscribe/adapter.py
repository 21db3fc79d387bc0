"""ViddyScribe: audio description (text, narration track, or narrated video) of a video.

A job is: upload the video (direct multipart up to 32 MB, otherwise a signed storage URL the
file is PUT to, then verified), generate (one of three endpoints), poll get_results. Signed
result URLs live 15 minutes; a download that finds one expired asks get_results for a fresh
one and retries once.
"""

from __future__ import annotations

import json
import logging
import mimetypes
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import httpx
from pydantic import BaseModel, Field
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
    AuthError,
    NotFoundError,
    NotReadyError,
    PaymentError,
    ProviderError,
    RateLimitedError,
    ServiceError,
    TooLargeError,
    UnsupportedMediaError,
    ValidationFailed,
)
from app.providers.http import HttpClient, RetryPolicy, Sleep, retry_after_seconds
from app.providers.params import validation_failed
from app.providers.transfer import download as transfer_download
from app.providers.transfer import put_presigned
from app.providers.viddyscribe.params import KINDS, DescribeParams

log = logging.getLogger(__name__)

# "≤ 32 MB" read as decimal megabytes: a file between 32 MB and 32 MiB then takes the
# signed-URL path, which always works, instead of risking a refused direct upload.
DIRECT_UPLOAD_LIMIT = 32_000_000
SIGNED_URL_LIFETIME = timedelta(minutes=15)
NOT_READY_RETRIES = 10  # upload verification still running: the service says retry shortly
VIDEO_EXTENSIONS = frozenset(
    ".mp4 .m4v .mov .qt .webm .mkv .avi .wmv .flv .mpg .mpeg .m2v .ts .mts .m2ts .3gp .3g2 "
    ".ogv .mxf .vob".split()
)
_STATUS = {
    "queued": JobStatus.QUEUED,
    "pending": JobStatus.QUEUED,
    "processing": JobStatus.RUNNING,
    "running": JobStatus.RUNNING,
    "done": JobStatus.SUCCEEDED,
    "completed": JobStatus.SUCCEEDED,
    "failed": JobStatus.FAILED,
    "error": JobStatus.FAILED,
}


class MediaInfo(BaseModel):
    media_id: str
    status: str = ""
    duration_seconds: float | None = None
    frame_rate: float | None = None
    raw: dict[str, Any] = Field(default_factory=dict)


MODELS = [
    ModelInfo(
        id=kind,
        name=f"Audio description — {label}",
        params=DescribeParams,
        kind="description",
        capabilities=frozenset({Capability.AUDIO_DESCRIPTION}),
        description=desc,
    )
    for kind, label, desc in (
        ("text", "text", "Timed description text (json, vtt, srt or edl)"),
        ("audio", "audio track", "A narration track to mix under the video"),
        ("video", "narrated video", "The video with its audio description mixed in"),
    )
]


# -- is it a video? -----------------------------------------------------------------------


def _sniff(head: bytes) -> str | None:
    """"video" | "audio" | "image" | "text" from a file's first bytes; None: cannot tell."""
    if len(head) >= 12 and head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"M4A ", b"M4B ", b"M4P "):
            return "audio"
        if brand in (b"heic", b"heix", b"avif", b"mif1"):
            return "image"
        return "video"
    if head.startswith(b"\x1a\x45\xdf\xa3") or head.startswith(b"\x00\x00\x01\xba"):
        return "video"
    if head.startswith(b"RIFF") and len(head) >= 12:
        return {b"AVI ": "video", b"WAVE": "audio", b"WEBP": "image"}.get(head[8:12])
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*")):
        return "image"
    if head.startswith((b"ID3", b"fLaC", b"\xff\xfb", b"\xff\xf3")):
        return "audio"
    if head and b"\x00" not in head:
        try:
            head.decode("utf-8")
            return "text"
        except UnicodeDecodeError:
            pass
    return None


def check_video(path: Path, provider: str = "viddyscribe") -> Path:
    """Refuse, before any request, a file that is clearly not a video: it would be uploaded
    (maybe 32 MB of it) only to be refused with no_video_stream."""
    path = Path(path)
    if not path.is_file():
        raise ValidationFailed(f"{path} does not exist or is not a file", provider=provider)
    with open(path, "rb") as fh:
        head = fh.read(4096)
    found = _sniff(head)
    mime = mimetypes.guess_type(path.name)[0] or ""
    named_video = path.suffix.lower() in VIDEO_EXTENSIONS or mime.startswith("video/")
    if found in ("audio", "image", "text") or (found is None and not named_video) or not head:
        what = f"it looks like {found}" if found else "it is not a known video type"
        if not head:
            what = "it is empty"
        raise ValidationFailed(
            f"{path.name} is not a video ({what}); audio description needs a video file",
            provider=provider,
            hint="Choose a video file (for example .mp4, .mov, .webm).",
        )
    return path


# -- errors ---------------------------------------------------------------------------------


def parse_error(resp: httpx.Response, provider: str = "viddyscribe") -> ProviderError | None:
    """Map the documented error payloads (a `code`, or an `error` naming it, and a message)
    to typed errors. None: not a shape we know, the default mapping applies."""
    try:
        body = resp.json()
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    err = body.get("error")
    code = body.get("code") or body.get("error_code")
    if isinstance(err, dict):
        code = code or err.get("code")
        message = err.get("message")
    else:
        message = body.get("message") or body.get("detail")
        if isinstance(err, str):
            if code is None and err.replace("_", "").isalpha() and err.islower():
                code = err  # {"error": "file_too_large", "message": …}
            elif message is None:
                message = err
    message = str(message or code or resp.reason_phrase)
    status = resp.status_code
    kw: dict[str, Any] = {"provider": provider, "status": status, "code": code}
    if status == 429:
        return RateLimitedError(message, retry_after=retry_after_seconds(resp), **kw)
    if status == 400:
        return ValidationFailed(message, **kw)
    if status == 401:
        return AuthError(message, **kw)
    if status == 403:
        if code in ("video_too_long", "file_too_large"):
            return TooLargeError(message, **kw)
        return PaymentError(
            message, hint="Your ViddyScribe plan does not allow this; check its limits.", **kw
        )
    if status == 404:
        return NotFoundError(message, **kw)
    if status == 409:
        if code == "upload_failed":
            return UnsupportedMediaError(
                message, hint="Upload verification failed: re-upload the video.", **kw
            )
        return NotReadyError(
            message, hint="The upload is still being verified; retry shortly.", **kw
        )
    if status == 415:
        return UnsupportedMediaError(
            message, hint="The file has no video stream; choose a file with video.", **kw
        )
    if status >= 500:
        return ServiceError(message, **kw)
    return None


# -- the adapter ------------------------------------------------------------------------------


class ViddyScribe:
    name = "viddyscribe"
    display_name = "ViddyScribe"
    capabilities = frozenset({Capability.AUDIO_DESCRIPTION, Capability.UPLOAD})

    def __init__(
        self,
        config: ProviderConfig,
        *,
        retry: RetryPolicy | None = None,
        sleep: Sleep | None = None,
        direct_upload_limit: int | None = None,
    ) -> None:
        self.config = config
        auth = {"X-API-Key": config.api_key} if config.api_key else {}
        self._client = HttpClient.from_config(
            config, auth, retry=retry, sleep=sleep, error_parser=self._parse_error
        )
        self.direct_upload_limit = int(
            direct_upload_limit or config.extra.get("direct_upload_limit") or DIRECT_UPLOAD_LIMIT
        )
        self._signed: dict[str, tuple[str, str]] = {}  # signed URL → (job id, output kind)

    def _parse_error(self, resp: httpx.Response) -> ProviderError | None:
        # storage origins answer in their own shapes (an expired signature is a 403 there,
        # not a plan restriction): the default mapping is right for them
        if not self._client.is_own_origin(resp.request.url):
            return None
        return parse_error(resp, self.name)

    # -- description ------------------------------------------------------------------
    async def models(self) -> list[ModelInfo]:
        return list(MODELS)

    async def validate(self, request: GenerationRequest) -> DescribeParams:
        if request.model not in KINDS:
            raise ValidationFailed(
                f"model {request.model!r} is not one of {', '.join(KINDS)}", provider=self.name
            )
        try:
            params = DescribeParams.model_validate(request.params)
        except PydanticValidationError as exc:
            raise validation_failed(exc, self.name) from None
        sources = [i for i in request.inputs if i.path or i.url or i.remote_id]
        if len(sources) != 1:
            raise ValidationFailed("give exactly one video to describe", provider=self.name)
        if sources[0].path:
            check_video(Path(sources[0].path), self.name)
        return params

    async def estimate_cost(self, request: GenerationRequest) -> CostEstimate:
        return CostEstimate(
            amount=None, basis="ViddyScribe bills per plan allocation", billed_by_service=True
        )

    # -- uploads ----------------------------------------------------------------------
    def upload_route(self, path: Path) -> Literal["direct", "signed_url"]:
        """How a file will be uploaded; callers say so up front for big files."""
        return "signed_url" if Path(path).stat().st_size > self.direct_upload_limit else "direct"

    async def upload(self, path: Path, on_progress: ProgressCallback | None = None
                     ) -> UploadResult:
        """The Uploader entry point (direct up to the limit, signed URL beyond it)."""
        route = self.upload_route(Path(path))
        media = await self.upload_media(path, on_progress)
        return UploadResult(provider=self.name, remote_id=media.media_id, route=route,
                            size=Path(path).stat().st_size,
                            data=media.model_dump(exclude={"raw"}))

    async def upload_media(
        self, path: Path, on_progress: ProgressCallback | None = None
    ) -> MediaInfo:
        path = check_video(Path(path), self.name)
        if self.upload_route(path) == "signed_url":
            return await self._upload_signed(path, on_progress)
        size = path.stat().st_size
        content_type = mimetypes.guess_type(path.name)[0] or "video/mp4"
        with open(path, "rb") as fh:  # httpx streams the part from the file in chunks
            resp = await self._client.request(
                "POST",
                "upload_media",
                data={"input": json.dumps({"type": "file"})},
                files={"file": (path.name, fh, content_type)},
                idempotent=False,
            )
        if on_progress is not None:
            on_progress(size, size)
        return self._media(resp.json())

    async def upload_url(self, url: str, filename: str | None = None) -> MediaInfo:
        source: dict[str, Any] = {"type": "url", "url": url}
        if filename:
            source["filename"] = filename
        resp = await self._client.request(
            "POST", "upload_media", json={"input": source}, idempotent=False
        )
        return self._media(resp.json())

    async def _upload_signed(self, path: Path, on_progress: ProgressCallback | None) -> MediaInfo:
        content_type = mimetypes.guess_type(path.name)[0] or "video/mp4"
        resp = await self._client.request(
            "POST",
            "upload_media",
            json={"input": {"type": "signed_url", "filename": path.name,
                            "content_type": content_type}},
            idempotent=False,
        )
        slot = resp.json()
        media_id, gcs_path = str(slot["media_id"]), slot["gcs_path"]
        # the signature covers the Content-Type: it must match what was announced
        await put_presigned(self._client, slot["upload_url"], path, content_type, on_progress)
        ids = {"media_id": media_id, "gcs_path": gcs_path}
        await self._client.request("POST", "notify_upload_complete", json=ids)
        while True:
            status = (await self._client.request("GET", "get_upload_status", params=ids)).json()
            state = str(status.get("upload_status") or "").lower()
            if state == "completed":
                break
            if state in ("failed", "error"):
                raise UnsupportedMediaError(
                    str(status.get("error") or status.get("message") or "upload failed"),
                    provider=self.name,
                    code="upload_failed",
                    hint="Upload verification failed: re-upload the video.",
                )
            await self._client.sleep(self.config.poll_interval)
        canonical = status.get("canonical_media_id") or media_id
        return MediaInfo(
            media_id=str(canonical),
            status="completed",
            duration_seconds=status.get("duration_seconds"),
            frame_rate=status.get("frame_rate"),
            raw={**slot, **status},
        )

    @staticmethod
    def _media(body: dict[str, Any]) -> MediaInfo:
        return MediaInfo(
            media_id=str(body["media_id"]),
            status=str(body.get("status") or ""),
            duration_seconds=body.get("duration_seconds"),
            frame_rate=body.get("frame_rate"),
            raw=body,
        )

    # -- generation -------------------------------------------------------------------
    async def generate(
        self, kind: str, media_id: str, params: DescribeParams
    ) -> dict[str, Any]:
        """Start a job; waits out `upload_not_ready` (a refusal, so safe to repeat)."""
        body = {
            "input": {"type": "media_id", "media_id": media_id},
            "generation_config": params.wire(),
        }
        for attempt in range(NOT_READY_RETRIES + 1):
            try:
                resp = await self._client.request("POST", KINDS[kind], json=body, idempotent=False)
                return resp.json()
            except NotReadyError as exc:
                if exc.code != "upload_not_ready" or attempt == NOT_READY_RETRIES:
                    raise
                await self._client.sleep(max(self.config.poll_interval, 0.01) * (attempt + 1))
        raise AssertionError("unreachable")

    async def submit(self, request: GenerationRequest) -> RemoteHandle:
        params = await self.validate(request)
        source = next(i for i in request.inputs if i.path or i.url or i.remote_id)
        if source.remote_id:
            media_id = source.remote_id
        elif source.url:
            media_id = (await self.upload_url(source.url)).media_id
        else:
            media_id = (await self.upload_media(Path(source.path or ""))).media_id
        job = await self.generate(request.model, media_id, params)
        return RemoteHandle(
            provider=self.name,
            model=request.model,
            remote_id=str(job["job_id"]),
            extra={"media_id": str(job.get("media_id") or media_id), "format": params.format},
        )

    async def get_results(self, job_id: str) -> dict[str, Any]:
        return (await self._client.request("GET", "get_results", params={"job_id": job_id})).json()

    async def check_connection(self) -> str:
        """The service has no account endpoint: ask for a job that does not exist. A wrong
        key is refused (401) before the lookup; "not found" means the key was accepted."""
        try:
            await self.get_results("reelroom-connection-check")
        except NotFoundError:
            return "connected"
        return "connected"

    async def progress(self, handle: RemoteHandle) -> AsyncIterator[ProgressEvent]:
        while True:
            body = await self.get_results(handle.remote_id)
            raw = str(body.get("status") or "")
            status = _STATUS.get(raw.lower(), JobStatus.UNKNOWN)
            failed = status is JobStatus.FAILED
            yield ProgressEvent(
                status=status,
                raw_status=raw,
                percent=body.get("progress") if isinstance(body.get("progress"), int | float)
                else None,
                message=str(body.get("error") or body.get("error_code") or "") if failed
                else None,
                data=body,
            )
            if status.finished:
                return
            await self._client.sleep(self.config.poll_interval)

    async def cancel(self, handle: RemoteHandle) -> bool:
        return False  # the service has no cancel

    async def results(self, handle: RemoteHandle) -> list[Output]:
        body = await self.get_results(handle.remote_id)
        raw = str(body.get("status") or "").lower()
        if _STATUS.get(raw) is JobStatus.FAILED:
            raise ServiceError(
                str(body.get("error") or "the job failed"),
                provider=self.name,
                code=body.get("error_code"),
            )
        if _STATUS.get(raw) is not JobStatus.SUCCEEDED:
            raise NotReadyError(f"job {handle.remote_id} is {raw or 'not done'}", provider=self.name)
        return self._outputs(handle, body)

    def _outputs(self, handle: RemoteHandle, body: dict[str, Any]) -> list[Output]:
        job = handle.remote_id
        fmt = str(handle.extra.get("format") or "json")
        outputs: list[Output] = []
        output = body.get("output")
        if isinstance(output, dict) and "content" in output:
            fmt = str(output.get("format") or fmt)
            outputs.append(self._text(job, fmt, str(output["content"])))
        elif isinstance(output, dict | list):
            outputs.append(self._text(job, "json", json.dumps(output, indent=2)))
        elif isinstance(output, str):
            outputs.append(self._text(job, fmt, output))
        elif isinstance(body.get("items"), list):  # older pages: items[{start,end,text}]
            outputs.append(self._text(job, "json", json.dumps({"items": body["items"]}, indent=2)))
        if body.get("result_url"):
            url = str(body["result_url"])
            outputs.append(
                Output(kind="text", url=url, filename=f"{job}.{fmt}",
                       same_origin=self._client.is_own_origin(url))
            )
        expires = datetime.now(UTC) + SIGNED_URL_LIFETIME
        for kind, key, ext, ctype in (
            ("video", "video_signed_url", ".mp4", "video/mp4"),
            ("audio", "audio_signed_url", ".mp3", "audio/mpeg"),
        ):
            url = body.get(key)
            if not url:
                continue
            self._signed[url] = (job, key)
            suffix = Path(httpx.URL(url).path).suffix or ext
            outputs.append(
                Output(kind=kind, url=url, filename=f"{job}{suffix}", content_type=ctype,
                       expires_at=expires, same_origin=False)
            )
        return outputs

    @staticmethod
    def _text(job: str, fmt: str, content: str) -> Output:
        kind = "subtitles" if fmt in ("vtt", "srt") else "text"
        ctype = {"vtt": "text/vtt", "srt": "application/x-subrip", "json": "application/json"}
        return Output(kind=kind, filename=f"{job}.{fmt}", content=content,
                      content_type=ctype.get(fmt, "text/plain"))

    async def download(
        self, output: Output, dest: Path, on_progress: ProgressCallback | None = None
    ) -> Path:
        if output.url is None:
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(output.content or "", encoding="utf-8")
            return dest
        url = output.url
        refreshable = url in self._signed
        if refreshable and output.expires_at and output.expires_at <= datetime.now(UTC):
            url = await self._fresh_url(url)
        try:
            return await transfer_download(
                self._client, url, dest, same_origin=output.same_origin, on_progress=on_progress
            )
        except ProviderError as exc:
            if exc.status != 403 or not refreshable:
                raise
            log.info("viddyscribe: signed URL refused (%s); asking for a fresh one", exc)
        url = await self._fresh_url(url)
        return await transfer_download(
            self._client, url, dest, same_origin=False, on_progress=on_progress
        )

    async def _fresh_url(self, old: str) -> str:
        job, key = self._signed[old]
        body = await self.get_results(job)
        new = body.get(key)
        if not new:
            raise NotFoundError("the service no longer offers this result", provider=self.name)
        self._signed[new] = (job, key)
        return str(new)

    async def reconcile(
        self,
        request: GenerationRequest,
        submitted_after: float,
        exclude: frozenset[str] = frozenset(),
    ) -> RemoteHandle | None:
        raise NotImplementedError("ViddyScribe does not list jobs")

    async def aclose(self) -> None:
        await self._client.aclose()


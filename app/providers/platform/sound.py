"""The studio platform's sound and words (seeds/studio-platform.txt, "Audio, Subtitles & TTS"),
as queue jobs on the Platform adapter: music/SFX, TTS narration, Whisper subtitles, their
translation, and burning them into a video.

Each job is a `GenerationRequest` whose `model` names the job (these are not in the model
catalog, so a shot's model picker never offers them):

| model                 | endpoint                       | body                                   |
|-----------------------|--------------------------------|----------------------------------------|
| `audio`               | POST /api/generate-audio       | {prompt, duration_seconds, tags}       |
| `tts`                 | POST /api/tts/generate         | {text, voice_id, speed}                |
| `subtitles`           | POST /api/subtitles/generate   | {video_filename, language}             |
| `subtitles-translate` | POST /api/subtitles/translate  | {srt_filename, target_language}        |
| `subtitles-burn`      | POST /api/subtitles/burn       | {video_filename, srt_filename, style}  |

Prices are the seed's (8 credits per 30 s of audio, 6 a minute of speech, both pro-rated and
rounded up to whole credits as the platform rounds its video formula; 5 for Whisper and for a
translation); burning has no published price, so it is shown as billed by the service.
TTS needs the Creator tier, translation Pro: the platform's 403 becomes a message naming the
tier. Answers have no published schema: a create may answer with a `job_id` (polled through
/api/status like a generation) or at once with its file; both are read, under the names such
services use (`audio_filename`, `srt_filename`, `filename`, …).

A video a subtitle job needs is named by the file the platform holds; one it does not hold (a
take made elsewhere, or the exported film) is uploaded first to `/api/upload-video`. That path
is NOT in the seed, which documents no way to put a video on the platform; a platform without
it answers 404, which is said in those words."""

from __future__ import annotations

import mimetypes
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.providers.base import (
    CostEstimate,
    GenerationRequest,
    JobStatus,
    Output,
    ProgressEvent,
    RemoteHandle,
)
from app.providers.errors import (
    NotFoundError,
    NotReadyError,
    PaymentError,
    ProviderError,
    ServiceError,
    ValidationFailed,
)
from app.providers.params import validation_failed
from app.providers.platform.session import PlatformSession


class SoundSession(PlatformSession):
    """What the sound jobs run on: the adapter's session, and its plain /api/status polling
    (its `progress` hands sound jobs back here)."""

    def poll(self, handle: RemoteHandle) -> AsyncIterator[ProgressEvent]: ...

PROVIDER = "platform"
WORDS_PER_MINUTE = 150  # speech at speed 1.0, to price TTS before its length is known
TIERS = ("free", "starter", "creator", "pro", "studio", "enterprise")
STYLES = ("default", "bold-yellow", "minimal")
VIDEO_UPLOAD_PATH = "/api/upload-video"  # not in the seed: see the module docstring
_FILE_KEYS = ("audio_filename", "tts_filename", "srt_filename", "subtitle_filename",
              "output_filename", "filename", "video_filename", "file", "output")


class _Params(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AudioParams(_Params):
    duration_seconds: float = Field(30.0, ge=1, le=240,
                                    description="Length (s); 240 s is Reelroom's bound")
    tags: str = Field("", max_length=300, description="Style tags, comma separated")


class TtsParams(_Params):
    voice_id: str = Field(min_length=1, description="Voice")
    speed: float = Field(1.0, ge=0.5, le=2.0, description="Speed ×")


class SubtitleParams(_Params):
    language: str = Field("en", pattern=r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$",
                          description="Spoken language (ISO 639-1, e.g. en)")


class TranslateParams(_Params):
    srt_filename: str = Field(min_length=1)
    target_language: str = Field(pattern=r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$",
                                 description="Translate into (ISO 639-1, e.g. fr)")


class BurnParams(_Params):
    srt_filename: str = Field(min_length=1)
    style: Literal["default", "bold-yellow", "minimal"] = Field("default", description="Style")


class SoundJob(BaseModel):
    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    model: str
    label: str
    path: str
    params: type[_Params]
    needs_text: bool = False  # the request's prompt is the text (audio prompt / TTS text)
    needs_video: bool = False
    tier: str | None = None  # lowest tier allowed, from the seed
    gives: Literal["audio", "subtitles", "video"] = "audio"


JOBS: dict[str, SoundJob] = {j.model: j for j in (
    SoundJob(model="audio", label="Music / sound effects", path="/api/generate-audio",
             params=AudioParams, needs_text=True),
    SoundJob(model="tts", label="Text to speech", path="/api/tts/generate", params=TtsParams,
             needs_text=True, tier="creator"),
    SoundJob(model="subtitles", label="Subtitles (Whisper)", path="/api/subtitles/generate",
             params=SubtitleParams, needs_video=True, gives="subtitles"),
    SoundJob(model="subtitles-translate", label="Subtitle translation",
             path="/api/subtitles/translate", params=TranslateParams, tier="pro",
             gives="subtitles"),
    SoundJob(model="subtitles-burn", label="Burn subtitles", path="/api/subtitles/burn",
             params=BurnParams, needs_video=True, gives="video"),
)}  # fmt: skip


def is_sound_job(model: str) -> bool:
    return model in JOBS


def job(model: str) -> SoundJob:
    try:
        return JOBS[model]
    except KeyError:
        raise ValidationFailed(f"{model!r} is not a platform sound job ({', '.join(JOBS)})",
                               provider=PROVIDER) from None


def tier_name(tier: str) -> str:
    return tier.strip().capitalize() or "unknown"


def speech_seconds(text: str, speed: float) -> float:
    """How long `text` takes to say: what TTS is priced on before it has a length."""
    return max(1.0, len(text.split()) / WORDS_PER_MINUTE * 60 / speed)


def _pro_rated(per: int, unit: float, seconds: float) -> int:
    # in hundredths first, so 30 s × 8/30 is exactly 8, not 8.000001 rounded up to 9
    return max(1, -(-round(per * 100 * seconds / unit) // 100))


def price(request: GenerationRequest, params: BaseModel) -> CostEstimate:
    spec = job(request.model)
    if spec.model == "audio":
        s = params.duration_seconds  # type: ignore[attr-defined]
        credits = _pro_rated(8, 30, s)
        return CostEstimate(amount=credits, currency="credits",
                            basis=f"published price: 8 credits per 30 s × {s:g} s (pro-rated, "
                                  f"rounded up) = {credits} credits")
    if spec.model == "tts":
        speed = params.speed  # type: ignore[attr-defined]
        s = speech_seconds(request.prompt, speed)
        credits = _pro_rated(6, 60, s)
        words = len(request.prompt.split())
        return CostEstimate(amount=credits, currency="credits",
                            basis=f"published price: 6 credits a minute; {words} words at "
                                  f"{speed:g}× are about {s:.0f} s of speech = {credits} credits")
    if spec.model in ("subtitles", "subtitles-translate"):
        return CostEstimate(amount=5, currency="credits", basis="published price: 5 credits flat")
    return CostEstimate(amount=None, currency="credits", billed_by_service=True,
                        basis="the platform publishes no price for burning subtitles")


def file_name(data: Any) -> str | None:
    """The file an answer (a create answered at once, or a finished /api/status) names."""
    if not isinstance(data, dict):
        return None
    for key in _FILE_KEYS:
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


class PlatformSound:
    """The sound and words jobs, on the Platform adapter's own HTTP client and job polling."""

    def __init__(self, platform: SoundSession) -> None:
        self.platform = platform

    # -- before sending -------------------------------------------------------------------
    def validate(self, request: GenerationRequest) -> BaseModel:
        spec = job(request.model)
        try:
            params = spec.params.model_validate(request.params)
        except ValidationError as exc:
            raise validation_failed(exc, PROVIDER) from None
        if spec.needs_text:
            what = "text" if spec.model == "tts" else "prompt"
            if not request.prompt.strip():
                raise ValidationFailed(f"{what}: required", provider=PROVIDER)
            limit = 5000 if spec.model == "tts" else 2000
            if len(request.prompt) > limit:
                raise ValidationFailed(f"{what}: at most {limit} characters (got "
                                       f"{len(request.prompt)})", provider=PROVIDER)
        if spec.needs_video:
            video = next((i for i in request.inputs if i.role == "video"), None)
            if video is None or not (video.remote_id or video.path):
                raise ValidationFailed(f"{spec.label} needs a video: a take, or the exported "
                                       "film", provider=PROVIDER)
            if video.path and not video.remote_id and not Path(video.path).is_file():
                raise ValidationFailed(f"{video.path} does not exist", provider=PROVIDER)
        return params

    def estimate(self, request: GenerationRequest) -> CostEstimate:
        return price(request, self.validate(request))

    async def voices(self) -> list[tuple[str, str]]:
        """(voice id, description) of every TTS voice the platform offers."""
        data = (await self.platform.http.request("GET", "/api/tts/voices")).json()
        items = data.get("voices", data.get("data", [])) if isinstance(data, dict) else data
        out = []
        for item in items if isinstance(items, list) else []:
            if isinstance(item, str):
                out.append((item, item))
            elif isinstance(item, dict):
                vid = item.get("voice_id") or item.get("id") or item.get("name")
                if vid:
                    out.append((str(vid), str(item.get("description") or item.get("name")
                                              or item.get("label") or vid)))
        return out

    # -- sending ----------------------------------------------------------------------------
    async def submit(self, request: GenerationRequest) -> RemoteHandle:
        spec = job(request.model)
        params = self.validate(request)
        body: dict[str, Any] = {}
        if spec.model == "audio":
            body = {"prompt": request.prompt, **params.model_dump()}
            if isinstance(body["duration_seconds"], float) and body["duration_seconds"].is_integer():
                body["duration_seconds"] = int(body["duration_seconds"])
        elif spec.model == "tts":
            body = {"text": request.prompt, **params.model_dump()}
        else:
            body = params.model_dump()
            if spec.needs_video:
                body = {"video_filename": await self._video_name(request), **body}
        try:
            # a paid create: never re-sent once it may have reached the server
            resp = await self.platform.http.request("POST", spec.path, json=body,
                                                    idempotent=False)
        except ProviderError as exc:
            raise self._tier_said(spec, exc) from exc
        answer = resp.json() if resp.content else {}
        extra: dict[str, Any] = {"kind": spec.gives, "sound_job": spec.model,
                                 "submitted_at": time.time(), "sent": body}
        name = file_name(answer)
        job_id = answer.get("job_id") if isinstance(answer, dict) else None
        if name and not job_id:
            extra["file"] = name
            remote = f"{spec.model}:{name}"
        elif job_id:
            extra["job_ids"] = [str(job_id)]
            remote = str(job_id)
        else:
            raise ServiceError(f"{spec.label}: the platform answered without a job or a file: "
                               f"{resp.text[:200]}", provider=PROVIDER)
        return RemoteHandle(provider=PROVIDER, model=spec.model, remote_id=remote, extra=extra)

    def _tier_said(self, spec: SoundJob, exc: ProviderError) -> ProviderError:
        """A 403 on a tier-limited job, in words that name the tier it needs."""
        if spec.tier is None or exc.status != 403:
            return exc
        return PaymentError(
            f"{spec.label} needs the {tier_name(spec.tier)} plan or higher on the studio "
            f"platform (it said: {exc.message})",
            provider=PROVIDER, status=403, code="tier",
            hint=f"Upgrade to {tier_name(spec.tier)} on the platform's website, then try "
                 "again; nothing was charged.")

    async def _video_name(self, request: GenerationRequest) -> str:
        video = next(i for i in request.inputs if i.role == "video")
        if video.remote_id:
            return video.remote_id
        return await self.upload_video(Path(video.path or ""))

    async def upload_video(self, path: Path) -> str:
        """Put a local video on the platform (see the module docstring); its file name."""
        ctype = mimetypes.guess_type(path.name)[0] or "video/mp4"
        try:
            with open(path, "rb") as fh:
                # not paid: a re-sent upload only leaves a spare file on the server
                resp = await self.platform.http.request(
                    "POST", VIDEO_UPLOAD_PATH, files={"video": (path.name, fh, ctype)})
        except NotFoundError as exc:
            raise NotFoundError(
                f"this platform has no video upload ({VIDEO_UPLOAD_PATH} answered 404), so "
                "it can only caption videos it made", provider=PROVIDER, status=404,
                hint="Choose a take generated on the platform.") from exc
        name = file_name(resp.json() if resp.content else {})
        if not name:
            raise ServiceError("the video upload answer named no file", provider=PROVIDER)
        return name

    # -- after sending ---------------------------------------------------------------------
    async def progress(self, handle: RemoteHandle) -> AsyncIterator[ProgressEvent]:
        if handle.extra.get("file"):
            yield ProgressEvent(status=JobStatus.SUCCEEDED, raw_status="completed",
                                percent=100.0)
            return
        async for event in self.platform.poll(handle):
            name = file_name(event.data) if event.status is JobStatus.SUCCEEDED else None
            if name:
                event = event.model_copy(update={"keep": {**event.keep, "file": name}})
            yield event

    async def results(self, handle: RemoteHandle) -> list[Output]:
        name = handle.extra.get("file")
        if not name:
            for job_id in handle.extra.get("job_ids") or [handle.remote_id]:
                event = await self.platform.status(str(job_id))
                if event.status is not JobStatus.SUCCEEDED:
                    raise NotReadyError(f"job {job_id} is {event.raw_status or 'unfinished'}",
                                        provider=PROVIDER)
                name = file_name(event.data)
        if not name:
            raise ServiceError(f"{job(handle.model).label} finished without a file",
                               provider=PROVIDER)
        return [self.output(str(name), job(handle.model).gives)]

    def output(self, name: str, gives: str) -> Output:
        http = self.platform.http
        if gives == "subtitles":
            stem = name[:-4] if name.lower().endswith(".srt") else name
            url = http.url(f"/api/subtitles/{quote(stem, safe='')}.srt")
            return Output(kind="subtitles", url=url, filename=f"{Path(stem).name}.srt",
                          content_type="application/x-subrip")
        kind = "audio" if gives == "audio" else "video"
        return Output(kind=kind, url=http.url(f"/api/{kind}/{quote(name, safe='')}"),
                      filename=name, content_type=mimetypes.guess_type(name)[0])

    async def reconcile(self, request: GenerationRequest, submitted_after: float,
                        exclude: frozenset[str] = frozenset()) -> RemoteHandle | None:
        """Only music has a history to look in (/api/audio-generations); the others cannot be
        checked, so the job is left for the user to look at."""
        if request.model != "audio":
            raise NotImplementedError(f"the platform lists no {job(request.model).label} jobs")
        from app.providers.platform.account import history_items

        data = (await self.platform.http.request("GET", "/api/audio-generations")).json()
        for item in history_items(data):
            rid = str(item.job_id or item.id)
            if item.prompt != request.prompt or rid in exclude:
                continue
            if item.created_at is not None and item.created_at.timestamp() < submitted_after - 5:
                continue
            extra: dict[str, Any] = {"kind": "audio", "sound_job": "audio",
                                     "job_ids": [rid]}
            if item.filename:
                extra["file"] = item.filename
            return RemoteHandle(provider=PROVIDER, model="audio", remote_id=rid, extra=extra)
        return None

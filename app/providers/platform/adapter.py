"""The studio platform (seeds/studio-platform.txt): a ComfyUI-backed service whose base URL the
user supplies. Generation, polling, cost, history and account live here; the catalog, prices
and answer parsing are in the modules beside it in this package. The edit, project and
prompt endpoints are in their own modules, running on this adapter's `self.http` (edits and
projects through the `session.PlatformSession` protocol, so they never import this module).
"""

from __future__ import annotations

import asyncio
import logging
import mimetypes
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pydantic import BaseModel

from app.providers import transfer
from app.providers.base import (
    Capability,
    CostEstimate,
    GenerationRequest,
    JobStatus,
    MediaInput,
    ModelInfo,
    Output,
    ProgressCallback,
    ProgressEvent,
    ProviderConfig,
    RemoteHandle,
    UploadResult,
)
from app.providers.errors import (
    NotFoundError,
    NotReadyError,
    ProviderError,
    ServiceError,
    TooLargeError,
    TransportError,
    UnsupportedMediaError,
    ValidationFailed,
)
from app.providers.finished_answers import FinishedAnswers
from app.providers.http import HttpClient, RetryPolicy, Sleep
from app.providers.platform.account import Account, HistoryItem, QueueInfo, history_items
from app.providers.platform.catalog import (
    V2V_MODEL,
    check_params,
    entries,
    image_model,
    v2v_model,
    video_model,
)
from app.providers.platform.jobs import job_ids, parse_status, result_filename
from app.providers.platform.sound import is_sound_job
from app.providers.platform.uploads import UPLOAD_MAX, UPLOAD_TYPES

# Request fields for input media. The seed documents that /api/generate takes image-to-video
# but not the field's name; these are the names this adapter and its fake agree on.
IMAGE_FIELD = "image_filename"
LAST_IMAGE_FIELD = "last_image_filename"
AUDIO_FIELD = "audio_filename"
VIDEO_FIELD = "video_filename"  # the seed's name for a platform video in every other call
log = logging.getLogger(__name__)
CLOCK_SKEW = 5.0  # seconds the platform's clock may lag ours when reconciling


class Share(BaseModel):
    token: str
    url: str  # public metadata page (/api/share/{token})


class Platform:
    name = "platform"
    display_name = "Studio platform"
    capabilities = frozenset({
        Capability.TEXT_TO_VIDEO, Capability.IMAGE_TO_VIDEO, Capability.FIRST_LAST_FRAME,
        Capability.SOUND_TO_VIDEO, Capability.VIDEO_TO_VIDEO, Capability.EXTEND,
        Capability.IMAGE, Capability.UPLOAD, Capability.HISTORY, Capability.CANCEL,
        Capability.COST_QUOTE, Capability.EXPORT,
    })  # fmt: skip

    def __init__(
        self,
        config: ProviderConfig,
        *,
        retry: RetryPolicy | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        if not config.base_url:
            raise ValidationFailed(
                "no base URL is configured for the studio platform", provider=self.name
            )
        self.config = config
        auth = {"Authorization": f"Bearer {config.api_key}"} if config.api_key else None
        self.http = HttpClient.from_config(config, auth, retry=retry, sleep=sleep)
        self._catalog: dict[str, ModelInfo] | None = None
        self.catalog_problems: dict[str, str] = {}  # catalog endpoint → what went wrong
        self._finished = FinishedAnswers()

    # -- catalog and validation ----------------------------------------------------------
    async def models(self, *, refresh: bool = False) -> list[ModelInfo]:
        if self._catalog is None or refresh:
            videos = await self._catalog_part("/api/models")
            found = [video_model(e) for e in entries(videos, "models", "video_models")]
            # the image catalog is secondary: when it fails, video generation still works
            self.catalog_problems = {}
            try:
                images = await self._catalog_part("/api/image-models")
            except ProviderError as exc:
                log.warning("platform: %s", exc)
                self.catalog_problems["/api/image-models"] = exc.message
                images = {}
            found += [image_model(e) for e in entries(images, "models", "image_models")]
            found.append(v2v_model())
            self._catalog = {m.id: m for m in found}
        return list(self._catalog.values())

    async def _catalog_part(self, path: str) -> Any:
        """One catalog endpoint's answer; a failure names the endpoint (a 404 there means the
        base URL is not a platform that has it, not that some item expired)."""
        try:
            return (await self.http.request("GET", path)).json()
        except (NotFoundError, ServiceError, TransportError) as exc:
            raise ServiceError(
                f"the model catalog at {path} failed: {exc.message}",
                provider=self.name, status=exc.status,
                hint="Check the platform's base URL in Settings, or try again later.",
            ) from exc
        except ValueError as exc:
            raise ServiceError(f"the model catalog at {path} is not JSON",
                               provider=self.name) from exc

    async def model(self, model_id: str) -> ModelInfo:
        await self.models()
        assert self._catalog is not None
        info = self._catalog.get(model_id)
        if info is None:
            problems = "".join(f"; the catalog at {path} could not be read: {why}"
                               for path, why in self.catalog_problems.items())
            raise ValidationFailed(
                f"model: {model_id!r} is not offered (offered: {', '.join(self._catalog)})"
                f"{problems}",
                provider=self.name,
            )
        return info

    async def validate(self, request: GenerationRequest) -> BaseModel:
        if is_sound_job(request.model):
            return self.sound.validate(request)
        info = await self.model(request.model)
        limit = info.prompt_max or 0
        if limit and len(request.prompt) > limit:
            raise ValidationFailed(
                f"prompt: at most {limit} characters (got {len(request.prompt)})",
                provider=self.name,
            )
        if not request.prompt.strip() and info.id != V2V_MODEL:
            raise ValidationFailed("prompt: required", provider=self.name)
        params = check_params(info, request.params)
        _kind(info, request)  # raises when the inputs do not fit the model
        return params

    # -- submit --------------------------------------------------------------------------
    async def submit(self, request: GenerationRequest) -> RemoteHandle:
        if is_sound_job(request.model):
            return await self.sound.submit(request)
        info = await self.model(request.model)
        params = await self.validate(request)
        kind = _kind(info, request)
        sent = params.model_dump(exclude_unset=True, exclude_none=True)
        if kind == "v2v":
            body: dict[str, Any] = {
                "video_filename": _remote(request, "video"),
                "prompt": request.prompt,
                "strength": params.strength,  # type: ignore[attr-defined]
            }
            path = "/api/generate-v2v"
        else:
            body = {"prompt": request.prompt, "model": info.id}
            if request.negative_prompt:
                body["negative_prompt"] = request.negative_prompt
            generation_id = sent.pop("generation_id", None)
            body.update(sent)
            path = "/api/generate-image" if kind == "image" else "/api/generate"
            if kind == "extend":
                body[IMAGE_FIELD] = await self._extract_last_frame(
                    _remote(request, "video"), generation_id
                )
            else:
                body.update(await self._input_fields(request, kind))
        # a paid create: never re-sent once it may have reached the server
        resp = await self.http.request("POST", path, json=body, idempotent=False)
        ids = job_ids(resp.json())
        if not ids:
            raise ServiceError(
                f"the platform accepted the job but sent no job id: {resp.text[:200]}",
                provider=self.name,
            )
        return RemoteHandle(
            provider=self.name,
            model=info.id,
            remote_id=ids[0],
            extra={"kind": kind, "job_ids": ids, "submitted_at": time.time()},
        )

    async def upload(self, path: Path, on_progress: ProgressCallback | None = None
                     ) -> UploadResult:
        """The Uploader entry point: the platform takes input images."""
        size = Path(path).stat().st_size
        name = await self.upload_image(Path(path))
        if on_progress is not None:
            on_progress(size, size)
        return UploadResult(provider=self.name, remote_id=name, size=size)

    async def upload_image(self, path: Path) -> str:
        """Upload an input image (/api/upload-image); returns the server's file name."""
        ctype = UPLOAD_TYPES.get(path.suffix.lower())
        if ctype is None:
            raise UnsupportedMediaError(
                f"{path.name}: the platform takes PNG, JPEG or WebP images", provider=self.name
            )
        size = path.stat().st_size
        if size > UPLOAD_MAX:
            raise TooLargeError(
                f"{path.name}: {size / 2**20:.1f} MB; the platform takes at most 10 MB",
                provider=self.name,
            )
        data = await asyncio.to_thread(path.read_bytes)
        # not paid: a re-sent upload only leaves a spare file on the server
        resp = await self.http.request(
            "POST", "/api/upload-image", files={"image": (path.name, data, ctype)}
        )
        name = result_filename(resp.json() if resp.content else {})
        if not name:
            raise ServiceError("the upload answer named no file", provider=self.name)
        return name

    async def _input_fields(self, request: GenerationRequest, kind: str) -> dict[str, str]:
        fields: dict[str, str] = {}
        images = [i for i in request.inputs if i.role in ("image", "first_frame", "reference")]
        if kind in ("i2v", "flf", "s2v", "portrait"):
            fields[IMAGE_FIELD] = await self._image_name(images[0])
        if kind == "flf":
            last = next(i for i in request.inputs if i.role == "last_frame")
            fields[LAST_IMAGE_FIELD] = await self._image_name(last)
        if kind == "s2v":
            fields[AUDIO_FIELD] = _remote(request, "audio")
        if kind == "portrait":
            fields[VIDEO_FIELD] = _remote(request, "video")  # the driving video
        return fields

    async def _image_name(self, item: MediaInput) -> str:
        if item.remote_id:
            return item.remote_id
        assert item.path is not None  # _kind() checked every input has one or the other
        return await self.upload_image(Path(item.path))

    async def _extract_last_frame(self, video: str, generation_id: int | None) -> str:
        body: dict[str, Any] = {"video_filename": video}
        if generation_id is not None:
            body["generation_id"] = generation_id
        # extracting a frame is free and repeatable, so a retry is harmless
        resp = await self.http.request("POST", "/api/extend-video", json=body)
        data = resp.json()
        name = data.get("image_filename") or data.get("frame") or result_filename(data)
        if not name:
            raise ServiceError("extend-video named no frame image", provider=self.name)
        return str(name)

    # -- progress, cancel, results -------------------------------------------------------
    async def status(self, job_id: str) -> ProgressEvent:
        resp = await self.http.request("GET", "/api/status", params={"job_id": job_id})
        return parse_status(resp.json())

    async def progress(self, handle: RemoteHandle) -> AsyncIterator[ProgressEvent]:
        source = self.sound.progress(handle) if handle.extra.get("sound_job") else \
            self.poll(handle)
        async for event in source:
            yield event

    async def poll(self, handle: RemoteHandle) -> AsyncIterator[ProgressEvent]:
        """/api/status for each of the handle's jobs until all are finished."""
        ids = _ids(handle)
        done: dict[str, ProgressEvent] = {}
        while True:
            latest = dict(done)
            for job in ids:
                if job not in done:
                    event = await self.status(job)
                    latest[job] = event
                    if event.status.finished:
                        done[job] = event
                    if event.status is JobStatus.SUCCEEDED:
                        self._finished.keep(job, event)
            event = latest[ids[0]] if len(ids) == 1 else _combine(latest)
            yield event
            if event.status.finished:
                return
            await self.http.sleep(self.config.poll_interval)

    async def cancel(self, handle: RemoteHandle) -> bool:
        for job in _ids(handle):
            await self.http.request("POST", "/api/cancel", json={"job_id": job})
        return True

    async def results(self, handle: RemoteHandle) -> list[Output]:
        if handle.extra.get("sound_job"):
            return await self.sound.results(handle)
        kind = "image" if handle.extra.get("kind") == "image" else "video"
        outputs = []
        for job in _ids(handle):
            # just seen finished by a poll of ours, or else asked
            event = self._finished.take(job) or await self.status(job)
            if event.status is not JobStatus.SUCCEEDED:
                raise NotReadyError(
                    f"job {job} is {event.raw_status or 'unfinished'}", provider=self.name
                )
            name = result_filename(event.data)
            if not name:
                raise ServiceError(f"job {job} finished without a file", provider=self.name)
            outputs.append(self.output(name, kind))
        return outputs

    def output(self, filename: str, kind: str = "video") -> Output:
        """The downloadable form of a server file name (/api/video/… or /api/image/…)."""
        return Output(
            kind=kind,
            url=self.http.url(f"/api/{kind}/{quote(filename, safe='')}"),
            filename=filename,
            content_type=mimetypes.guess_type(filename)[0],
        )

    async def download(
        self, output: Output, dest: Path, on_progress: ProgressCallback | None = None
    ) -> Path:
        assert output.url is not None
        own = output.same_origin and self.http.is_own_origin(output.url)
        return await transfer.download(
            self.http, output.url, dest, same_origin=own, on_progress=on_progress
        )

    async def save_into(
        self, output: Output, folder: Path, on_progress: ProgressCallback | None = None
    ) -> Path:
        """Download into `folder` under the server's file name, reduced to its last part so a
        name like `../../x` cannot land outside `folder`."""
        assert output.url is not None
        name = output.filename or output.url.rsplit("/", 1)[-1]
        own = output.same_origin and self.http.is_own_origin(output.url)
        return await transfer.download_into(
            self.http, output.url, folder, name, same_origin=own, on_progress=on_progress
        )

    # -- cost ----------------------------------------------------------------------------
    async def estimate_cost(self, request: GenerationRequest) -> CostEstimate:
        """The service's own quote when it answers, else the published formula; the basis
        says which."""
        if is_sound_job(request.model):
            return self.sound.estimate(request)
        info = await self.model(request.model)
        params = await self.validate(request)
        if info.kind == "image":  # /api/generation-cost is for video; images are flat
            return self.offline_cost(info, params)
        try:
            return await self.quote(info, params)
        except ProviderError as exc:
            estimate = self.offline_cost(info, params)
            estimate.basis += f" (service quote unavailable: {exc.message})"
            return estimate

    async def quote(self, info: ModelInfo, params: BaseModel) -> CostEstimate:
        query = {"model": info.id}
        for field in ("frames", "steps"):
            if getattr(params, field, None) is not None:
                query[field] = getattr(params, field)
        resp = await self.http.request("GET", "/api/generation-cost", params=query)
        data = resp.json()
        amount = (
            next((data[k] for k in ("cost", "credits", "credit_cost", "total") if k in data), None)
            if isinstance(data, dict)
            else data
        )
        if not isinstance(amount, (int, float)) or isinstance(amount, bool):
            raise ServiceError(f"unreadable cost quote: {resp.text[:200]}", provider=self.name)
        return CostEstimate(amount=float(amount), currency="credits", basis="quoted by the service")

    @staticmethod
    def offline_cost(info: ModelInfo, params: BaseModel) -> CostEstimate:
        if info.kind == "image":
            per = info.extra.get("credits_per_image")
            return CostEstimate(
                amount=per,
                currency="credits",
                basis=f"published price: {per:g} credits per image" if per is not None else "",
                billed_by_service=per is None,
            )
        rate = info.extra.get("rate")
        if rate is None:
            return CostEstimate(amount=None, currency="credits", billed_by_service=True)
        credits, how = rate.cost(getattr(params, "frames", None), getattr(params, "steps", None))
        return CostEstimate(amount=credits, currency="credits", basis=f"formula: {how}")

    # -- queue, history, account ---------------------------------------------------------
    async def queue(self) -> QueueInfo:
        data = (await self.http.request("GET", "/api/queue")).json()
        return QueueInfo.parse(data if isinstance(data, dict) else {"active_jobs": data})

    async def history(
        self, *, limit: int = 50, offset: int = 0, images: bool = False
    ) -> list[HistoryItem]:
        if not 1 <= limit <= 200 or offset < 0:
            raise ValidationFailed("limit: 1 to 200; offset: 0 or more", provider=self.name)
        path = "/api/image-generations" if images else "/api/generations"
        resp = await self.http.request("GET", path, params={"limit": limit, "offset": offset})
        return history_items(resp.json())

    async def delete_generation(self, generation_id: str, *, image: bool = False) -> None:
        kind = "image-generations" if image else "generations"
        await self.http.request("DELETE", f"/api/{kind}/{quote(str(generation_id), safe='')}")

    async def toggle_favorite(self, generation_id: str) -> bool:
        """Flip the favourite flag; returns the new state as the service reports it."""
        path = f"/api/generations/{quote(str(generation_id), safe='')}/favorite"
        data = (await self.http.request("POST", path)).json()
        return bool(data.get("is_favorite", data.get("favorite")))

    async def share(self, generation_id: str) -> Share:
        path = f"/api/generations/{quote(str(generation_id), safe='')}/share"
        data = (await self.http.request("POST", path)).json()
        token = data.get("share_token") or data.get("token")
        if not token:
            raise ServiceError("the share answer carried no token", provider=self.name)
        return Share(token=token, url=self.http.url(f"/api/share/{quote(token, safe='')}"))

    async def toggle_public(self, generation_id: str) -> bool:
        """Flip gallery visibility; returns the new state when the service says it."""
        path = f"/api/generations/{quote(str(generation_id), safe='')}/public"
        data = (await self.http.request("POST", path)).json()
        data = data if isinstance(data, dict) else {}
        return bool(data.get("is_public", data.get("public")))

    async def credit_history(self) -> Any:
        """/api/credits/history as sent (the ledger's shape is unpublished)."""
        return (await self.http.request("GET", "/api/credits/history")).json()

    async def backend_online(self) -> bool | None:
        """/api/comfyui/status: whether the GPU backend is up (None when it will not say)."""
        data = (await self.http.request("GET", "/api/comfyui/status")).json()
        if isinstance(data, bool):
            return data
        if not isinstance(data, dict):
            return None
        for key in ("online", "available", "connected", "ok"):
            if isinstance(data.get(key), bool):
                return data[key]
        status = str(data.get("status") or "").lower()
        if status in ("online", "ok", "ready", "up", "running"):
            return True
        if status in ("offline", "down", "error", "unavailable"):
            return False
        return None

    async def check_connection(self) -> str:
        """A harmless authenticated read: who the key belongs to, and on which tier."""
        data = (await self.http.request("GET", "/api/auth/check")).json()
        data = data if isinstance(data, dict) else {}
        user = data.get("username") or (data.get("user") or {}).get("username")
        tier = data.get("tier") or (data.get("user") or {}).get("tier")
        return "connected" + (f" as {user}" if user else "") + (f" ({tier} tier)" if tier else "")

    async def account(self) -> Account:
        auth = (await self.http.request("GET", "/api/auth/check")).json()
        credits = (await self.http.request("GET", "/api/credits")).json()
        return Account.parse(
            auth if isinstance(auth, dict) else {}, credits if isinstance(credits, dict) else {}
        )

    async def reconcile(
        self,
        request: GenerationRequest,
        submitted_after: float,
        exclude: frozenset[str] = frozenset(),
    ) -> RemoteHandle | None:
        """After a crash mid-submit: the newest history entry with this prompt and model made
        since `submitted_after` is the job we sent (the history is newest-first)."""
        if is_sound_job(request.model):
            return await self.sound.reconcile(request, submitted_after, exclude)
        info = await self.model(request.model)
        items = await self.history(limit=50, images=info.kind == "image")
        for item in items:
            if item.prompt != request.prompt or item.model not in (info.id, ""):
                continue
            if str(item.job_id or item.id) in exclude:
                continue  # another job's generation
            if item.created_at is None or item.created_at.timestamp() < (
                submitted_after - CLOCK_SKEW
            ):
                continue
            return RemoteHandle(
                provider=self.name,
                model=info.id,
                remote_id=item.job_id or item.id,
                extra={
                    "kind": "image" if info.kind == "image" else "video",
                    "job_ids": [item.job_id or item.id],
                    "generation_id": item.id,
                    "filename": item.filename,
                },
            )
        return None

    @property
    def projects(self):
        """Project create/shots/export calls (projects.py) on this same client;
        imported on use, as only exporting needs them."""
        from app.providers.platform.projects import PlatformProjects

        return PlatformProjects(self)

    @staticmethod
    def job_endpoint(model: str) -> str | None:
        """The endpoint a job of `model` is sent to, where it is not /api/generate (so the
        plan's rules for that endpoint can be checked before sending)."""
        if is_sound_job(model):
            from app.providers.platform.sound import job

            return job(model).path
        return None

    @property
    def sound(self):
        """Music, TTS and subtitle jobs (platform/sound.py) on this same client."""
        from app.providers.platform.sound import PlatformSound

        return PlatformSound(self)

    @property
    def edit_tools(self):
        """The /api/edit and /api/tools calls (edits.py) on this same client."""
        from app.providers.platform.edits import PlatformEdits

        return PlatformEdits(self)

    async def aclose(self) -> None:
        await self.http.aclose()


# -- helpers ------------------------------------------------------------------------------


def _ids(handle: RemoteHandle) -> list[str]:
    return [str(i) for i in handle.extra.get("job_ids") or [handle.remote_id]]


_ROLE_WORDS = {"video": "video", "audio": "audio clip"}


def _remote(request: GenerationRequest, role: str) -> str:
    item = next((i for i in request.inputs if i.role == role and i.remote_id), None)
    if item is None or item.remote_id is None:
        given = next((i for i in request.inputs if i.role == role and i.path), None)
        what = _ROLE_WORDS.get(role, role)
        if given is not None:
            # the seed documents an upload for images only: video and audio go by the name of
            # a file the platform made
            raise ValidationFailed(
                f"inputs: the {what} {Path(given.path or '').name} is not on the platform, and "
                f"the platform takes no {what} uploads; use {_a(what)} the platform made (a "
                "take or result of a platform job)",
                provider="platform",
            )
        raise ValidationFailed(
            f"inputs: this model needs {_a(what)} the platform made (set the shot's "
            f"{'driving video' if role == 'video' else 'audio clip'})",
            provider="platform",
        )
    return item.remote_id


def _a(what: str) -> str:
    return ("an " if what[0] in "aeiou" else "a ") + what


def _kind(info: ModelInfo, request: GenerationRequest) -> str:
    """Which endpoint and fields a request needs, from the model and the inputs given;
    raises ValidationFailed naming what is missing."""
    roles = {i.role for i in request.inputs}
    for item in request.inputs:
        if not (item.path or item.remote_id):
            raise ValidationFailed(f"inputs: the {item.role} has no file", provider="platform")
        if item.role in ("video", "audio") and not item.remote_id:
            # the seed documents no upload for video or audio: they must be platform files
            _remote(request, item.role)
    caps = info.capabilities
    has_image = bool(roles & {"image", "first_frame", "reference"})
    if Capability.VIDEO_TO_VIDEO in caps:
        _remote(request, "video")
        return "v2v"
    if Capability.IMAGE in caps:
        return "image"
    if "video" in roles and Capability.EXTEND in caps:
        return "extend"
    if Capability.FIRST_LAST_FRAME in caps:
        if not (has_image and "last_frame" in roles):
            raise ValidationFailed(
                "inputs: first-last frame needs a first_frame and a last_frame image",
                provider="platform",
            )
        return "flf"
    if Capability.SOUND_TO_VIDEO in caps:
        if not has_image:
            raise ValidationFailed("inputs: sound-to-video needs a portrait image",
                                   provider="platform")  # fmt: skip
        _remote(request, "audio")
        return "s2v"
    if Capability.PORTRAIT_ANIMATION in caps:
        if not has_image:
            raise ValidationFailed("inputs: portrait animation needs a portrait image",
                                   provider="platform")  # fmt: skip
        _remote(request, "video")
        return "portrait"
    if has_image and Capability.IMAGE_TO_VIDEO in caps:
        return "i2v"
    if Capability.IMAGE_TO_VIDEO in caps and Capability.TEXT_TO_VIDEO not in caps:
        raise ValidationFailed("inputs: image-to-video needs an image", provider="platform")
    if request.inputs:
        raise ValidationFailed(
            f"inputs: {info.id} takes no {', '.join(sorted(roles))} input", provider="platform"
        )
    return "t2v"


def _combine(events: dict[str, ProgressEvent]) -> ProgressEvent:
    """One event for a batch (/api/generate-image answers with several jobs)."""
    values = list(events.values())
    statuses = {e.status for e in values}
    if all(s.finished for s in statuses):
        status = (
            JobStatus.SUCCEEDED if statuses == {JobStatus.SUCCEEDED}
            else JobStatus.FAILED if JobStatus.FAILED in statuses else JobStatus.CANCELLED
        )  # fmt: skip
    else:
        status = JobStatus.RUNNING if JobStatus.RUNNING in statuses else JobStatus.QUEUED
    positions = [e.queue_position for e in values if e.queue_position is not None]
    return ProgressEvent(
        status=status,
        raw_status=",".join(e.raw_status for e in values),
        percent=sum(e.percent or 0.0 for e in values) / len(values),
        queue_position=min(positions) if positions else None,
        message=next((e.message for e in values if e.message), None),
        data={"jobs": {k: e.data for k, e in events.items()}},
    )

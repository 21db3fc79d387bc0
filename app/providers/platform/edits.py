"""The studio platform's edit and AI tools (seeds/studio-platform.txt, "Editing & Tools"):
`/api/edit/*` (3 credits each) and `/api/tools/*` (1 credit; upscale ~2 per 10 s).

Each tool has a typed parameter model checked before any request (ranges from the seed where
it gives them; bounds of our own where it does not, named as such), and a price worked out from
the seed's table — the platform publishes no quote endpoint for edits, so the published price
is the quote, shown before anything is sent. Video tools name their input by its server file
name (`video_filename`): the seed documents no way to upload a video, so they work on videos
the platform holds. Image tools upload their images in the request (multipart).

Answers are unpublished: a tool may answer at once with its file(s), or with a `job_id` polled
through /api/status like a generation; both are read.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from app.providers.base import CostEstimate, JobStatus, Output, RemoteHandle
from app.providers.errors import (
    ServiceError,
    TooLargeError,
    UnsupportedMediaError,
    ValidationFailed,
)
from app.providers.params import validation_failed
from app.providers.platform.jobs import result_filename
from app.providers.platform.session import PlatformSession
from app.providers.platform.uploads import UPLOAD_MAX, UPLOAD_TYPES

PROVIDER = "platform"
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif"}
EDIT_CREDITS = 3  # "Edit Endpoints (3 credits each)"
TOOL_CREDITS = 1


class _Params(BaseModel):
    model_config = ConfigDict(extra="forbid")


# -- parameters (seed ranges where given) ---------------------------------------------------


class TrimParams(_Params):
    start_seconds: float = Field(0.0, ge=0, description="Start (s)")
    end_seconds: float = Field(4.0, gt=0, le=3600, description="End (s)")

    @model_validator(mode="after")
    def _order(self) -> TrimParams:
        if self.end_seconds <= self.start_seconds:
            raise ValueError("end_seconds must be after start_seconds")
        return self


class SpeedParams(_Params):
    speed_factor: float = Field(1.5, ge=0.25, le=4.0, description="Speed ×")  # seed: 0.25–4.0


class CropParams(_Params):
    x: int = Field(0, ge=0, le=7680, description="Left (px)")
    y: int = Field(0, ge=0, le=4320, description="Top (px)")
    width: int = Field(640, ge=16, le=7680, description="Width (px)")
    height: int = Field(360, ge=16, le=4320, description="Height (px)")


class ResizeParams(_Params):
    preset: Literal["1080p", "720p", "custom"] = Field("720p", description="Size")
    width: int = Field(1280, ge=16, le=7680, description="Width (px, custom)")
    height: int = Field(720, ge=16, le=4320, description="Height (px, custom)")

    def wire(self) -> dict[str, Any]:
        """The seed: `preset or width, height` — one or the other, never both."""
        if self.preset == "custom":
            return {"width": self.width, "height": self.height}
        return {"preset": self.preset}


class TextOverlayParams(_Params):
    text: str = Field("Title", min_length=1, max_length=200, description="Text")
    position: Literal["top", "center", "bottom"] = Field("bottom", description="Position")
    font_size: int = Field(48, ge=8, le=200, description="Font size")
    color: str = Field("white", pattern=r"^(#[0-9a-fA-F]{6}|[a-zA-Z]+)$", description="Colour")
    start_time: float = Field(0.0, ge=0, description="From (s)")
    end_time: float = Field(3.0, gt=0, le=3600, description="Until (s)")

    @model_validator(mode="after")
    def _order(self) -> TextOverlayParams:
        if self.end_time <= self.start_time:
            raise ValueError("end_time must be after start_time")
        return self


class MergeParams(_Params):
    video_filenames: list[str] = Field(min_length=2, max_length=20)  # seed: 2–20


class UpscaleParams(_Params):
    scale_factor: int = Field(2, ge=2, le=4, description="Scale ×")  # seed: 2–4


class ExtractFramesParams(_Params):
    mode: Literal["first", "last", "middle", "all_1fps"] = Field("middle", description="Frames")


class QuickTrimParams(_Params):
    start_time: float = Field(0.0, ge=0, description="Start (s)")
    end_time: float = Field(4.0, gt=0, le=3600, description="End (s)")

    @model_validator(mode="after")
    def _order(self) -> QuickTrimParams:
        if self.end_time <= self.start_time:
            raise ValueError("end_time must be after start_time")
        return self


class GifParams(_Params):
    width: int = Field(480, ge=64, le=1920, description="Width (px)")
    fps: int = Field(10, ge=1, le=30, description="Frames/s")


class WatermarkParams(_Params):
    type: Literal["text", "image"] = Field("text", description="Kind")
    text: str = Field("© Reelroom", max_length=100, description="Text")
    image: str = Field("", description="Image file")

    @model_validator(mode="after")
    def _what(self) -> WatermarkParams:
        if self.type == "text" and not self.text.strip():
            raise ValueError("a text watermark needs its text")
        if self.type == "image" and not self.image:
            raise ValueError("an image watermark needs an image file")
        return self


class RemoveBackgroundParams(_Params):
    image: str = Field("", min_length=1, description="Image file")


class FaceSwapParams(_Params):
    source_image: str = Field("", min_length=1, description="Face from")
    target_image: str = Field("", min_length=1, description="Put into")


# -- the tools --------------------------------------------------------------------------------

Input = Literal["video", "videos", "none"]
Gives = Literal["video", "images", "file"]


@dataclass(frozen=True)
class EditTool:
    key: str
    label: str
    path: str
    params: type[_Params]
    input: Input  # what it works on: the take's video, several videos, or only its images
    gives: Gives  # a video (a new take), images, or another file (a GIF)
    price: Callable[[BaseModel, float | None], tuple[int, str]]
    needs: str = ""  # plan requirement, from the seed
    multipart: bool = False

    def check(self, params: dict[str, Any]) -> BaseModel:
        """Validate before anything is sent; raises ValidationFailed naming each bad field."""
        try:
            return self.params.model_validate(params)
        except ValidationError as exc:
            raise validation_failed(exc, PROVIDER) from None

    def cost(self, params: BaseModel, seconds: float | None = None) -> CostEstimate:
        credits, how = self.price(params, seconds)
        return CostEstimate(amount=credits, currency="credits", basis=f"published price: {how}")


def _flat(credits: int, what: str) -> Callable[[BaseModel, float | None], tuple[int, str]]:
    unit = "credit" if credits == 1 else "credits"
    return lambda params, seconds: (credits, f"{credits} {unit} {what}")


def _merge_price(params: BaseModel, seconds: float | None) -> tuple[int, str]:
    n = len(params.video_filenames)  # type: ignore[attr-defined]
    credits = max(3, 2 * n)
    return credits, f"max(3, 2 × {n} clips) = {credits} credits"


def _upscale_price(params: BaseModel, seconds: float | None) -> tuple[int, str]:
    if not seconds:
        return 2, "~2 credits per 10 s (min 2); length unknown, so at least 2"
    credits = max(2, 2 * math.ceil(seconds / 10))
    return credits, f"~2 per 10 s of {seconds:g} s (min 2) = {credits} credits"


_EDIT = _flat(EDIT_CREDITS, "per edit")
_TOOL = _flat(TOOL_CREDITS, "per use")

TOOLS: dict[str, EditTool] = {t.key: t for t in (
    EditTool("trim", "Trim", "/api/edit/trim", TrimParams, "video", "video", _EDIT),
    EditTool("speed", "Change speed", "/api/edit/speed", SpeedParams, "video", "video", _EDIT),
    EditTool("crop", "Crop", "/api/edit/crop", CropParams, "video", "video", _EDIT),
    EditTool("resize", "Resize and pad", "/api/edit/resize", ResizeParams, "video", "video",
             _EDIT),
    EditTool("text-overlay", "Text overlay", "/api/edit/text-overlay", TextOverlayParams,
             "video", "video", _EDIT),
    EditTool("merge", "Merge with the next shots", "/api/edit/merge", MergeParams, "videos",
             "video", _merge_price),
    EditTool("upscale-video", "Upscale", "/api/tools/upscale-video", UpscaleParams, "video",
             "video", _upscale_price, needs="Creator plan or higher"),
    EditTool("trim-video", "Quick trim", "/api/tools/trim-video", QuickTrimParams, "video",
             "video", _TOOL),
    EditTool("extract-frames", "Extract frames", "/api/tools/extract-frames",
             ExtractFramesParams, "video", "images", _TOOL),
    EditTool("video-to-gif", "Animated GIF", "/api/tools/video-to-gif", GifParams, "video",
             "file", _TOOL),
    EditTool("add-watermark", "Watermark", "/api/tools/add-watermark", WatermarkParams, "video",
             "video", _TOOL, multipart=True),
    EditTool("remove-background", "Remove background", "/api/tools/remove-background",
             RemoveBackgroundParams, "none", "images", _TOOL, multipart=True),
    EditTool("face-swap", "Face swap", "/api/tools/face-swap", FaceSwapParams, "none", "images",
             _TOOL, needs="Pro plan or higher", multipart=True),
)}  # fmt: skip


def tool(key: str) -> EditTool:
    try:
        return TOOLS[key]
    except KeyError:
        raise ValidationFailed(
            f"tool: {key!r} is not a platform edit tool (tools: {', '.join(TOOLS)})",
            provider=PROVIDER) from None


# -- reading answers ----------------------------------------------------------------------


def result_names(data: Any) -> list[str]:
    """Every file an answer names: lists (`frames`, `files`, `images`, …) or one file."""
    if not isinstance(data, dict):
        return []
    for key in ("frames", "files", "images", "filenames", "outputs"):
        items = data.get(key)
        if isinstance(items, list) and items:
            names = [i if isinstance(i, str) else result_filename(i) if isinstance(i, dict)
                     else None for i in items]
            return [str(n) for n in names if n]
    name = result_filename(data) or data.get("output_filename") or data.get("gif_filename")
    return [str(name)] if name else []


def kind_of(name: str) -> str:
    return "image" if Path(name).suffix.lower() in IMAGE_SUFFIXES else "video"


def image_part(path_text: str, field: str) -> tuple[str, bytes, str]:
    """A local image checked the way /api/upload-image is (type, 10 MB) before sending."""
    path = Path(path_text)
    ctype = UPLOAD_TYPES.get(path.suffix.lower())
    if ctype is None:
        raise UnsupportedMediaError(
            f"{field}: {path.name} — the platform takes PNG, JPEG or WebP images",
            provider=PROVIDER)
    if not path.is_file():
        raise ValidationFailed(f"{field}: {path} does not exist", provider=PROVIDER)
    size = path.stat().st_size
    if size > UPLOAD_MAX:
        raise TooLargeError(f"{field}: {path.name} is {size / 2**20:.1f} MB; the platform "
                            "takes at most 10 MB", provider=PROVIDER)
    return path.name, path.read_bytes(), ctype


class PlatformEdits:
    """The edit/tool calls, on the Platform adapter's own HTTP client and job polling."""

    def __init__(self, platform: PlatformSession) -> None:
        self.platform = platform

    async def source_name(self, remote_ids: dict[str, Any], provider: str, label: str) -> str:
        """The server file name of a video the platform holds: remembered on edited takes,
        asked of /api/status for ones it generated."""
        name = remote_ids.get("platform_filename")
        if name:
            return str(name)
        if provider == PROVIDER and remote_ids.get("remote_id"):
            event = await self.platform.status(str(remote_ids["remote_id"]))
            name = result_filename(event.data)
            if name:
                return name
        raise ValidationFailed(
            f"{label} was not made on the platform, so the platform does not hold it; its "
            "edit tools work on videos it made (its API has no video upload)",
            provider=PROVIDER,
            hint="Edit this take on this computer instead, or generate the shot on the "
                 "platform first.")

    async def run(self, key: str, params: BaseModel, *, video: str | None = None
                  ) -> list[Output]:
        """Send one (paid) tool request; wait for its job if it answers with one; return what
        to download. Never re-sent once it may have reached the server."""
        t = tool(key)
        payload: dict[str, Any] = params.wire() if isinstance(params, ResizeParams) else \
            params.model_dump()
        if t.input == "video":
            if not video:
                raise ValidationFailed("video_filename: required", provider=PROVIDER)
            payload = {"video_filename": video, **payload}
        http = self.platform.http
        if t.multipart:
            files: dict[str, tuple[str, bytes, str]] = {}
            for field in ("image", "source_image", "target_image"):
                if payload.get(field):
                    files[field] = await asyncio.to_thread(image_part, payload.pop(field), field)
                else:
                    payload.pop(field, None)
            data = {k: str(v) for k, v in payload.items()}
            resp = await http.request("POST", t.path, data=data, files=files or None,
                                      idempotent=False)
        else:
            resp = await http.request("POST", t.path, json=payload, idempotent=False)
        answer = resp.json() if resp.content else {}
        names = result_names(answer)
        job = answer.get("job_id") if isinstance(answer, dict) else None
        if not names and job:
            names = await self._wait(str(job), t)
        if not names:
            raise ServiceError(f"{t.label}: the platform answered without a file: "
                               f"{resp.text[:200]}", provider=PROVIDER)
        return [self._output(answer, n) for n in names]

    async def _wait(self, job: str, t: EditTool) -> list[str]:
        handle = RemoteHandle(provider=PROVIDER, remote_id=job, extra={"job_ids": [job]})
        async for event in self.platform.progress(handle):
            if event.status is JobStatus.SUCCEEDED:
                return result_names(event.data)
            if event.status.finished:
                raise ServiceError(f"{t.label} failed on the platform: "
                                   f"{event.message or event.raw_status}", provider=PROVIDER)
        return []

    def _output(self, answer: Any, name: str) -> Output:
        url = answer.get("url") or answer.get("download_url") if isinstance(answer, dict) \
            else None
        out = self.platform.output(name, kind_of(name))
        if url and len(result_names(answer)) == 1:
            out.url = self.platform.http.url(str(url))
            out.same_origin = self.platform.http.is_own_origin(out.url)
        return out

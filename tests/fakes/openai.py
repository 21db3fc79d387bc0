"""A fake OpenAI Videos API (`/v1/videos…`) speaking the real wire format.

Switches (also as `python -m tests.fakes openai --switch key=value`):
    polls=N            GETs of a video before it completes (progress rises on each)
    poll_after_ms=N    the `openai-poll-after-ms` header on unfinished videos (None: omitted)
    fail_jobs=True     videos end `failed` with `failure_message`
    status_word="in_progress"  what an unfinished video's status says (e.g. "processing")
    retired=True       every /videos path answers 404, as the retired hosted API
"""

from __future__ import annotations

import hashlib
import itertools
import threading
import time
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

from tests.fakes.server import FakeService, Reply, Request, serve_file

SECONDS = ("4", "8", "12")
SIZES = ("720x1280", "1280x720", "1024x1792", "1792x1024")
VARIANT_TYPES = {"video": "video/mp4", "thumbnail": "image/webp", "spritesheet": "image/jpeg"}


def content_bytes(video_id: str, variant: str, size: int = 48 * 1024) -> bytes:
    """Deterministic bytes per video and variant, so tests can compare digests."""
    seed = hashlib.sha256(f"{video_id}:{variant}".encode()).digest()
    return (seed * (size // len(seed) + 1))[:size]


def parse_multipart(content_type: str, body: bytes) -> dict[str, dict[str, Any]]:
    """name → {value: bytes, filename, content_type} of a multipart/form-data body."""
    msg = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    out: dict[str, dict[str, Any]] = {}
    for part in msg.iter_parts():
        name = part.get_param("name", header="content-disposition")
        out[str(name)] = {
            "value": part.get_payload(decode=True) or b"",
            "filename": part.get_filename(),
            "content_type": part.get_content_type() if part.get("content-type") else None,
        }
    return out


class FakeOpenAI(FakeService):
    name = "openai"

    def __init__(
        self,
        *,
        polls: int = 2,
        poll_after_ms: int | None = 10,
        fail_jobs: bool = False,
        failure_message: str = "Your request was blocked by our moderation system.",
        retired: bool = False,
        status_word: str = "in_progress",
        api_key: str | None = None,
        **kw: Any,
    ) -> None:
        self.api_key = api_key  # when set, any other Bearer key is answered 401
        self.status_word = status_word
        self.polls = polls
        self.poll_after_ms = poll_after_ms
        self.fail_jobs = fail_jobs
        self.failure_message = failure_message
        self.retired = retired
        kw.setdefault("base_path", "/v1")
        super().__init__(**kw)

    def setup(self) -> None:
        self.videos: dict[str, dict[str, Any]] = {}
        self.spritesheet_media: bytes | None = None  # a real image to hand out as spritesheet
        self.creates: list[dict[str, dict[str, Any]]] = []  # parsed fields of each create
        self._seq = itertools.count(1)
        self._state = threading.Lock()
        self.route("POST", "/videos", self._create)
        self.route("GET", "/videos", self._list)
        self.route("GET", "/videos/{id}", self._retrieve)
        self.route("DELETE", "/videos/{id}", self._delete)
        self.route("GET", "/videos/{id}/content", self._content)
        self.route("POST", "/videos/{id}/remix", self._remix)

    def _answer(self, req: Request) -> Reply:
        if self.retired and req.path.startswith(self.base_path + "/videos"):
            return Reply.json(
                {
                    "error": {
                        "message": "The Videos API is no longer available.",
                        "type": "invalid_request_error",
                        "param": None,
                        "code": None,
                    }
                },
                404,
            )
        if self.api_key and req.headers.get("authorization") != f"Bearer {self.api_key}":
            return Reply.json({"error": {"message": "Incorrect API key provided.",
                                         "type": "invalid_request_error", "param": None,
                                         "code": "invalid_api_key"}}, 401)
        return super()._answer(req)

    def add_outside_video(self, prompt: str, *, model: str = "sora-2", seconds: str = "8",
                          size: str = "1280x720") -> dict[str, Any]:
        """A finished video made elsewhere (another app on the same account): listed,
        downloadable, never a create through this fake."""
        video = self._new(prompt, model, seconds, size)
        now = int(time.time())
        with self._state:
            video.update(status="completed", progress=100, completed_at=now,
                         expires_at=now + 3600)
        return self._public(video)

    # -- helpers ------------------------------------------------------------------------
    @staticmethod
    def _invalid(message: str, param: str) -> Reply:
        return Reply.json(
            {
                "error": {
                    "message": message,
                    "type": "invalid_request_error",
                    "param": param,
                    "code": None,
                }
            },
            400,
        )

    def _new(self, prompt: str, model: str, seconds: str, size: str, **extra: Any) -> dict:
        n = next(self._seq)
        video = {
            "id": f"video_{n:04d}{hashlib.sha1(prompt.encode()).hexdigest()[:8]}",
            "object": "video",
            "model": model,
            "status": "queued",
            "progress": 0,
            "created_at": int(time.time()),
            "completed_at": None,
            "expires_at": None,
            "prompt": prompt,
            "size": size,
            "seconds": seconds,
            "remixed_from_video_id": None,
            "error": None,
            **extra,
        }
        video["_order"] = n
        video["_polls"] = 0
        with self._state:
            self.videos[video["id"]] = video
        return video

    @staticmethod
    def _public(video: dict) -> dict:
        return {k: v for k, v in video.items() if not k.startswith("_")}

    # -- routes -------------------------------------------------------------------------
    def _create(self, req: Request) -> Reply:
        ctype = req.headers.get("content-type", "")
        if ctype.startswith("multipart/form-data"):
            parts = parse_multipart(ctype, req.body or b"")
            fields = {
                k: v["value"].decode("utf-8", "replace")
                for k, v in parts.items()
                if v["filename"] is None
            }
        elif ctype.startswith("application/json"):
            body = req.json() or {}
            ref = body.pop("input_reference", None)
            if ref is not None and (
                not isinstance(ref, dict)
                or len(ref) != 1
                or not set(ref) <= {"image_url", "file_id"}
            ):
                return self._invalid(
                    "input_reference must have exactly one of image_url or file_id",
                    "input_reference",
                )
            parts = {"input_reference": {"json": ref}} if ref else {}
            fields = {k: str(v) for k, v in body.items()}
        else:
            return self._invalid(f"unsupported content type {ctype!r}", "body")
        self.creates.append(parts)
        prompt = fields.get("prompt", "")
        if not 1 <= len(prompt) <= 32000:
            return self._invalid("prompt must be 1-32000 characters", "prompt")
        seconds = fields.get("seconds", "4")
        if seconds not in SECONDS:
            return self._invalid(f"Invalid value: '{seconds}'. Supported: 4, 8, 12", "seconds")
        size = fields.get("size", "720x1280")
        if size not in SIZES:
            return self._invalid(f"Invalid size '{size}'", "size")
        video = self._new(prompt, fields.get("model", "sora-2"), seconds, size)
        return Reply.json(self._public(video))

    def _advance(self, video: dict) -> None:
        with self._state:
            if video["status"] in ("completed", "failed"):
                return
            video["_polls"] += 1
            if video["_polls"] >= self.polls:
                if self.fail_jobs:
                    video.update(
                        status="failed",
                        error={"code": "moderation_blocked", "message": self.failure_message},
                    )
                else:
                    now = int(time.time())
                    video.update(
                        status="completed", progress=100, completed_at=now, expires_at=now + 3600
                    )
            else:
                video.update(
                    status=self.status_word,
                    progress=int(100 * video["_polls"] / max(1, self.polls)),
                )

    def _retrieve(self, req: Request) -> Reply:
        video = self.videos.get(req.params["id"])
        if video is None:
            return Reply.error(404, f"Video with id '{req.params['id']}' not found.")
        self._advance(video)
        headers = {}
        if video["status"] not in ("completed", "failed") and self.poll_after_ms is not None:
            headers["openai-poll-after-ms"] = str(self.poll_after_ms)
        return Reply.json(self._public(video), **headers)

    def _list(self, req: Request) -> dict:
        order = req.arg("order", "desc")
        limit = int(req.arg("limit", "20") or 20)
        videos = sorted(self.videos.values(), key=lambda v: v["_order"], reverse=order == "desc")
        after = req.arg("after")
        if after:
            ids = [v["id"] for v in videos]
            videos = videos[ids.index(after) + 1 :] if after in ids else []
        page = videos[:limit]
        return {
            "object": "list",
            "data": [self._public(v) for v in page],
            "first_id": page[0]["id"] if page else None,
            "last_id": page[-1]["id"] if page else None,
            "has_more": len(videos) > limit,
        }

    def _delete(self, req: Request) -> Reply:
        with self._state:
            video = self.videos.pop(req.params["id"], None)
        if video is None:
            return Reply.error(404, f"Video with id '{req.params['id']}' not found.")
        return Reply.json({"id": video["id"], "object": "video.deleted", "deleted": True})

    def _content(self, req: Request) -> Reply:
        video = self.videos.get(req.params["id"])
        if video is None:
            return Reply.error(404, f"Video with id '{req.params['id']}' not found.")
        variant = req.arg("variant", "video") or "video"
        if variant not in VARIANT_TYPES:
            return self._invalid(f"unknown variant {variant!r}", "variant")
        if video["status"] != "completed":
            return self._invalid("Video is not ready yet.", "id")
        data = content_bytes(video["id"], variant)
        if variant == "video" and self.result_media is not None:
            data = self.result_media
        if variant == "spritesheet" and self.spritesheet_media is not None:
            data = self.spritesheet_media
        return serve_file(req, data, VARIANT_TYPES[variant])

    def _remix(self, req: Request) -> Reply:
        source = self.videos.get(req.params["id"])
        if source is None:
            return Reply.error(404, f"Video with id '{req.params['id']}' not found.")
        prompt = (req.json() or {}).get("prompt", "")
        if not prompt:
            return self._invalid("prompt is required", "prompt")
        if source["status"] != "completed":
            return self._invalid("only a completed video can be remixed", "video_id")
        video = self._new(
            prompt,
            source["model"],
            source["seconds"],
            source["size"],
            remixed_from_video_id=source["id"],
        )
        return Reply.json(self._public(video))


def create(port: int = 0, **switches: Any) -> FakeOpenAI:
    return FakeOpenAI(port=port, **switches)

"""A fake ViddyScribe enterprise API (seeds/viddyscribe.txt, WIRE-NOTES.md §4) under
/enterprise/api/.

Switches (create(**switches)):
    job_polls=3             get_results answer on which a job is done (queued, processing,
                            done; 0 or 1: done at once)
    status_polls=2          get_upload_status polls before a signed upload is "completed"
    expire_signed_urls=False  the first signed result URL of each job is already expired (403)
    fail_jobs=False         jobs end "failed" with an error message
Every documented error is switchable per request: `svc.error("video_too_long")`.
Attributes tests read: media, jobs, notified, storage (the signed-URL storage origin);
`audio_media` (set it) is the narration track handed out instead of a few ID3-headed bytes.
Generation takes `input` as a media_id or a URL ("From URL").
"""

from __future__ import annotations

import email.parser
import email.policy
import itertools
import json
from typing import Any

from tests.fakes.server import CdnOrigin, FakeService, Reply, Request

KEY = "vsk_test_0123456789"
LANGUAGES = {"en-US", "en-GB", "fr-FR", "de-DE", "es-ES", "ja-JP"}  # enough to check the wire
CATEGORIES = {"auto", "documentary", "tutorial", "news", "vlog"}
AUDIO_BYTES = b"ID3\x03\x00" + bytes(range(256)) * 16
NARRATED_BYTES = b"\x00\x00\x00\x18ftypisom" + bytes(range(255, -1, -1)) * 32

ERRORS: dict[str, tuple[int, str]] = {
    "invalid_parameters": (400, "generation_config.language is not supported"),
    "unauthorized": (401, "Invalid API key"),
    "plan_restriction": (403, "Video generation is not included in your plan"),
    "video_too_long": (403, "Video is 95 minutes; your plan allows 60"),
    "file_too_large": (403, "File is 3.1 GB; your plan allows 2 GB"),
    "not_found": (404, "Media med_x not found"),
    "upload_not_ready": (409, "Upload verification is still in progress"),
    "upload_failed": (409, "Upload verification failed"),
    "no_video_stream": (415, "The uploaded file has no video stream"),
    "plan_limit_exceeded": (429, "Team allocation exhausted"),
    "concurrency_limit_exceeded": (429, "Too many concurrent submissions"),
    "queue_limit_exceeded": (429, "Too many jobs queued"),
    "rate_limit_exceeded": (429, "Too many requests; retry in 2 seconds"),
    "internal_error": (500, "Something went wrong on our side"),
}


def vtt_for(job_id: str) -> str:
    return (f"WEBVTT\n\n00:00:00.000 --> 00:00:03.000\nA forest at dawn ({job_id}).\n\n"
            "00:00:03.000 --> 00:00:06.500\nA deer crosses the path.\n")


class SignedStorage(CdnOrigin):
    """Storage whose URLs carry a signature that can be expired, and whose upload URLs are
    signed for one Content-Type."""

    def setup(self) -> None:
        super().setup()
        self.expired: set[str] = set()
        self.signed_types: dict[str, str] = {}

    def _get(self, req: Request) -> Reply:
        if req.arg("X-Signature") in self.expired:
            return Reply(403, b"<Error><Code>AccessDenied</Code>Request has expired</Error>",
                         content_type="application/xml")
        return super()._get(req)

    def _put(self, req: Request) -> Reply:
        want = self.signed_types.get(req.params["name"])
        if want and req.headers.get("content-type") != want:
            return Reply(403, b"<Error><Code>SignatureDoesNotMatch</Code></Error>",
                         content_type="application/xml")
        return super()._put(req)

    def signed(self, name: str, signature: str) -> str:
        return self.url(f"/blobs/{name}") + f"?X-Signature={signature}&X-Expires=900"


def _multipart(req: Request) -> dict[str, tuple[str | None, bytes]]:
    """name → (filename, bytes) of a multipart/form-data body."""
    head = f"Content-Type: {req.headers.get('content-type', '')}\r\n\r\n".encode()
    msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + (req.body or b""))
    parts = {}
    for part in msg.iter_parts():
        name = part.get_param("name", header="content-disposition")
        parts[name] = (part.get_filename(), part.get_payload(decode=True) or b"")
    return parts


class FakeViddyScribe(FakeService):
    name = "viddyscribe"

    def __init__(self, *, port: int = 0, **switches: Any) -> None:
        self.switches = {"job_polls": 3, "status_polls": 2, "expire_signed_urls": False,
                         "fail_jobs": False}
        unknown = set(switches) - set(self.switches)
        if unknown:
            raise TypeError(f"unknown switches {unknown}")
        self.switches.update(switches)
        self.storage = SignedStorage()
        super().__init__(port=port, base_path="/enterprise/api", record_body_limit=64 << 20)

    def setup(self) -> None:
        self.audio_media: bytes | None = None  # a real audio file to hand out (tests set it)
        self.media: dict[str, dict[str, Any]] = {}
        self.jobs: dict[str, dict[str, Any]] = {}
        self.notified: list[dict[str, Any]] = []
        self._ids = itertools.count(1)
        self.route("POST", "/upload_media", self._upload)
        self.route("POST", "/notify_upload_complete", self._notify)
        self.route("GET", "/get_upload_status", self._upload_status)
        for kind in ("text", "audio", "video"):
            self.route("POST", f"/generate_ad_{kind}", self._generator(kind))
        self.route("GET", "/get_results", self._results)

    def start(self):  # type: ignore[override]
        self.storage.start()
        return super().start()

    def stop(self) -> None:
        super().stop()
        self.storage.stop()

    # -- errors -------------------------------------------------------------------------
    def error(self, code: str, *, times: int = 1, path: str | None = None) -> None:
        """Answer the next request(s) with the documented error `code`."""
        status, message = ERRORS[code]
        body: dict[str, Any] = {"error": code, "code": code, "message": message}
        if status == 429:
            body["retry_after"] = 2
        self.inject(Reply.json(body, status), times=times, path=path)

    def _denied(self, req: Request) -> Reply | None:
        if req.headers.get("x-api-key") != KEY:
            return Reply.json({"error": "unauthorized", "message": "Invalid API key"}, 401)
        return None

    @staticmethod
    def _bad(message: str) -> Reply:
        return Reply.json({"error": "invalid_request", "message": message}, 400)

    # -- uploads ------------------------------------------------------------------------
    def _upload(self, req: Request) -> Reply:
        if (denied := self._denied(req)) is not None:
            return denied
        n = next(self._ids)
        if req.headers.get("content-type", "").startswith("multipart/form-data"):
            parts = _multipart(req)
            if "input" not in parts or json.loads(parts["input"][1]) != {"type": "file"}:
                return self._bad('part "input" must be {"type":"file"}')
            if "file" not in parts:
                return self._bad('part "file" is required')
            filename, data = parts["file"]
            if data[4:8] != b"ftyp":
                code, (status, message) = "no_video_stream", ERRORS["no_video_stream"]
                return Reply.json({"error": code, "code": code, "message": message}, status)
            media = {"media_id": f"med_{n}", "status": "created", "duration_seconds": 12.5,
                     "frame_rate": 25.0}
            self.media[media["media_id"]] = {**media, "filename": filename, "size": len(data),
                                             "ready": True}
            return Reply.json(media)
        source = (req.json() or {}).get("input") or {}
        if source.get("type") == "url":
            media = {"media_id": f"med_{n}", "status": "created", "duration_seconds": 30.0,
                     "frame_rate": 30.0}
            self.media[media["media_id"]] = {**media, "url": source.get("url"), "ready": True}
            return Reply.json(media)
        if source.get("type") == "signed_url":
            if not source.get("filename") or not source.get("content_type"):
                return self._bad("signed_url needs filename and content_type")
            media_id = f"med_{n}"
            name = f"{media_id}-{source['filename']}"
            self.storage.signed_types[name] = source["content_type"]
            self.media[media_id] = {"media_id": media_id, "status": "pending_upload",
                                    "blob": name, "ready": False, "polls": 0}
            return Reply.json({"media_id": media_id, "upload_url": self.storage.signed(name, "up"),
                               "gcs_path": f"uploads/{name}", "status": "pending_upload"})
        return self._bad("input.type must be url, file or signed_url")

    def _notify(self, req: Request) -> Reply:
        if (denied := self._denied(req)) is not None:
            return denied
        body = req.json() or {}
        media = self.media.get(body.get("media_id"))
        if media is None or body.get("gcs_path") != f"uploads/{media.get('blob')}":
            return Reply.json({"error": "not_found", "message": "unknown upload"}, 404)
        if media["blob"] not in self.storage.uploads:
            code = "upload_failed"
            return Reply.json({"code": code, "message": "no object at gcs_path"}, 409)
        self.notified.append(body)
        media["status"] = "verifying"
        return Reply.json({"media_id": media["media_id"], "status": "verifying"})

    def _upload_status(self, req: Request) -> Reply:
        if (denied := self._denied(req)) is not None:
            return denied
        media = self.media.get(req.arg("media_id") or "")
        if media is None or req.arg("gcs_path") != f"uploads/{media.get('blob')}":
            return Reply.json({"error": "not_found", "message": "unknown upload"}, 404)
        media["polls"] += 1
        if media["status"] != "verifying" or media["polls"] < self.switches["status_polls"]:
            return Reply.json({"media_id": media["media_id"], "upload_status": "verifying"})
        canonical = f"{media['media_id']}_canonical"
        self.media[canonical] = {"media_id": canonical, "status": "created", "ready": True,
                                 "size": self.storage.uploads[media["blob"]].length}
        media["status"] = "superseded"
        return Reply.json({"media_id": media["media_id"], "upload_status": "completed",
                           "canonical_media_id": canonical, "duration_seconds": 600.0})

    # -- generation ---------------------------------------------------------------------
    def _generator(self, kind: str):
        def handle(req: Request) -> Reply:
            if (denied := self._denied(req)) is not None:
                return denied
            body = req.json() or {}
            source = body.get("input") or {}
            if source.get("type") == "url":  # "From URL: upload from URL and generate"
                if not str(source.get("url") or "").startswith(("https://", "http://")):
                    return self._bad("input.url must be an http(s) URL")
                media_id = f"med_{next(self._ids)}"
                self.media[media_id] = {"media_id": media_id, "status": "created",
                                        "url": source["url"], "ready": True}
                source = {"type": "media_id", "media_id": media_id}
            if source.get("type") != "media_id":
                return self._bad("input.type must be media_id or url")
            media = self.media.get(source.get("media_id"))
            if media is None or media["status"] == "superseded":
                return Reply.json({"error": "not_found",
                                   "message": f"media {source.get('media_id')} not found"}, 404)
            if not media["ready"]:
                return Reply.json({"code": "upload_not_ready",
                                   "message": "Upload verification is still in progress"}, 409)
            config = body.get("generation_config") or {}
            if config.get("language") not in LANGUAGES:
                return self._bad(f"language {config.get('language')!r} is not supported")
            if config.get("format", "json") not in ("json", "vtt", "srt", "edl"):
                return self._bad("format must be json, vtt, srt or edl")
            if config.get("ad_type", "standard_ad") not in ("standard_ad", "extended_ad"):
                return self._bad("ad_type must be standard_ad or extended_ad")
            if config.get("category", "auto") not in CATEGORIES:
                return self._bad(f"category {config.get('category')!r} is not supported")
            if not isinstance(config.get("custom_instructions", ""), str):
                return self._bad("custom_instructions must be a string")
            if not isinstance(config.get("read_all_onscreen_text", False), bool):
                return self._bad("read_all_onscreen_text must be a boolean")
            job_id = f"task_{next(self._ids)}"
            self.jobs[job_id] = {"kind": kind, "config": config, "media_id": media["media_id"],
                                 "polls": 0, "signatures": 0}
            return Reply.json({"job_id": job_id, "status": "queued",
                               "media_id": media["media_id"]})

        return handle

    def _signed(self, job_id: str, job: dict[str, Any], name: str) -> str:
        job["signatures"] += 1
        signature = f"{job_id}-{name}-{job['signatures']}"
        if self.switches["expire_signed_urls"] and job["signatures"] == 1:
            self.storage.expired.add(signature)
        return self.storage.signed(name, signature)

    def _results(self, req: Request) -> Reply:
        if (denied := self._denied(req)) is not None:
            return denied
        job_id = req.arg("job_id") or ""
        job = self.jobs.get(job_id)
        if job is None:
            return Reply.json({"error": "not_found", "message": f"job {job_id} not found"}, 404)
        job["polls"] += 1
        out: dict[str, Any] = {"job_id": job_id, "media_id": job["media_id"],
                               "created_at": "2025-01-01T00:00:00Z", "updated_at": None,
                               "video_signed_url": None, "audio_signed_url": None,
                               "output": None, "error_code": None, "error": None}
        polls = self.switches["job_polls"]
        if job["polls"] <= polls - 1:
            out["status"] = "queued" if job["polls"] == 1 else "processing"
            return Reply.json(out)
        if self.switches["fail_jobs"]:
            out.update(status="failed", error_code="processing_error",
                       error="Could not detect scenes in this video")
            return Reply.json(out)
        out["status"] = "done"
        fmt = job["config"].get("format", "json")
        if fmt == "json":
            out["output"] = {"segments": [
                {"start": 0.0, "end": 3.0, "text": "A forest at dawn."},
                {"start": 3.0, "end": 6.5, "text": "A deer crosses the path."}]}
        else:
            content = vtt_for(job_id) if fmt == "vtt" else f"{fmt.upper()} for {job_id}\n"
            out["output"] = {"format": fmt, "content": content}
        if job["kind"] == "audio":
            self.storage.put_blob(f"{job_id}.mp3", self.audio_media or AUDIO_BYTES)
            out["audio_signed_url"] = self._signed(job_id, job, f"{job_id}.mp3")
        if job["kind"] == "video":
            self.storage.put_blob(f"{job_id}.mp4", self.result_media or NARRATED_BYTES)
            out["video_signed_url"] = self._signed(job_id, job, f"{job_id}.mp4")
        return Reply.json(out)


def create(port: int = 0, **switches: Any) -> FakeViddyScribe:
    return FakeViddyScribe(port=port, **switches)

"""A fake ShuttleAI video API (`/v1/video/generations/…`) with its CDN on a second origin.

Switches:
    statuses=[...]     the statuses successive polls report before the end (default queued,
                       preprocessing, running, processing)
    fail_jobs=True     jobs end `failed` with `failure_message` instead of `succeeded`
    cdn_broken=True    the video_url points at a blob the CDN does not have (404)
"""

from __future__ import annotations

import hashlib
import itertools
import threading
import time
from typing import Any, Self

from tests.fakes.server import CdnOrigin, FakeService, Reply, Request, serve_file

SIDES = (480, 720, 854, 1080, 1280, 1920)


def video_bytes(job_id: str, size: int = 64 * 1024) -> bytes:
    seed = hashlib.sha256(f"shuttle:{job_id}".encode()).digest()
    return (seed * (size // len(seed) + 1))[:size]


class FakeShuttleAI(FakeService):
    name = "shuttleai"

    def __init__(
        self,
        *,
        cdn: CdnOrigin | None = None,
        statuses: list[str] | None = None,
        fail_jobs: bool = False,
        failure_message: str = "Content policy violation: prompt rejected",
        cdn_broken: bool = False,
        api_key: str | None = None,
        **kw: Any,
    ) -> None:
        self.api_key = api_key  # when set, a job lookup with another Bearer key is a 401
        self.cdn = cdn or CdnOrigin()
        self._own_cdn = cdn is None
        self.statuses = list(
            statuses
            if statuses is not None
            else ["queued", "preprocessing", "running", "processing"]
        )
        self.fail_jobs = fail_jobs
        self.failure_message = failure_message
        self.cdn_broken = cdn_broken
        kw.setdefault("base_path", "/v1")
        super().__init__(**kw)

    def setup(self) -> None:
        self.jobs: dict[str, dict[str, Any]] = {}
        self.creates: list[dict[str, Any]] = []
        self._seq = itertools.count(1)
        self._state = threading.Lock()
        self.route("POST", "/video/generations/jobs", self._create)
        self.route("GET", "/video/generations/jobs/{id}", self._get)
        self.route("GET", "/video/generations/{gen}/content/video", self._content)

    def start(self) -> Self:
        if self._own_cdn:
            self.cdn.start()
        return super().start()

    def stop(self) -> None:
        super().stop()
        if self._own_cdn:
            self.cdn.stop()

    def _create(self, req: Request) -> Reply:
        try:
            body = req.json() or {}
        except ValueError:
            return Reply.text("invalid JSON body", 400)
        self.creates.append(body)
        for side in ("width", "height"):
            if body.get(side) not in SIDES:
                return Reply.json({"error": {"message": f"{side} must be one of {SIDES}"}}, 400)
        n = body.get("n_seconds")
        if not isinstance(n, int) or not 1 <= n <= 20:
            return Reply.json({"error": {"message": "n_seconds must be 1-20"}}, 400)
        if not body.get("prompt"):
            return Reply.json({"error": {"message": "prompt is required"}}, 400)
        job_id = (
            f"task_{next(self._seq):04d}{hashlib.sha1(body['prompt'].encode()).hexdigest()[:10]}"
        )
        job = {
            "id": job_id,
            "status": "queued",
            "created_at": int(time.time()),
            "_polls": 0,
            "_request": body,
        }
        with self._state:
            self.jobs[job_id] = job
        return Reply.json({"id": job_id, "status": "queued", "created_at": job["created_at"]})

    def _get(self, req: Request) -> Reply:
        if self.api_key and req.headers.get("authorization") != f"Bearer {self.api_key}":
            return Reply.json({"error": {"message": "Invalid API key"}}, 401)
        job = self.jobs.get(req.params["id"])
        if job is None:
            return Reply.json({"error": {"message": f"job {req.params['id']} not found"}}, 404)
        with self._state:
            step = job["_polls"]
            job["_polls"] += 1
        if step < len(self.statuses):
            return Reply.json({"id": job["id"], "status": self.statuses[step]})
        if self.fail_jobs:
            return Reply.json({"id": job["id"], "status": "failed", "error": self.failure_message})
        gen_id = "gen_" + job["id"].removeprefix("task_")
        blob = f"{gen_id}.mp4"
        if not self.cdn_broken:
            self.cdn.put_blob(blob, self.result_media or video_bytes(job["id"]))
        return Reply.json(
            {
                "id": job["id"],
                "status": "succeeded",
                "generations": [
                    {"id": gen_id, "output": {"video_url": self.cdn.url(f"/blobs/{blob}")}}
                ],
            }
        )

    def _content(self, req: Request) -> Reply:
        job_id = "task_" + req.params["gen"].removeprefix("gen_")
        if job_id not in self.jobs:
            return Reply.text("generation not found", 404)
        return serve_file(req, self.result_media or video_bytes(job_id), "video/mp4")


def create(port: int = 0, **switches: Any) -> FakeShuttleAI:
    return FakeShuttleAI(port=port, **switches)

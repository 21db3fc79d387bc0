"""A fake of the studio platform (seeds/studio-platform.txt) on its documented paths.

Jobs move one step per status poll: through the queue (position N … 1), then processing with
a growing `progress`, then `completed` with a `filename` (or `error`, when `fail_with` is set).
Credits are charged at create with the platform's own price arithmetic (kept in hundredths,
independent of the adapter's float formula). Switches, through `create(**switches)` or the
attributes of the same name: api_key, tier, credits, queue_ahead, work_polls, fail_with,
result_name (a server file name to hand out, e.g. "../../escape.mp4").
"""

from __future__ import annotations

import itertools
import re
import threading
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

from tests.fakes import platform_account
from tests.fakes.platform_edits import register as register_edit_routes
from tests.fakes.platform_inputs import input_problem
from tests.fakes.platform_projects import register as register_project_routes
from tests.fakes.platform_prompts import register as register_prompt_routes
from tests.fakes.platform_sound import register as register_sound_routes
from tests.fakes.server import FakeService, Reply, Request, serve_file

API_KEY = "pk-platform-test-KEY-0001"
# (base, per_frame, per_step) in hundredths of a credit, as the platform prices them
RATES = {"wan-t2v": (1000, 20, 50), "ltx-t2v": (800, 15, 30), "wan-i2v": (1200, 20, 50),
         "ltx-flf": (1200, 15, 30), "wan-s2v": (1500, 25, 50), "v2v": (300, 0, 0),
         "wan-flf": (1200, 20, 50), "echomimic": (1200, 15, 30),
         "liveportrait": (800, 10, 0)}  # fmt: skip
IMAGE_CREDITS = {"sd15": 2, "flux": 5}
PARAM_FIELDS = ("frames", "steps", "width", "height", "seed", "cfg", "negative_prompt")
# the seed's "Subscription Tiers" table: max frames, max resolution
LIMITS = {"free": (81, "480p"), "starter": (121, "1080p"), "creator": (201, "4K"),
          "pro": (301, "4K"), "studio": (301, "4K"), "enterprise": (999, "4K")}

VIDEO_MODELS: list[dict[str, Any]] = [
    {
        "id": "wan-t2v", "name": "WAN 2.2", "type": "t2v",
        "defaults": {"width": 832, "height": 480, "frames": 41, "steps": 4, "cfg": 1.0},
        "parameters": {
            "frames": {"type": "int", "min": 9, "max": 201, "default": 41},
            "steps": {"type": "int", "min": 1, "max": 50, "default": 4},
            "sampler": {"type": "string", "options": ["euler", "sa_solver", "dpmpp_2m"]},
        },
        "cost": {"base": 10, "per_frame": 0.2, "per_step": 0.5},
    },
    # no "type" and no parameters: the adapter falls back to the seed's tables
    {"id": "ltx-t2v", "name": "LTX 2.3", "defaults": {"frames": 97, "steps": 8}},
    {"id": "wan-i2v", "name": "WAN 2.2 I2V", "type": "i2v",
     "parameters": {"frames": {"min": 9, "max": 121}}},
    {"id": "ltx-flf", "name": "LTX 2.3 First-Last Frame", "type": "flf"},
    {"id": "wan-s2v", "name": "WAN 2.2 Sound-to-Video", "type": "s2v"},
    # listed as the seed lists them: no type, so the adapter knows them from the seed's tables
    {"id": "wan-flf", "name": "WAN 2.2 First-Last Frame"},
    {"id": "echomimic", "name": "EchoMimic"},
    {"id": "liveportrait", "name": "LivePortrait"},
]  # fmt: skip
IMAGE_MODELS = [
    {"id": "sd15", "name": "Stable Diffusion 1.5", "defaults": {"steps": 20}, "credit_cost": 2},
    {"id": "flux", "name": "Flux 2 Klein", "defaults": {"width": 1024, "height": 1024},
     "credit_cost": 5},
]  # fmt: skip


def video_bytes(job_id: str) -> bytes:
    """Deterministic, non-repeating-looking content so a corrupted download cannot match."""
    return b"".join(f"{job_id}:{i:08d}|".encode() for i in range(20_000))


class PlatformFake(FakeService):
    name = "platform"

    def setup(self) -> None:
        self.api_key = API_KEY
        self.tier = "creator"
        self.credits = 500.0
        self.queue_ahead = 2
        self.work_polls = 2
        self.fail_with: str | None = None
        self.result_name: str | None = None
        self.jobs: dict[str, dict[str, Any]] = {}
        self.files: dict[str, bytes] = {}
        self.uploads: dict[str, bytes] = {}
        self.generations: list[dict[str, Any]] = []
        self._ids = itertools.count(101)
        self._lock = threading.RLock()
        # job kinds other routes add: how one finishes (its file) and the key that names it
        self.finishers: dict[str, Any] = {}
        self.result_keys: dict[str, str] = {}
        r = self.route
        r("GET", "/api/models", lambda req: self._authed(req) or {"models": VIDEO_MODELS})
        r("GET", "/api/image-models", lambda req: self._authed(req) or IMAGE_MODELS)
        r("POST", "/api/generate", self._generate)
        r("POST", "/api/generate-image", self._generate_image)
        r("POST", "/api/generate-v2v", self._v2v)
        r("POST", "/api/extend-video", self._extend)
        r("POST", "/api/upload-image", self._upload)
        r("GET", "/api/status", self._status)
        r("POST", "/api/cancel", self._cancel)
        r("GET", "/api/queue", self._queue)
        r("GET", "/api/generation-cost", self._cost)
        r("GET", "/api/video/{name}", self._file)
        r("GET", "/api/image/{name}", self._file)
        r("GET", "/api/generations", self._history)
        r("DELETE", "/api/generations/{id}", self._delete)
        r("POST", "/api/generations/{id}/favorite", self._favorite)
        r("POST", "/api/generations/{id}/share", self._share)
        r("GET", "/api/auth/check", self._auth_check)
        r("GET", "/api/credits", self._credits)
        register_prompt_routes(self)
        register_project_routes(self)
        register_edit_routes(self)
        platform_account.register(self)
        register_sound_routes(self)

    # -- helpers ---------------------------------------------------------------------
    def _authed(self, req: Request) -> Reply | None:
        """None when the Bearer key is right, else the platform's 401."""
        if req.headers.get("authorization") != f"Bearer {self.api_key}":
            return Reply.json({"error": "Invalid or missing API key"}, 401)
        return None

    def _price(self, model: str, frames: int, steps: int) -> int:
        base, per_frame, per_step = RATES[model]
        hundredths = base + frames * per_frame + steps * per_step
        return -(-hundredths // 100)  # ceiling division, whole credits

    def _new_job(self, kind: str, body: dict[str, Any], cost: float) -> str | Reply:
        with self._lock:
            if cost > self.credits:
                return Reply.json(
                    {"error": "Insufficient credits", "required": cost, "balance": self.credits},
                    402,
                )
            self.credits -= cost
            job_id = f"job-{next(self._ids)}"
            platform_account.charge(self, -cost, f"{body.get('model', kind)} {job_id}")
            ahead = self.queue_ahead
            self.jobs[job_id] = {"kind": kind, "body": body, "polls": 0, "ahead": ahead,
                                 "status": "queued", "cost": cost}  # fmt: skip
            self.generations.insert(0, {
                "id": int(job_id.split("-")[1]), "job_id": job_id, "kind": kind,
                "prompt": body.get("prompt", ""), "model": body.get("model", kind),
                "status": "queued", "filename": None, "is_favorite": False, "is_public": False,
                "created_at": datetime.now(UTC).isoformat(),
                # "full metadata": the parameters the generation was made with
                **{k: body[k] for k in PARAM_FIELDS if k in body},
            })  # fmt: skip
            return job_id

    def add_outside_generation(self, prompt: str, **kw: Any) -> dict[str, Any]:
        """A finished generation made in the platform's web app, not through this fake."""
        return platform_account.add_outside_generation(self, prompt, **kw)

    def _generation(self, gen_id: str) -> dict[str, Any] | None:
        return next((g for g in self.generations if str(g["id"]) == gen_id), None)

    # -- generation ------------------------------------------------------------------
    def _generate(self, req: Request) -> Reply | dict:
        if denied := self._authed(req):
            return denied
        body = req.json() or {}
        if not body.get("prompt"):
            return Reply.json({"error": "prompt is required"}, 400)
        model = body.get("model", "wan-t2v")
        if model not in RATES:
            return Reply.json({"error": f"Unknown model {model}"}, 400)
        if problem := input_problem(self, body):
            return Reply.json({"error": problem}, 400)
        max_frames = LIMITS[self.tier][0]
        if body.get("frames", 0) > max_frames:
            return Reply.json({"error": f"Your tier allows at most {max_frames} frames"}, 403)
        out = self._new_job("video", body, self._price(model, body.get("frames", 41),
                                                       body.get("steps", 4)))  # fmt: skip
        return out if isinstance(out, Reply) else {"job_id": out, "status": "queued"}

    def _generate_image(self, req: Request) -> Reply | list:
        if denied := self._authed(req):
            return denied
        body = req.json() or {}
        out = self._new_job("image", body, IMAGE_CREDITS.get(body.get("model", "sd15"), 2))
        return out if isinstance(out, Reply) else [{"job_id": out}]

    def _v2v(self, req: Request) -> Reply | dict:
        if denied := self._authed(req):
            return denied
        body = req.json() or {}
        if body.get("video_filename") not in self.files:
            return Reply.json({"error": "Video not found"}, 404)
        out = self._new_job("v2v", {**body, "model": "v2v"}, 3)
        return out if isinstance(out, Reply) else {"job_id": out}

    def _extend(self, req: Request) -> Reply | dict:
        if denied := self._authed(req):
            return denied
        name = (req.json() or {}).get("video_filename")
        if name not in self.files:
            return Reply.json({"error": "Video not found"}, 404)
        frame = f"lastframe_{name.rsplit('.', 1)[0]}.png"
        self.uploads[frame] = b"\x89PNG last frame"
        return {"success": True, "image_filename": frame}

    def _upload(self, req: Request) -> Reply | dict:
        if denied := self._authed(req):
            return denied
        m = re.search(
            rb'name="image"; filename="([^"]+)"\r\n(?:[^\r\n]+\r\n)*\r\n', req.body or b""
        )
        if not m:
            return Reply.json({"error": "No image file provided"}, 400)
        end = (req.body or b"").index(b"\r\n--", m.end())
        name = f"upload_{next(self._ids)}_{m.group(1).decode()}"
        self.uploads[name] = (req.body or b"")[m.end() : end]
        return {"filename": name}

    # -- jobs ------------------------------------------------------------------------
    def _status(self, req: Request) -> Reply | dict:
        if denied := self._authed(req):
            return denied
        with self._lock:
            job = self.jobs.get(req.arg("job_id") or "")
            if job is None:
                return Reply.json({"error": "Job not found"}, 404)
            job_id = req.arg("job_id") or ""
            if job["status"] in ("completed", "error", "cancelled"):
                return self._job_view(job_id, job)
            job["polls"] += 1
            n, ahead = job["polls"], job["ahead"]
            if n <= ahead:  # waiting: position counts down to 1
                job["status"] = "queued"
                return {"status": "queued", "queue_position": ahead - n + 1, "job_id": job_id}
            if n <= ahead + self.work_polls:
                job["status"] = "processing"
                pct = round(100 * (n - ahead) / (self.work_polls + 1))
                return {"status": "processing", "progress": pct, "job_id": job_id,
                        "node": "KSampler"}  # fmt: skip
            self._finish(job_id, job)
            return self._job_view(job_id, job)

    def _finish(self, job_id: str, job: dict[str, Any]) -> None:
        gen = next(g for g in self.generations if g["job_id"] == job_id)
        if self.fail_with:
            job["status"], job["error"] = "error", self.fail_with
            self.credits += job["cost"]  # refunded, as a failed render is not billed
            platform_account.charge(self, job["cost"], f"refund {job_id}")
        elif job["kind"] in self.finishers:
            name, data = self.finishers[job["kind"]](job_id, job)
            job["status"], job["filename"] = "completed", name
            self.files[name] = data
            gen["filename"] = name
        else:
            ext = ".png" if job["kind"] == "image" else ".mp4"
            name = self.result_name or f"gen_{job_id}{ext}"
            job["status"], job["filename"] = "completed", name
            media = self.result_image if job["kind"] == "image" else self.result_media
            self.files[name] = media or video_bytes(job_id)
            gen["filename"] = name
        gen["status"] = job["status"]

    def _job_view(self, job_id: str, job: dict[str, Any]) -> dict:
        view = {"job_id": job_id, "status": job["status"]}
        for key in ("filename", "error"):
            if job.get(key):
                view[self.result_keys.get(job["kind"], key) if key == "filename" else key] = \
                    job[key]
        if job["status"] == "completed":
            view["progress"] = 100
        return view

    def _cancel(self, req: Request) -> Reply | dict:
        if denied := self._authed(req):
            return denied
        job_id = (req.json() or {}).get("job_id")
        with self._lock:
            job = self.jobs.get(job_id)
            if job is None:
                return Reply.json({"error": "Job not found"}, 404)
            if job["status"] not in ("completed", "error"):
                job["status"] = "cancelled"
        return {"success": True, "job_id": job_id}

    def _queue(self, req: Request) -> Reply | dict:
        if denied := self._authed(req):
            return denied
        with self._lock:
            active = [
                {"job_id": k, "status": j["status"], "position": max(0, j["ahead"] - j["polls"])}
                for k, j in self.jobs.items()
                if j["status"] in ("queued", "processing")
            ]
        positions = [a["position"] for a in active if a["position"]]
        return {"queue_length": len(active) + 3, "active_jobs": active,
                "position": min(positions) if positions else None}  # fmt: skip

    def _cost(self, req: Request) -> Reply | dict:
        if denied := self._authed(req):
            return denied
        model = req.arg("model") or ""
        if model not in RATES:
            return Reply.json({"error": f"Unknown model {model}"}, 400)
        frames, steps = int(req.arg("frames") or 41), int(req.arg("steps") or 4)
        return {"model": model, "cost": self._price(model, frames, steps), "currency": "credits"}

    def _file(self, req: Request) -> Reply:
        if denied := self._authed(req):
            return denied
        data = self.files.get(unquote(req.params["name"]))
        if data is None:
            return Reply.json({"error": "File not found"}, 404)
        return serve_file(req, data, "video/mp4")

    # -- history and account ---------------------------------------------------------
    def _history(self, req: Request) -> Reply | dict:
        if denied := self._authed(req):
            return denied
        limit, offset = int(req.arg("limit") or 50), int(req.arg("offset") or 0)
        items = [g for g in self.generations
                 if g["kind"] != "image" and g["kind"] not in self.finishers]
        return {"generations": items[offset : offset + limit], "total": len(items)}

    def _delete(self, req: Request) -> Reply | dict:
        if denied := self._authed(req):
            return denied
        gen = self._generation(req.params["id"])
        if gen is None:
            return Reply.json({"error": "Generation not found"}, 404)
        self.generations.remove(gen)
        self.files.pop(gen.get("filename") or "", None)
        return {"success": True}

    def _favorite(self, req: Request) -> Reply | dict:
        if denied := self._authed(req):
            return denied
        gen = self._generation(req.params["id"])
        if gen is None:
            return Reply.json({"error": "Generation not found"}, 404)
        gen["is_favorite"] = not gen["is_favorite"]
        return {"success": True, "is_favorite": gen["is_favorite"]}

    def _share(self, req: Request) -> Reply | dict:
        if denied := self._authed(req):
            return denied
        gen = self._generation(req.params["id"])
        if gen is None:
            return Reply.json({"error": "Generation not found"}, 404)
        gen["share_token"] = f"shr{gen['id']}tok"
        return {"success": True, "share_token": gen["share_token"]}

    def _auth_check(self, req: Request) -> Reply | dict:
        if denied := self._authed(req):
            return denied
        max_frames, resolution = LIMITS[self.tier]
        return {"authenticated": True, "username": "maker", "tier": self.tier,
                "credits": self.credits, "is_admin": False,
                "limits": {"max_frames": max_frames, "max_resolution": resolution}}  # fmt: skip

    def _credits(self, req: Request) -> Reply | dict:
        if denied := self._authed(req):
            return denied
        allowance = {"free": 150, "starter": 500, "creator": 1500, "pro": 5000,
                     "studio": 15000, "enterprise": 50000}[self.tier]
        return {"balance": self.credits, "tier": self.tier, "monthly_allowance": allowance}


def create(port: int = 0, **switches: Any) -> PlatformFake:
    fake = PlatformFake(port=port)
    for key, value in switches.items():
        if not hasattr(fake, key) or key.startswith("_"):
            raise ValueError(f"unknown switch {key!r}")
        setattr(fake, key, value)
    return fake

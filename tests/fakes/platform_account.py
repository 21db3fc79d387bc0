"""The studio platform's account, credits, backend and history-management endpoints
(seeds/studio-platform.txt: "Credits & Billing", "Additional Video Endpoints", images) on the
platform fake: /api/credits/history (a ledger the fake writes at every charge and refund),
/api/comfyui/status, /api/image-generations (list, delete), /api/generations/{id}/public.
`fake.add_outside_generation(...)` puts a finished generation in the history as if it had
been made in the platform's web app (no job through this fake's create, no charge).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tests.fakes.server import Reply, Request

if TYPE_CHECKING:
    from tests.fakes.platform import PlatformFake


def register(fake: PlatformFake) -> None:
    fake.credit_log: list[dict[str, Any]] = []
    fake.gpu_online = True
    routes = _Routes(fake)
    r = fake.route
    r("GET", "/api/credits/history", routes.credit_history)
    r("GET", "/api/comfyui/status", routes.gpu_status)
    r("GET", "/api/image-generations", routes.image_history)
    r("DELETE", "/api/image-generations/{id}", routes.delete_image)
    r("POST", "/api/generations/{id}/public", routes.public)


def charge(fake: PlatformFake, amount: float, description: str) -> None:
    """One ledger line: negative for a charge, positive for a refund."""
    fake.credit_log.insert(0, {"amount": amount, "description": description,
                               "balance_after": fake.credits,
                               "created_at": datetime.now(UTC).isoformat()})


def add_outside_generation(fake: PlatformFake, prompt: str, *, model: str = "wan-t2v",
                           kind: str = "video", media: bytes | None = None,
                           params: dict[str, Any] | None = None) -> dict[str, Any]:
    from tests.fakes.platform import video_bytes

    with fake._lock:
        number = next(fake._ids)
        ext = ".png" if kind == "image" else ".mp4"
        name = f"web_{number}{ext}"
        fake.files[name] = media or video_bytes(f"web-{number}")
        gen = {"id": number, "job_id": f"web-job-{number}", "kind": kind, "prompt": prompt,
               "model": model, "status": "completed", "filename": name, "is_favorite": False,
               "is_public": False, "created_at": datetime.now(UTC).isoformat(),
               **(params or {})}
        fake.generations.insert(0, gen)
        return gen


class _Routes:
    def __init__(self, fake: PlatformFake) -> None:
        self.fake = fake

    def credit_history(self, req: Request) -> Reply | dict:
        if denied := self.fake._authed(req):
            return denied
        return {"transactions": list(self.fake.credit_log)}

    def gpu_status(self, req: Request) -> Reply | dict:
        if denied := self.fake._authed(req):
            return denied
        return {"online": self.fake.gpu_online, "status": "online" if self.fake.gpu_online
                else "offline"}

    def image_history(self, req: Request) -> Reply | dict:
        if denied := self.fake._authed(req):
            return denied
        limit, offset = int(req.arg("limit") or 50), int(req.arg("offset") or 0)
        items = [g for g in self.fake.generations if g["kind"] == "image"]
        return {"generations": items[offset:offset + limit], "total": len(items)}

    def delete_image(self, req: Request) -> Reply | dict:
        if denied := self.fake._authed(req):
            return denied
        gen = self.fake._generation(req.params["id"])
        if gen is None or gen["kind"] != "image":
            return Reply.json({"error": "Image generation not found"}, 404)
        self.fake.generations.remove(gen)
        self.fake.files.pop(gen.get("filename") or "", None)
        return {"success": True}

    def public(self, req: Request) -> Reply | dict:
        if denied := self.fake._authed(req):
            return denied
        gen = self.fake._generation(req.params["id"])
        if gen is None:
            return Reply.json({"error": "Generation not found"}, 404)
        gen["is_public"] = not gen.get("is_public", False)
        return {"success": True, "is_public": gen["is_public"]}

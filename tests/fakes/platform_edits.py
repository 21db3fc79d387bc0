"""The platform's edit and AI tool routes (seeds/studio-platform.txt, "Editing & Tools") on the
platform fake. Each checks the key, its inputs and the seed's ranges, refuses what the plan does
not allow, charges the seed's credits, and answers with the file it made. The result of a video
edit has the source's bytes (so a real clip stays playable); upscaling is slow on a real GPU, so
it answers with a `job_id` polled through /api/status like a generation.

Switch (an attribute on the fake): `edits_async` — the set of tool names answered with a job.
"""

from __future__ import annotations

import email.parser
import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tests.fakes.server import Reply, Request

if TYPE_CHECKING:
    from tests.fakes.platform import PlatformFake

TIER_ORDER = ["free", "starter", "creator", "pro", "studio", "enterprise"]
PNG = b"\x89PNG\r\n\x1a\n"


def form(req: Request) -> dict[str, tuple[str | None, bytes]]:
    """multipart/form-data → {field: (file name or None, bytes)}."""
    head = f"Content-Type: {req.headers.get('content-type', '')}\r\n\r\n".encode()
    msg = email.parser.BytesParser().parsebytes(head + (req.body or b""))
    out: dict[str, tuple[str | None, bytes]] = {}
    if not msg.is_multipart():
        return out
    for part in msg.get_payload():
        name = part.get_param("name", header="content-disposition")
        if name:
            out[name] = (part.get_filename(), part.get_payload(decode=True) or b"")
    return out


def register(fake: PlatformFake) -> None:
    fake.edits_async = {"upscale-video"}
    fake.edit_count = 0

    def bad(message: str, status: int = 400) -> Reply:
        return Reply.json({"error": message}, status)

    def needs_tier(tier: str, what: str) -> Reply | None:
        if TIER_ORDER.index(fake.tier) < TIER_ORDER.index(tier):
            return bad(f"{what} requires {tier.capitalize()} tier or higher", 403)
        return None

    def charge(credits: float) -> Reply | None:
        with fake._lock:
            if credits > fake.credits:
                return bad("Insufficient credits", 402)
            fake.credits -= credits
        return None

    def store(name: str, data: bytes) -> str:
        fake.edit_count += 1
        stem, _, ext = name.rpartition(".")
        final = f"{stem}_{fake.edit_count}.{ext}"
        fake.files[final] = data
        return final

    def source(body: dict[str, Any]) -> bytes | Reply:
        name = body.get("video_filename")
        if name not in fake.files:
            return bad("Video not found", 404)
        return fake.files[name]

    def number(body: dict[str, Any], key: str, low: float, high: float) -> float | Reply:
        value = body.get(key)
        if not isinstance(value, (int, float)) or not low <= value <= high:
            return bad(f"{key} must be between {low:g} and {high:g}")
        return float(value)

    def video_edit(op: str, check: Callable[[dict[str, Any]], Reply | None]):
        def handler(req: Request) -> Reply | dict:
            if denied := fake._authed(req):
                return denied
            body = req.json() or {}
            data = source(body)
            if isinstance(data, Reply):
                return data
            if refused := check(body):
                return refused
            if refused := charge(3):
                return refused
            name = store(f"edit_{op}.mp4", data)
            return {"success": True, "filename": name, "credits_used": 3}
        return handler

    def trim_check(body: dict[str, Any]) -> Reply | None:
        start, end = body.get("start_seconds"), body.get("end_seconds")
        if not isinstance(start, (int, float)) or not isinstance(end, (int, float)) \
                or start < 0 or end <= start:
            return bad("start_seconds and end_seconds must satisfy 0 <= start < end")
        return None

    def speed_check(body: dict[str, Any]) -> Reply | None:
        out = number(body, "speed_factor", 0.25, 4.0)
        return out if isinstance(out, Reply) else None

    def crop_check(body: dict[str, Any]) -> Reply | None:
        if not all(isinstance(body.get(k), int) and body[k] >= 0
                   for k in ("x", "y", "width", "height")):
            return bad("x, y, width and height are required integers")
        return None

    def resize_check(body: dict[str, Any]) -> Reply | None:
        if body.get("preset") in ("1080p", "720p") and "width" not in body:
            return None
        if "preset" not in body and isinstance(body.get("width"), int) \
                and isinstance(body.get("height"), int):
            return None
        return bad("give preset (1080p, 720p) or width and height")

    def overlay_check(body: dict[str, Any]) -> Reply | None:
        if not body.get("text"):
            return bad("text is required")
        if body.get("end_time", 1) <= body.get("start_time", 0):
            return bad("end_time must be after start_time")
        return None

    r = fake.route
    r("POST", "/api/edit/trim", video_edit("trim", trim_check))
    r("POST", "/api/edit/speed", video_edit("speed", speed_check))
    r("POST", "/api/edit/crop", video_edit("crop", crop_check))
    r("POST", "/api/edit/resize", video_edit("resize", resize_check))
    r("POST", "/api/edit/text-overlay", video_edit("text-overlay", overlay_check))

    def merge(req: Request) -> Reply | dict:
        if denied := fake._authed(req):
            return denied
        names = (req.json() or {}).get("video_filenames")
        if not isinstance(names, list) or not 2 <= len(names) <= 20:
            return bad("video_filenames must list 2 to 20 videos")
        if any(n not in fake.files for n in names):
            return bad("Video not found", 404)
        if refused := charge(max(3, 2 * len(names))):
            return refused
        return {"success": True, "filename": store("merged.mp4", fake.files[names[0]])}

    def upscale(req: Request) -> Reply | dict:
        if denied := fake._authed(req) or needs_tier("creator", "Upscale"):
            return denied
        body = req.json() or {}
        data = source(body)
        if isinstance(data, Reply):
            return data
        factor = body.get("scale_factor")
        if not isinstance(factor, int) or not 2 <= factor <= 4:
            return bad("scale_factor must be 2, 3 or 4")
        cost = 2  # "~2 per 10 s (min 2)": the fake does not decode video; its clips are short
        if "upscale-video" in fake.edits_async:
            out = fake._new_job("video", {**body, "model": "upscale"}, cost)
            return out if isinstance(out, Reply) else {"job_id": out, "status": "queued"}
        if refused := charge(cost):
            return refused
        return {"filename": store("upscaled.mp4", data)}

    def tool(make: Callable[[dict[str, Any], bytes], Reply | dict]):
        def handler(req: Request) -> Reply | dict:
            if denied := fake._authed(req):
                return denied
            body = req.json() or {}
            data = source(body)
            if isinstance(data, Reply):
                return data
            out = make(body, data)
            if isinstance(out, Reply):
                return out
            if refused := charge(1):
                return refused
            return out
        return handler

    def frames(body: dict[str, Any], data: bytes) -> Reply | dict:
        mode = body.get("mode")
        if mode not in ("first", "last", "middle", "all_1fps"):
            return bad("mode must be first, last, middle or all_1fps")
        count = 3 if mode == "all_1fps" else 1
        names = [store(f"frame_{mode}.png", PNG + f"{mode}:{i}".encode() + data[:16])
                 for i in range(count)]
        return {"success": True, "frames": names}

    def gif(body: dict[str, Any], data: bytes) -> Reply | dict:
        if not isinstance(body.get("width"), int) or not isinstance(body.get("fps"), int):
            return bad("width and fps are required integers")
        return {"success": True, "filename": store("clip.gif", b"GIF89a" + data[:64])}

    def quick_trim(body: dict[str, Any], data: bytes) -> Reply | dict:
        if body.get("end_time", 0) <= body.get("start_time", 0):
            return bad("end_time must be after start_time")
        return {"success": True, "filename": store("trimmed.mp4", data)}

    r("POST", "/api/tools/upscale-video", upscale)
    r("POST", "/api/tools/extract-frames", tool(frames))
    r("POST", "/api/tools/video-to-gif", tool(gif))
    r("POST", "/api/tools/trim-video", tool(quick_trim))
    r("POST", "/api/edit/merge", merge)

    def watermark(req: Request) -> Reply | dict:
        if denied := fake._authed(req):
            return denied
        parts = form(req)
        name = (parts.get("video_filename") or (None, b""))[1].decode()
        if name not in fake.files:
            return bad("Video not found", 404)
        kind = (parts.get("type") or (None, b""))[1].decode()
        if kind == "text" and not parts.get("text", (None, b""))[1]:
            return bad("text is required for a text watermark")
        if kind == "image" and "image" not in parts:
            return bad("an image file is required for an image watermark")
        if kind not in ("text", "image"):
            return bad("type must be text or image")
        if refused := charge(1):
            return refused
        return {"success": True, "filename": store("watermarked.mp4", fake.files[name])}

    def remove_background(req: Request) -> Reply | dict:
        if denied := fake._authed(req):
            return denied
        image = form(req).get("image")
        if image is None or not image[1]:
            return bad("No image file provided")
        if refused := charge(1):
            return refused
        digest = hashlib.sha256(image[1]).hexdigest()[:12].encode()
        return {"success": True, "filename": store("nobg.png", PNG + b"nobg:" + digest)}

    def face_swap(req: Request) -> Reply | dict:
        if denied := fake._authed(req) or needs_tier("pro", "Face swap"):
            return denied
        parts = form(req)
        if not parts.get("source_image") or not parts.get("target_image"):
            return bad("Two image files are required (source_image, target_image)")
        if refused := charge(1):
            return refused
        return {"success": True, "filename": store("faceswap.png", PNG + b"swapped")}

    r("POST", "/api/tools/add-watermark", watermark)
    r("POST", "/api/tools/remove-background", remove_background)
    r("POST", "/api/tools/face-swap", face_swap)

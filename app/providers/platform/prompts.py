"""The studio platform's prompt and studio endpoints (seeds/studio-platform.txt, "Prompt Tools &
Templates" and "Studio & Projects"): enhance a prompt, autocomplete from history, saved
templates, and the AI script breakdown. Built on the Platform adapter's own HttpClient, so the
key, origin rule and retries are the adapter's.

The seed names these paths and, for POST /api/templates only, the body fields. Everything else
below is an assumption, parsed defensively (WIRE-NOTES §5: keep unknown fields, accept the
likely spellings):

* POST /api/generate-prompt — we send {"prompt": <idea or current prompt>} (plus "model" when
  known); the answer's text is read from "prompt", "enhanced_prompt", "generated_prompt" or
  "result" (a bare JSON string is accepted too).
* GET /api/prompts/autocomplete — we send ?q=<typed text>&limit=N; the answer is a list (or
  {"suggestions": [...]}/{"prompts": [...]}) of strings or objects carrying "prompt"/"text".
* GET /api/templates — a list or {"templates": [...]}; each {"id", "name", "prompt",
  "negative_prompt", "model"} (the POST fields, plus an id).
* POST /api/studio/script-to-shots — we send {"script": <text>}; the answer is a list or
  {"shots": [...]} whose items carry the fields the seed documents for a project shot
  ("prompt", "notes", "duration", "shot_type", "camera_move", "transition"), plus "title" when
  present; a bare string item is a prompt.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from pydantic import BaseModel, Field

from app.providers.errors import ServiceError
from app.providers.http import HttpClient

PROVIDER = "platform"
_TEXT_KEYS = ("prompt", "enhanced_prompt", "generated_prompt", "result", "text")


class RemoteTemplate(BaseModel):
    id: str
    name: str
    prompt: str
    negative_prompt: str = ""
    model: str = ""
    extra: dict[str, Any] = Field(default_factory=dict)  # unknown fields, kept


class RemoteShot(BaseModel):
    prompt: str
    title: str = ""
    notes: str = ""
    duration: float | None = None
    shot_type: str = ""
    camera_move: str = ""
    transition: str = ""
    extra: dict[str, Any] = Field(default_factory=dict)


class PlatformPrompts:
    """The prompt/studio endpoints. Create with `PlatformPrompts(platform.http)`."""

    def __init__(self, http: HttpClient) -> None:
        self.http = http

    # -- prompt tools --------------------------------------------------------------------
    async def enhance(self, prompt: str, *, model: str | None = None) -> str:
        body: dict[str, Any] = {"prompt": prompt}
        if model:
            body["model"] = model
        # AI work the service may bill for: never re-sent once it may have arrived
        resp = await self.http.request("POST", "/api/generate-prompt", json=body,
                                       idempotent=False)  # fmt: skip
        text = _text(resp.json() if resp.content else None)
        if not text:
            raise ServiceError(
                f"the platform answered without a prompt: {resp.text[:200]}", provider=PROVIDER
            )
        return text

    async def autocomplete(self, text: str, *, limit: int = 8) -> list[str]:
        resp = await self.http.request(
            "GET", "/api/prompts/autocomplete", params={"q": text, "limit": limit}
        )
        data = resp.json() if resp.content else []
        items = _items(data, "suggestions", "prompts", "results")
        out: list[str] = []
        for item in items:
            value = item if isinstance(item, str) else _text(item)
            if value and value not in out:
                out.append(value)
        return out[:limit]

    # -- templates -----------------------------------------------------------------------
    async def templates(self) -> list[RemoteTemplate]:
        data = (await self.http.request("GET", "/api/templates")).json()
        return [t for t in (_template(i) for i in _items(data, "templates")) if t is not None]

    async def save_template(self, name: str, prompt: str, negative_prompt: str = "",
                            model: str = "") -> RemoteTemplate:
        body = {"name": name, "prompt": prompt, "negative_prompt": negative_prompt}
        if model:
            body["model"] = model
        # a re-sent save would leave two copies on the server: send once
        resp = await self.http.request("POST", "/api/templates", json=body, idempotent=False)
        data = resp.json() if resp.content else {}
        found = _template({**body, **data}) if isinstance(data, dict) else None
        if found is None and isinstance(data, dict) and isinstance(data.get("template"), dict):
            found = _template({**body, **data["template"]})
        if found is None:
            raise ServiceError(
                f"the platform saved the template but sent no id: {resp.text[:200]}",
                provider=PROVIDER,
            )
        return found

    async def delete_template(self, template_id: str) -> None:
        await self.http.request("DELETE", f"/api/templates/{quote(template_id, safe='')}")

    # -- studio --------------------------------------------------------------------------
    async def script_to_shots(self, script: str) -> list[RemoteShot]:
        resp = await self.http.request("POST", "/api/studio/script-to-shots",
                                       json={"script": script}, idempotent=False)  # fmt: skip
        data = resp.json() if resp.content else None
        shots = [s for s in (_shot(i) for i in _items(data, "shots")) if s is not None]
        if not shots:
            raise ServiceError(
                f"the platform proposed no shots: {resp.text[:200]}", provider=PROVIDER
            )
        return shots


# -- parsing ------------------------------------------------------------------------------


def _items(data: Any, *keys: str) -> list[Any]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in (*keys, "data", "items"):
            if isinstance(data.get(key), list):
                return data[key]
    return []


def _text(data: Any) -> str:
    if isinstance(data, str):
        return data.strip()
    if isinstance(data, dict):
        for key in _TEXT_KEYS:
            if isinstance(data.get(key), str) and data[key].strip():
                return data[key].strip()
    return ""


def _template(item: Any) -> RemoteTemplate | None:
    if not isinstance(item, dict) or item.get("id") is None:
        return None
    prompt = item.get("prompt") or item.get("body") or ""
    if not isinstance(prompt, str) or not prompt.strip():
        return None
    known = {"id", "name", "prompt", "body", "negative_prompt", "model"}
    return RemoteTemplate(
        id=str(item["id"]),
        name=str(item.get("name") or "").strip() or f"Platform template {item['id']}",
        prompt=prompt,
        negative_prompt=str(item.get("negative_prompt") or ""),
        model=str(item.get("model") or ""),
        extra={k: v for k, v in item.items() if k not in known},
    )


def _shot(item: Any) -> RemoteShot | None:
    if isinstance(item, str):
        return RemoteShot(prompt=item.strip()) if item.strip() else None
    if not isinstance(item, dict):
        return None
    prompt = _text(item) or str(item.get("description") or "").strip()
    if not prompt:
        return None
    duration = _seconds(item.get("duration"))
    known = {"prompt", "title", "notes", "duration", "shot_type", "camera_move", "transition"}
    return RemoteShot(
        prompt=prompt,
        title=str(item.get("title") or item.get("name") or ""),
        notes=str(item.get("notes") or ""),
        duration=duration,
        shot_type=str(item.get("shot_type") or ""),
        camera_move=str(item.get("camera_move") or ""),
        transition=str(item.get("transition") or ""),
        extra={k: v for k, v in item.items() if k not in known},
    )


def _seconds(value: Any) -> float | None:
    """A positive duration given as a number or a numeric string ("5", "4.5s"), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip().removesuffix("s").strip()
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return None
    return seconds if seconds > 0 else None

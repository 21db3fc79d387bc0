"""The platform fake's prompt-tool, template and script-breakdown routes (registered from
PlatformFake.setup()). Shapes are the ones app/providers/platform/prompts.py documents as its
assumptions; the behaviour is the fake's own (no code shared with the app's splitter):

* POST /api/generate-prompt {"prompt"} → {"success", "prompt": <idea> + a fixed style suffix}
* GET /api/prompts/autocomplete ?q&limit → {"suggestions": [prompts from history containing q]}
* GET/POST /api/templates, DELETE /api/templates/{id} → an in-memory store with integer ids
* POST /api/studio/script-to-shots {"script"} → {"shots": [one per blank-line paragraph]}

State on the fake: `prompt_templates` (id → dict), `prompt_history` (newest first; prompts of
generations made on the fake are included too), and the switch `prompt_answers` (path → a
Reply, dict or list sent instead of the normal answer, for odd or failing answers).
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from tests.fakes.server import Reply, Request

if TYPE_CHECKING:
    from tests.fakes.platform import PlatformFake

ENHANCE_SUFFIX = ", cinematic lighting, shallow depth of field, rich detail, smooth motion"


def register(fake: PlatformFake) -> None:
    fake.prompt_templates: dict[str, dict[str, Any]] = {}
    fake.prompt_history: list[str] = [
        "a red kite over green hills at sunset",
        "a red fox trotting through fresh snow",
        "neon city street in the rain, night",
    ]
    fake.prompt_answers: dict[str, Any] = {}
    template_ids = itertools.count(1)

    def routed(fn):
        """Auth first, then a canned answer if one is set for this path, else `fn`."""

        def handler(req: Request) -> Any:
            if denied := fake._authed(req):
                return denied
            canned = fake.prompt_answers.get(req.path.removeprefix(fake.base_path))
            return canned if canned is not None else fn(req)

        return handler

    def enhance(req: Request) -> Reply | dict:
        idea = str((req.json() or {}).get("prompt") or "").strip()
        if not idea:
            return Reply.json({"error": "prompt is required"}, 400)
        return {"success": True, "prompt": idea.rstrip(".") + ENHANCE_SUFFIX}

    def autocomplete(req: Request) -> Reply | dict:
        q = (req.arg("q") or "").lower()
        limit = int(req.arg("limit") or 10)
        made = [g["prompt"] for g in fake.generations if g.get("prompt")]
        seen: list[str] = []
        for p in [*made, *fake.prompt_history]:
            if q in p.lower() and p not in seen:
                seen.append(p)
        return {"suggestions": seen[:limit]}

    def list_templates(req: Request) -> Reply | dict:
        return {"templates": list(fake.prompt_templates.values())}

    def save_template(req: Request) -> Reply | dict:
        body = req.json() or {}
        if not body.get("name") or not body.get("prompt"):
            return Reply.json({"error": "name and prompt are required"}, 400)
        tid = next(template_ids)
        fake.prompt_templates[str(tid)] = {
            "id": tid, "name": body["name"], "prompt": body["prompt"],
            "negative_prompt": body.get("negative_prompt", ""), "model": body.get("model", ""),
            "created_at": "2025-01-01T00:00:00Z",
        }  # fmt: skip
        return {"success": True, "id": tid}

    def delete_template(req: Request) -> Reply | dict:
        if fake.prompt_templates.pop(req.params["id"], None) is None:
            return Reply.json({"error": "Template not found"}, 404)
        return {"success": True}

    def script_to_shots(req: Request) -> Reply | dict:
        script = str((req.json() or {}).get("script") or "")
        paragraphs = [p.strip() for p in script.split("\n\n") if p.strip()]
        if not paragraphs:
            return Reply.json({"error": "script is required"}, 400)
        shots = [{"title": f"Beat {n}", "prompt": " ".join(p.split()), "duration": 5,
                  "shot_type": "close_up" if "close" in p.lower() else "wide",
                  "camera_move": "dolly_in" if "push" in p.lower() else "static",
                  "notes": "", "transition": "cut", "order": n}
                 for n, p in enumerate(paragraphs, 1)]  # fmt: skip
        return {"success": True, "shots": shots}

    r = fake.route
    r("POST", "/api/generate-prompt", routed(enhance))
    r("GET", "/api/prompts/autocomplete", routed(autocomplete))
    r("GET", "/api/templates", routed(list_templates))
    r("POST", "/api/templates", routed(save_template))
    r("DELETE", "/api/templates/{id}", routed(delete_template))
    r("POST", "/api/studio/script-to-shots", routed(script_to_shots))

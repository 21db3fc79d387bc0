"""A fake Tellers API on the documented wire (seeds/tellers.txt, WIRE-NOTES.md §3).

Switches (create(**switches)):
    crlf=True            SSE lines end in CRLF
    multiline=True       each JSON payload is pretty-printed over several `data:` lines
    plain_json=True      /create answers the final result as application/json, no stream
    noise=True           comments, keep-alives and unknown event names between frames
    urls_shape="items"   /asset/download_urls answers as documented (WIRE-NOTES §3):
                         {items:[{error, error_message, download:{url}}]} | "list" a list |
                         "urls" {urls:{id:url}} | "download_url" {download_url} (one asset)
    failing_assets={}    asset id → error_message: that item answers error: true
    percent_scale=1      export task progress as a fraction (1) or percent (100)
    export_polls=2       task polls before an export is COMPLETE
    fail_export=False    the export task ends FAILED with an error_message
Attributes tests read: conversations (new chats started), cancelled, assets, completed,
aborted, preprocessed, exported (project ids rendered), storage (the CdnOrigin holding
presigned uploads and downloads).
"""

from __future__ import annotations

import itertools
import json
from typing import Any

from tests.fakes.server import CdnOrigin, FakeService, Reply, Request, sse_frame

KEY = "tl-test-key-0001"
VIDEO_BYTES = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 64


class FakeTellers(FakeService):
    name = "tellers"

    def __init__(self, *, storage: CdnOrigin | None = None, **kw: Any) -> None:
        self.switches = {
            "crlf": False,
            "multiline": False,
            "plain_json": False,
            "noise": False,
            "urls_shape": "items",
            "failing_assets": {},
            "percent_scale": 1,
            "export_polls": 2,
            "fail_export": False,
        }
        unknown = set(kw) - set(self.switches) - {"port"}
        if unknown:
            raise TypeError(f"unknown switches {unknown}")
        self.switches.update({k: v for k, v in kw.items() if k in self.switches})
        self._own_storage = storage is None
        self.storage = storage or CdnOrigin()
        super().__init__(port=kw.get("port", 0))

    def setup(self) -> None:
        self.conversations: dict[str, list[str]] = {}  # chat_id → prompts received
        self.cancelled: list[str] = []
        self.assets: dict[str, dict[str, Any]] = {}
        self.completed: list[dict[str, Any]] = []
        self.aborted: list[dict[str, Any]] = []
        self.preprocessed: list[dict[str, Any]] = []
        self.exported: list[str] = []  # project ids asked to render, in order
        self.tasks: dict[str, dict[str, Any]] = {}
        self.files = [
            {"file_name": "interview.mp4", "is_folder": False, "file_id": "f1",
             "file_type": "video", "duration_seconds": 61.5, "last_edit": "2025-01-01"},
            {"file_name": "b-roll", "is_folder": True, "file_id": "f2", "file_type": None,
             "duration_seconds": None, "last_edit": "2025-01-02"},
        ]
        self._ids = itertools.count(1)
        self.route("GET", "/create", self._create)
        self.route("DELETE", "/agent/response/{chat_id}", self._cancel)
        self.route("POST", "/asset/download_urls", self._download_urls)
        self.route("POST", "/users/assets/upload_urls", self._upload_urls)
        self.route("POST", "/users/assets/multipart/complete", self._complete)
        self.route("POST", "/users/assets/multipart/abort", self._abort_upload)
        self.route("POST", "/users/assets/preprocess", self._preprocess)
        self.route("GET", "/users/sources/list_files", self._list_files)
        self.route("GET", "/users/tasks", self._tasks)
        self.route("POST", "/project/{project_id}/export", self._export)

    # -- lifecycle: the storage origin lives and dies with the fake ----------------------
    def start(self):  # type: ignore[override]
        if self._own_storage:
            self.storage.start()
        return super().start()

    def stop(self) -> None:
        super().stop()
        if self._own_storage:
            self.storage.stop()

    # -- helpers ------------------------------------------------------------------------
    def _authorised(self, req: Request) -> Reply | None:
        key = req.headers.get("x-api-key") or req.headers.get("authorization", "")[7:]
        if key != KEY:
            return Reply.json({"detail": "Invalid API key"}, 401)
        return None

    def _frame(self, data: Any, event: str) -> bytes:
        if self.switches["multiline"] and not isinstance(data, str):
            data = json.dumps(data, indent=2)  # several data: lines that join back to JSON
        return sse_frame(data, event, crlf=bool(self.switches["crlf"]))

    def final_for(self, chat_id: str) -> dict[str, Any]:
        return {
            "status": "done",
            "chat_id": chat_id,
            "message": "Here is your nature video.",
            "assets": [{"id": f"asset_{chat_id}_video", "type": "video"},
                       {"id": f"asset_{chat_id}_music", "type": "audio"}],
            "projects": [{"id": f"proj_{chat_id}"}],
        }

    # -- the agent ------------------------------------------------------------------------
    def _create(self, req: Request) -> Reply:
        if (denied := self._authorised(req)) is not None:
            return denied
        prompt = req.arg("prompt")
        if not prompt:
            return Reply.json(
                {"detail": [{"loc": ["query", "prompt"], "msg": "field required",
                             "type": "missing"}]}, 422)
        chat_id = req.arg("chat_id")
        if chat_id:
            if chat_id not in self.conversations:
                return Reply.json({"detail": f"chat {chat_id} not found"}, 404)
            self.conversations[chat_id].append(prompt)
            frames = [
                self._frame({"status": "progressing", "chat_id": chat_id, "progress": 80},
                            "tellers.json_result"),
                self._frame(self.final_for(chat_id), "tellers.json_result"),
            ]
            return Reply.sse(iter(frames))
        chat_id = f"chat_{next(self._ids)}"
        self.conversations[chat_id] = [prompt]
        final = self.final_for(chat_id)
        if self.switches["plain_json"]:
            return Reply.json(final)
        frames = [
            self._frame({"status": "progressing", "chat_id": chat_id, "progress": 0.1,
                         "message": "Planning"}, "tellers.json_result"),
            self._frame({"delta": "Looking for "}, "response.reasoning_summary_text.delta"),
            self._frame({"delta": "forest shots"}, "response.reasoning_summary_text.delta"),
            self._frame({"delta": "Cutting the video"}, "response.output_text.delta"),
            self._frame({"status": "progressing", "chat_id": chat_id, "progress": 60},
                        "tellers.json_result"),
            self._frame(final, "tellers.json_result"),
        ]
        if self.switches["noise"]:
            nl = b"\r\n" if self.switches["crlf"] else b"\n"
            frames.insert(1, b": keep-alive" + nl + nl)
            frames.insert(3, self._frame({"whatever": 1}, "tellers.unknown_event"))
            frames.insert(4, b"retry: 1000" + nl + b"x-custom: 1" + nl + nl)
        return Reply.sse(iter(frames))

    def _cancel(self, req: Request) -> Reply:
        if (denied := self._authorised(req)) is not None:
            return denied
        self.cancelled.append(req.params["chat_id"])
        return Reply.json({"status": "cancelled"})

    def _download_urls(self, req: Request) -> Reply:
        if (denied := self._authorised(req)) is not None:
            return denied
        body = req.json() or {}
        if body.get("quality") not in ("480p", "720p", "1080p", "original"):
            return Reply.json({"detail": [{"loc": ["body", "quality"],
                                           "msg": "unexpected value", "type": "enum"}]}, 422)
        urls = {}
        for asset_id in body.get("asset_ids", []):
            self.storage.put_blob(asset_id, self.result_media or VIDEO_BYTES)
            urls[asset_id] = self.storage.presigned_url(asset_id)
        shape = self.switches["urls_shape"]
        if shape == "items":
            failing = self.switches["failing_assets"]
            return Reply.json({"items": [
                {"error": True, "error_message": failing[a], "download": None} if a in failing
                else {"error": False, "error_message": None, "download": {"url": urls[a]}}
                for a in body.get("asset_ids", [])]})
        if shape == "urls":
            return Reply.json({"urls": urls})
        if shape == "download_url":
            return Reply.json({"download_url": next(iter(urls.values()))})
        return Reply.json([{"asset_id": k, "url": v} for k, v in urls.items()])

    # -- uploads ------------------------------------------------------------------------
    def _upload_urls(self, req: Request) -> Reply:
        if (denied := self._authorised(req)) is not None:
            return denied
        items = req.json()
        if not isinstance(items, list):
            return Reply.json({"detail": [{"loc": ["body"], "msg": "Input should be a valid "
                                           "list", "type": "list_type"}]}, 422)
        out = []
        for item in items:
            for name in ("upload_id", "content_length", "file_type", "source_file"):
                if name not in item:
                    return Reply.json({"detail": [{"loc": ["body", 0, name],
                                                   "msg": "field required",
                                                   "type": "missing"}]}, 422)
            asset_id = f"asset_{next(self._ids)}"
            entry: dict[str, Any] = {
                "upload_id": item["upload_id"], "asset_id": asset_id,
                "presigned_put_url": None, "presigned_put_urls": [],
                "multipart_upload_id": None, "multipart_part_size": None,
                "multipart_part_count": None,
            }
            if item.get("multipart"):
                size = int(item.get("multipart_part_size") or 5 * 1024 * 1024)
                count = max(1, -(-int(item["content_length"]) // size))
                entry.update(
                    multipart_upload_id=f"mpu_{asset_id}", multipart_part_size=size,
                    multipart_part_count=count,
                    presigned_put_urls=[self.storage.presigned_url(f"{asset_id}.part{n}")
                                        for n in range(1, count + 1)])
            else:
                entry["presigned_put_url"] = self.storage.presigned_url(asset_id)
            self.assets[asset_id] = {"request": item, "upload": entry}
            out.append(entry)
        return Reply.json(out)

    def _complete(self, req: Request) -> Reply:
        if (denied := self._authorised(req)) is not None:
            return denied
        body = req.json()
        asset_id = body.get("asset_id")
        asset = self.assets.get(asset_id)
        if asset is None or body.get("multipart_upload_id") != f"mpu_{asset_id}":
            return Reply.json({"detail": "unknown multipart upload"}, 404)
        parts = []
        for part in body.get("parts", []):
            up = self.storage.uploads.get(f"{asset_id}.part{part['part_number']}")
            if up is None or up.etag != part["etag"]:
                return Reply.json({"detail": [{"loc": ["body", "parts"],
                                               "msg": f"bad etag for part {part['part_number']}",
                                               "type": "value_error"}]}, 422)
            parts.append(up)
        asset["size"] = sum(up.length for up in parts)
        asset["part_sha256"] = [up.sha256 for up in parts]
        self.completed.append(body)
        return {"asset_id": asset_id, "status": "complete"}

    def _abort_upload(self, req: Request) -> Reply:
        self.aborted.append(req.json())
        return Reply.json({"status": "aborted"})

    def _preprocess(self, req: Request) -> Reply:
        body = req.json()
        self.preprocessed.append(body)
        return Reply.json([{"task_id": f"task_pre_{a['asset_id']}", "error": None}
                           for a in body.get("assets", [])])

    def _list_files(self, req: Request) -> Reply:
        if (denied := self._authorised(req)) is not None:
            return denied
        limit = int(req.arg("limit", "50") or 50)
        page = int(req.arg("page", "0") or 0)
        return Reply.json(self.files[page * limit:(page + 1) * limit])

    # -- tasks and export ----------------------------------------------------------------
    def _tasks(self, req: Request) -> Reply:
        if (denied := self._authorised(req)) is not None:
            return denied
        out = []
        for task in self.tasks.values():
            if task["status"] == "PENDING":
                task["polls"] += 1
                if task["polls"] >= self.switches["export_polls"]:
                    failed = self.switches["fail_export"]
                    task["status"] = "FAILED" if failed else "COMPLETE"
                    task["error_message"] = "Render crashed at 00:12" if failed else None
                    task["done"] = 1.0
                else:
                    task["done"] = task["polls"] / self.switches["export_polls"]
            view = {k: v for k, v in task.items() if k not in ("polls", "done")}
            view["progress"] = task["done"] * self.switches["percent_scale"]
            out.append(view)
        return Reply.json(out)

    def _export(self, req: Request) -> Reply:
        if (denied := self._authorised(req)) is not None:
            return denied
        body = req.json()
        if not isinstance(body, list) or not all(
                r in ("480p", "720p", "1080p", "4k") for r in body):
            return Reply.json({"detail": [{"loc": ["body"], "msg": "Input should be a list "
                                           "of renditions", "type": "list_type"}]}, 422)
        self.exported.append(req.params["project_id"])
        n = next(self._ids)
        task = {"id": f"task_{n}", "task_type": "export", "status": "PENDING",
                "asset_ids": [f"asset_export_{n}"], "created_at": "2025-01-01T00:00:00Z",
                "ended_at": None, "error_message": None, "polls": 0, "done": 0.0}
        self.tasks[task["id"]] = task
        return Reply.json({"task_id": task["id"], "asset_id": f"asset_export_{n}"})


def create(port: int = 0, **switches: Any) -> FakeTellers:
    return FakeTellers(port=port, **switches)

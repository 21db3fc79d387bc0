"""The studio platform's project endpoints (seeds/studio-platform.txt, "Studio & Projects") on
the platform fake: projects, shots linked to generations by file name, and the project export,
which is charged max(3, 2 × clips) credits and runs as a job polled on /api/status like any
generation (so the fake's `fail_with` switch fails it too, and refunds it). What it renders is
the fake's usual deterministic bytes for that job: a download can be checked byte for byte.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.fakes.server import Reply, Request

if TYPE_CHECKING:
    from tests.fakes.platform import PlatformFake

SHOT_FIELDS = ("prompt", "notes", "duration", "shot_type", "camera_move", "transition")
RESOLUTIONS = ("480p", "720p", "1080p", "4K")


def register(fake: PlatformFake) -> None:
    fake.projects: dict[str, dict[str, Any]] = {}
    routes = _Routes(fake)
    r = fake.route
    r("GET", "/api/projects", routes.list)
    r("POST", "/api/projects", routes.create)
    r("GET", "/api/projects/{id}", routes.get)
    r("POST", "/api/projects/{id}/shots", routes.add_shot)
    r("PUT", "/api/projects/{id}/shots/{shot}", routes.update_shot)
    r("POST", "/api/projects/{id}/export", routes.export)


class _Routes:
    def __init__(self, fake: PlatformFake) -> None:
        self.fake = fake

    def _project(self, req: Request) -> dict[str, Any] | Reply:
        if denied := self.fake._authed(req):
            return denied
        project = self.fake.projects.get(req.params["id"])
        return project if project is not None else Reply.json({"error": "Project not found"},
                                                              404)  # fmt: skip

    def list(self, req: Request) -> Reply | list:
        if denied := self.fake._authed(req):
            return denied
        return [{"id": int(p["id"]), "name": p["name"], "shot_count": len(p["shots"])}
                for p in self.fake.projects.values()]  # fmt: skip

    def create(self, req: Request) -> Reply | dict:
        if denied := self.fake._authed(req):
            return denied
        name = str((req.json() or {}).get("name") or "").strip()
        if not name:
            return Reply.json({"error": "name is required"}, 400)
        pid = str(next(self.fake._ids))
        self.fake.projects[pid] = {"id": pid, "name": name, "shots": []}
        return {"success": True, "project": {"id": int(pid), "name": name}}

    def get(self, req: Request) -> Reply | dict:
        project = self._project(req)
        if isinstance(project, Reply):
            return project
        return {"id": int(project["id"]), "name": project["name"], "shots": project["shots"]}

    def add_shot(self, req: Request) -> Reply | dict:
        project = self._project(req)
        if isinstance(project, Reply):
            return project
        body = req.json() or {}
        shot = {"id": next(self.fake._ids), "filename": None,
                **{k: body.get(k) for k in SHOT_FIELDS}}  # fmt: skip
        project["shots"].append(shot)
        return {"success": True, "shot": shot}

    def update_shot(self, req: Request) -> Reply | dict:
        project = self._project(req)
        if isinstance(project, Reply):
            return project
        shot = next((s for s in project["shots"] if str(s["id"]) == req.params["shot"]), None)
        if shot is None:
            return Reply.json({"error": "Shot not found"}, 404)
        body = req.json() or {}
        filename = body.get("filename")
        if filename is not None and filename not in self.fake.files:
            return Reply.json({"error": "Video not found"}, 404)
        shot.update({k: body[k] for k in (*SHOT_FIELDS, "filename") if k in body})
        return {"success": True, "shot": shot}

    def export(self, req: Request) -> Reply | dict:
        project = self._project(req)
        if isinstance(project, Reply):
            return project
        resolution = (req.json() or {}).get("resolution", "1080p")
        if resolution not in RESOLUTIONS:
            return Reply.json({"error": f"resolution must be one of {RESOLUTIONS}"}, 400)
        clips = [s["filename"] for s in project["shots"] if s.get("filename")]
        if not clips:
            return Reply.json({"error": "No shots with videos to export"}, 400)
        body = {"prompt": f"export {project['name']}", "model": "export",
                "project_id": project["id"], "clips": clips, "resolution": resolution}
        job_id = self.fake._new_job("export", body, max(3, 2 * len(clips)))
        if isinstance(job_id, Reply):
            return job_id
        return {"success": True, "job_id": job_id, "status": "queued"}

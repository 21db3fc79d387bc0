"""The studio platform's projects (seeds/studio-platform.txt, "Studio & Projects"): create a
project, add its shots, link each shot to a platform generation by file name, and have the
platform export the project as one film — polled and downloaded like a generation.

No answer shape is documented, so ids and file names are read tolerantly ({"id"}, {"project":
{"id"}}, {"project_id"} …), and the export answer may name a job to poll or the file itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from app.providers.base import JobStatus, RemoteHandle
from app.providers.errors import NotFoundError, ServiceError
from app.providers.platform.jobs import job_ids, result_filename
from app.providers.platform.session import PlatformSession

# "Project export | max(3, 2 × clip count)" credits, from the seed's price table.
EXPORT_MIN_CREDITS = 3
EXPORT_CREDITS_PER_CLIP = 2

StatusCallback = Callable[[str, float | None, str], None]  # stage, fraction 0..1, message


def export_credits(clips: int) -> int:
    return max(EXPORT_MIN_CREDITS, EXPORT_CREDITS_PER_CLIP * clips)


@dataclass(frozen=True)
class RemoteShot:
    """A shot as the platform stores it; `job_id`/`filename` name its platform generation."""

    prompt: str
    notes: str = ""
    duration: float = 4.0
    shot_type: str = ""
    camera_move: str = ""
    transition: str = "cut"
    job_id: str | None = None
    filename: str | None = None

    def body(self) -> dict[str, Any]:
        return {"prompt": self.prompt, "notes": self.notes, "duration": self.duration,
                "shot_type": self.shot_type, "camera_move": self.camera_move,
                "transition": self.transition}  # fmt: skip

    @property
    def on_platform(self) -> bool:
        return bool(self.job_id or self.filename)


@dataclass(frozen=True)
class RemoteFilm:
    project_id: str
    path: Path
    linked: int  # shots whose generation the platform put in the film


def _id_of(data: Any, kind: str) -> str:
    if isinstance(data, dict):
        for candidate in (data.get(kind), data.get("data")):
            if isinstance(candidate, dict) and candidate.get("id") is not None:
                return str(candidate["id"])
        for key in ("id", f"{kind}_id"):
            if data.get(key) is not None:
                return str(data[key])
    raise ServiceError(f"the platform created a {kind} but sent no id: {data!r:.200}",
                       provider="platform")  # fmt: skip


class PlatformProjects:
    """Project calls on a Platform adapter, reusing its HTTP client, polling and download."""

    def __init__(self, platform: PlatformSession) -> None:
        self.platform = platform
        self.http = platform.http

    async def create(self, name: str) -> str:
        # not paid, but a blind re-send would leave a duplicate project behind
        resp = await self.http.request("POST", "/api/projects", json={"name": name},
                                       idempotent=False)
        return _id_of(resp.json(), "project")

    async def add_shot(self, project_id: str, shot: RemoteShot) -> str:
        resp = await self.http.request(
            "POST", f"/api/projects/{quote(project_id, safe='')}/shots", json=shot.body(),
            idempotent=False,
        )
        return _id_of(resp.json(), "shot")

    async def link(self, project_id: str, shot_id: str, shot: RemoteShot, filename: str) -> None:
        """Attach a generation to a shot (the seed: PUT the shot's fields + filename)."""
        path = f"/api/projects/{quote(project_id, safe='')}/shots/{quote(shot_id, safe='')}"
        await self.http.request("PUT", path, json={**shot.body(), "filename": filename})

    async def generation_filename(self, job_id: str) -> str:
        """The server file name of a finished generation, asked of /api/status."""
        try:
            event = await self.platform.status(job_id)
        except NotFoundError:
            name, state = None, "it no longer knows that job"
        else:
            name = result_filename(event.data) if event.status is JobStatus.SUCCEEDED else None
            state = event.raw_status or "unknown state"
        if not name:
            raise ServiceError(
                f"the platform has no finished video for generation job {job_id} ({state}); "
                "regenerate that shot or export on this computer", provider="platform",
            )
        return name

    async def start_export(self, project_id: str, resolution: str) -> dict[str, Any]:
        # paid ("max(3, 2 × clip count)" credits): never re-sent once it may have arrived
        resp = await self.http.request(
            "POST", f"/api/projects/{quote(project_id, safe='')}/export",
            json={"resolution": resolution}, idempotent=False,
        )
        data = resp.json() if resp.content else {}
        return data if isinstance(data, dict) else {"jobs": data}

    async def export_film(
        self,
        name: str,
        shots: Sequence[RemoteShot],
        resolution: str,
        dest: Path,
        *,
        on_status: StatusCallback | None = None,
        on_bytes: Callable[[int, int | None], None] | None = None,
    ) -> RemoteFilm:
        """Create `name` with `shots`, export it at `resolution`, download the film to `dest`."""
        say = on_status or (lambda _s, _f, _m: None)
        say("remote", 0.0, f"Creating project “{name}” on the platform")
        project_id = await self.create(name)
        linked = 0
        for i, shot in enumerate(shots, start=1):
            shot_id = await self.add_shot(project_id, shot)
            if shot.on_platform:
                filename = shot.filename or await self.generation_filename(str(shot.job_id))
                await self.link(project_id, shot_id, shot, filename)
                linked += 1
            say("remote", 0.3 * i / len(shots), f"Added shot {i} of {len(shots)}")
        answer = await self.start_export(project_id, resolution)
        filename = result_filename(answer)
        if filename is None:
            filename = await self._wait(answer, say)
        say("download", 0.9, f"Downloading {filename}")

        def got(done: int, total: int | None) -> None:
            if on_bytes is not None:
                on_bytes(done, total)
            if total:
                say("download", 0.9 + 0.1 * done / total, f"Downloading {done / 2**20:.1f} MB")

        output = self.platform.output(filename, "video")
        path = await self.platform.download(output, Path(dest), on_progress=got)
        return RemoteFilm(project_id=project_id, path=Path(path), linked=linked)

    async def _wait(self, answer: dict[str, Any], say: StatusCallback) -> str:
        ids = job_ids(answer)
        if not ids:
            raise ServiceError(f"the export answer named neither a job nor a file: "
                               f"{answer!r:.200}", provider="platform")  # fmt: skip
        handle = RemoteHandle(provider="platform", model="project-export", remote_id=ids[0],
                              extra={"kind": "video", "job_ids": ids[:1]})  # fmt: skip
        last = None
        async for event in self.platform.progress(handle):
            last = event
            where = (f"position {event.queue_position} in the queue"
                     if event.queue_position else f"{event.percent or 0:.0f} %")
            say("remote", 0.3 + 0.6 * (event.percent or 0) / 100,
                f"The platform is rendering the film ({where})")
        if last is None or last.status is not JobStatus.SUCCEEDED:
            said = (last.message or last.raw_status) if last else "no answer"
            raise ServiceError(f"the platform's export failed: {said}", provider="platform")
        name = result_filename(last.data)
        if not name:
            raise ServiceError("the export finished without naming its file",
                               provider="platform")  # fmt: skip
        return name

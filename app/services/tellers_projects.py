"""The Tellers projects this project's takes came from: the agent names the project it built
when a run finishes, and the take keeps that id (remote_ids["project_ids"]), so Export → Tellers
and `reelroom-cli export --to tellers` can offer it instead of asking the user to copy it."""

from __future__ import annotations

from dataclasses import dataclass

from app.services.project_document import ProjectDocument


@dataclass(frozen=True)
class CapturedProject:
    project_id: str
    label: str  # where it came from: "take 2 of shot 3"
    created: float


def captured_projects(doc: ProjectDocument) -> list[CapturedProject]:
    """Every Tellers project id a take of this project carries, newest first, once each."""
    found: dict[str, CapturedProject] = {}
    for number, shot in enumerate(doc.shots, start=1):
        for take in doc.takes(shot.id):
            for pid in take.remote_ids.get("project_ids") or []:
                seen = found.get(str(pid))
                if seen is None or seen.created < take.created:
                    found[str(pid)] = CapturedProject(
                        str(pid), f"take {take.number} of shot {number}", take.created)
    return sorted(found.values(), key=lambda c: c.created, reverse=True)

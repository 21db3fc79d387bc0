"""Reads of the library the UI needs outside an open project (the queue's jobs belong to any
project): one place, so ui/ never reaches into app.storage itself."""

from __future__ import annotations

from pathlib import Path

from app.domain import Project, Shot, Take
from app.storage.database import Database
from app.storage.projects import ProjectRepository
from app.storage.shots import ShotRepository
from app.storage.takes import TakeRepository


def take_by_id(db: Database, take_id: str) -> Take | None:
    return TakeRepository(db).get(take_id)


def take_counts(db: Database, project_id: str) -> dict[str, int]:
    """Live takes per shot id of the project."""
    return TakeRepository(db).counts_for_project(project_id)


def shots_of(db: Database, project_id: str) -> list[Shot]:
    return ShotRepository(db).for_project(project_id)


def project_by_id(db: Database, project_id: str) -> Project | None:
    return ProjectRepository(db).get(project_id)


def start_fresh(path: Path) -> Path:
    """Move a damaged library aside (nothing deleted); returns where it went."""
    return Database.start_fresh(path)

"""The Studio: created once per running app (GUI or CLI) with its dependencies, it opens the
library, holds settings and secrets, and hands out projects."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from psygnal import Signal

from app.domain import Project, Template
from app.paths import Paths, resolve_paths
from app.secrets import SecretStore
from app.services.commands.base import Command
from app.services.project_document import ProjectDocument
from app.services.templates import builtin_templates
from app.settings import Settings, SettingsStore
from app.storage.database import Database
from app.storage.projects import ProjectRepository
from app.storage.prompt_history import PromptHistory
from app.storage.templates import TemplateRepository

log = logging.getLogger(__name__)

MAX_RECENT = 10


class Studio:
    project_opened = Signal(object)  # ProjectDocument
    settings_changed = Signal(object)  # Settings

    def __init__(self, paths: Paths, settings_store: SettingsStore, secrets: SecretStore,
                 db: Database) -> None:
        self.paths = paths
        self.settings_store = settings_store
        self.settings: Settings = settings_store.load()
        self.secrets = secrets
        self.db = db
        self.projects = ProjectRepository(db)
        self.user_templates = TemplateRepository(db)
        self.prompt_history = PromptHistory(db)
        self.document: ProjectDocument | None = None

    @classmethod
    def open(cls, home: str | os.PathLike[str] | None = None,
             secrets: SecretStore | None = None) -> Studio:
        """Build a Studio on the folders of `home` (or REELROOM_HOME, or the platform's).
        Raises app.storage.errors.LibraryError when the library cannot be used."""
        paths = resolve_paths(home).ensure()
        db = Database(paths.library_db)
        return cls(paths, SettingsStore(paths.settings_file), secrets or SecretStore(), db)

    # -- settings -------------------------------------------------------------------------
    def save_settings(self, settings: Settings | None = None) -> None:
        if settings is not None:
            self.settings = settings
        self.settings_store.save(self.settings)
        self.settings_changed.emit(self.settings)

    # -- projects -------------------------------------------------------------------------
    def list_projects(self) -> list[Project]:
        return self.projects.all()

    def create_project(self, name: str, *, aspect: str = "16:9", fps: float = 24.0) -> Project:
        name = name.strip()
        if not name:
            raise ValueError("a project needs a name")
        project = Project(name=name, aspect=aspect, fps=fps)
        self.projects.add(project)
        return project

    def open_project(self, project_id: str) -> ProjectDocument:
        project = self.projects.get(project_id)
        if project is None:
            raise KeyError(f"no project with id {project_id}")
        self.document = ProjectDocument(self.db, project)
        recent = [project_id, *[p for p in self.settings.recent_projects if p != project_id]]
        self.settings.recent_projects = recent[:MAX_RECENT]
        self.settings.last_project = project_id
        self.save_settings()
        self.project_opened.emit(self.document)
        return self.document

    def recent_projects(self) -> list[Project]:
        found = (self.projects.get(pid) for pid in self.settings.recent_projects)
        return [p for p in found if p is not None]

    def find_project(self, name_or_id: str) -> Project | None:
        project = self.projects.get(name_or_id)
        if project:
            return project
        matches = [p for p in self.projects.all() if p.name == name_or_id]
        return matches[0] if matches else None

    # -- commands -------------------------------------------------------------------------
    def execute(self, command: Command) -> Command:
        """Run a command on the open project (no undo history; the UI and History keep that)."""
        if self.document is None:
            raise RuntimeError("no project is open")
        command.do(self.document)
        return command

    # -- templates ------------------------------------------------------------------------
    def templates(self) -> list[Template]:
        return [*builtin_templates(), *self.user_templates.all()]

    # -- lifetime -------------------------------------------------------------------------
    @property
    def library_path(self) -> Path:
        return self.paths.library_db

    def close(self) -> None:
        self.db.close()

"""The timeline export/import entry points the GUI and the CLI share: which format from the
file name, where imported media goes."""

from __future__ import annotations

from pathlib import Path

from app.domain import Project
from app.interchange.edl import export_edl
from app.interchange.errors import InterchangeError
from app.interchange.otio_export import ExportReport, export_otio
from app.interchange.otio_import import TimelineImport, prepare_import
from app.paths import Paths
from app.services.project_document import ProjectDocument


def format_of(path: Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix == ".otio":
        return "otio"
    if suffix == ".edl":
        return "edl"
    raise InterchangeError(
        f"{Path(path).name}: choose a file ending in .otio (OpenTimelineIO) or .edl (CMX 3600).")


async def export_timeline(doc: ProjectDocument, dest: Path, fmt: str | None = None
                          ) -> ExportReport:
    fmt = fmt or format_of(dest)
    if fmt == "edl":
        return await export_edl(doc, Path(dest))
    return await export_otio(doc, Path(dest))


async def prepare_timeline_import(paths: Paths, project: Project, source: Path
                                  ) -> TimelineImport:
    return await prepare_import(Path(source), paths.project_media(project.id),
                                paths.cache / "thumbnails", project.fps)

"""`reelroom-cli timeline …` and `reelroom-cli bundle …`: OTIO/EDL timelines and `.reelroom`
project bundles without the GUI."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from app.cli.common import CliError, emit, file_arg, find_project, open_studio
from app.interchange.errors import InterchangeError
from app.validation_text import user_text


def register(sub: argparse._SubParsersAction) -> None:
    t = sub.add_parser("timeline", help="export or import an OTIO / CMX 3600 EDL timeline")
    tsub = t.add_subparsers(dest="action", required=True)
    exp = tsub.add_parser("export", help="write the project's cut as .otio or .edl")
    exp.add_argument("project", help="project name or id")
    fmt = exp.add_mutually_exclusive_group(required=True)
    fmt.add_argument("--otio", metavar="FILE", type=file_arg, help="OpenTimelineIO file to write")
    fmt.add_argument("--edl", metavar="FILE", type=file_arg, help="CMX 3600 EDL file to write")
    exp.set_defaults(func=timeline_export)
    imp = tsub.add_parser("import", help="append a timeline's clips to a project as shots")
    imp.add_argument("file", type=file_arg, help=".otio or .edl file")
    imp.add_argument("--project", required=True,
                     help="project name or id (created when no project has that name)")
    imp.set_defaults(func=timeline_import)

    b = sub.add_parser("bundle", help="move a project with its media as one .reelroom file")
    bsub = b.add_subparsers(dest="action", required=True)
    bexp = bsub.add_parser("export", help="write PROJECT and its media to FILE")
    bexp.add_argument("project", help="project name or id")
    bexp.add_argument("file", type=file_arg, help="the .reelroom file to write")
    bexp.set_defaults(func=bundle_export)
    bimp = bsub.add_parser("import", help="create a new project from a .reelroom file")
    bimp.add_argument("file", type=file_arg)
    bimp.set_defaults(func=bundle_import)



def _run(coro):
    try:
        return asyncio.run(coro)
    except InterchangeError as exc:
        raise CliError(exc.message) from exc


def timeline_export(args) -> int:
    from app.interchange.timelines import export_timeline

    studio = open_studio()
    doc = studio.open_project(find_project(studio, args.project).id)
    dest, fmt = (Path(args.otio), "otio") if args.otio else (Path(args.edl), "edl")
    report = _run(export_timeline(doc, dest, fmt))
    emit(args, {"file": str(dest), "clips": report.clips, "gaps": report.gaps,
                "transitions": report.transitions, "warnings": report.warnings},
         report.summary())
    return 0


def timeline_import(args) -> int:
    from app.interchange.import_command import ImportTimeline
    from app.interchange.timelines import prepare_timeline_import

    studio = open_studio()
    project = studio.find_project(args.project)
    if project is None:
        try:
            project = studio.create_project(args.project)
        except ValueError as exc:
            raise CliError(user_text(exc)) from exc
    doc = studio.open_project(project.id)
    prepared = _run(prepare_timeline_import(studio.paths, project, Path(args.file)))
    studio.execute(ImportTimeline(doc, prepared))
    emit(args, {"project": project.name, "shots": len(prepared.shots),
                "takes": prepared.takes, "warnings": prepared.warnings},
         f"{prepared.summary()}\nProject: {project.name}")
    return 0


def bundle_export(args) -> int:
    from app.interchange.bundle import export_bundle

    studio = open_studio()
    project = find_project(studio, args.project)
    report = _run(export_bundle(studio.db, project.id, Path(args.file)))
    emit(args, {"file": str(report.path), "shots": report.shots, "takes": report.takes,
                "media_files": report.media_files, "warnings": report.warnings},
         report.summary())
    return 0


def bundle_import(args) -> int:
    from app.interchange.bundle import import_bundle

    studio = open_studio()
    report = _run(import_bundle(studio.db, studio.paths, Path(args.file)))
    emit(args, {"project": report.project.name, "project_id": report.project.id,
                "shots": report.shots, "takes": report.takes},
         report.summary("Imported"))
    return 0

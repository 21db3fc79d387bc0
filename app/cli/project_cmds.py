"""`reelroom-cli project …` and `reelroom-cli shot …`: the storyboard without the GUI."""

from __future__ import annotations

import argparse

from app.cli.common import CliError, emit, open_document, open_studio
from app.services.commands import AddShots, DeleteShots, MoveShots, UpdateShot
from app.validation_text import user_text


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("project", help="list or create projects")
    psub = p.add_subparsers(dest="action", required=True)
    psub.add_parser("list", help="list projects").set_defaults(func=project_list)
    new = psub.add_parser("new", help="create a project")
    new.add_argument("name")
    new.add_argument("--aspect", default="16:9")
    new.set_defaults(func=project_new)

    s = sub.add_parser("shot", help="list, add, edit, move or delete shots of a project")
    ssub = s.add_subparsers(dest="action", required=True)
    ls = ssub.add_parser("list", help="the project's shots in order")
    ls.add_argument("project", help="project name or id")
    ls.set_defaults(func=shot_list)
    add = ssub.add_parser("add", help="add a shot (at the end unless --at N)")
    add.add_argument("project")
    add.add_argument("--title", default="")
    add.add_argument("--prompt", default="")
    add.add_argument("--duration", type=float, default=4.0)
    add.add_argument("--at", type=int, help="1-based position")
    add.set_defaults(func=shot_add)
    edit = ssub.add_parser("edit", help="change fields of shot N")
    edit.add_argument("project")
    edit.add_argument("number", type=int, help="1-based shot number")
    edit.add_argument("--title")
    edit.add_argument("--prompt")
    edit.add_argument("--duration", type=float)
    edit.set_defaults(func=shot_edit)
    mv = ssub.add_parser("move", help="move shot N to position M")
    mv.add_argument("project")
    mv.add_argument("number", type=int)
    mv.add_argument("to", type=int)
    mv.set_defaults(func=shot_move)
    rm = ssub.add_parser("delete", help="delete shot N")
    rm.add_argument("project")
    rm.add_argument("number", type=int)
    rm.set_defaults(func=shot_delete)
    from app.cli.shot_input_cmd import register_under

    register_under(ssub)



def _shot_id(doc, number: int) -> str:
    if not 1 <= number <= len(doc.shots):
        raise CliError(f"shot number must be between 1 and {len(doc.shots)} (got {number})")
    return doc.shots[number - 1].id


def project_list(args) -> int:
    studio = open_studio()
    projects = studio.list_projects()
    emit(args, [p.model_dump() for p in projects],
         "\n".join(f"{p.id}  {p.name}" for p in projects) or "no projects yet")
    return 0


def project_new(args) -> int:
    studio = open_studio()
    try:
        project = studio.create_project(args.name, aspect=args.aspect)
    except ValueError as exc:
        raise CliError(user_text(exc)) from exc
    emit(args, project.model_dump(), f"created project {project.name} ({project.id})")
    return 0


def _print_shots(args, doc) -> None:
    rows = [
        f"{i:>3}. {s.title or '(untitled)':<30} {s.duration:>5.1f}s  {s.prompt[:50]}"
        for i, s in enumerate(doc.shots, start=1)
    ]
    emit(args, [s.model_dump(mode="json") for s in doc.shots],
         "\n".join(rows) or "no shots yet")


def shot_list(args) -> int:
    _print_shots(args, open_document(open_studio(), args.project))
    return 0


def shot_add(args) -> int:
    doc = open_document(open_studio(), args.project)
    index = len(doc.shots) if args.at is None else max(0, args.at - 1)
    try:
        AddShots(doc, index, [{"title": args.title, "prompt": args.prompt,
                               "duration": args.duration}]).do(doc)
    except ValueError as exc:
        raise CliError(user_text(exc)) from exc
    _print_shots(args, doc)
    return 0


def shot_edit(args) -> int:
    doc = open_document(open_studio(), args.project)
    changes = {k: v for k in ("title", "prompt", "duration")
               if (v := getattr(args, k)) is not None}
    if not changes:
        raise CliError("nothing to change: give --title, --prompt or --duration")
    try:
        UpdateShot(doc, _shot_id(doc, args.number), **changes).do(doc)
    except ValueError as exc:
        raise CliError(user_text(exc)) from exc
    _print_shots(args, doc)
    return 0


def shot_move(args) -> int:
    doc = open_document(open_studio(), args.project)
    sid = _shot_id(doc, args.number)
    dest = args.to - 1
    # dest is where the shot should end up; MoveShots takes "before the shot now at"
    MoveShots([sid], dest + 1 if dest >= args.number - 1 else dest).do(doc)
    _print_shots(args, doc)
    return 0


def shot_delete(args) -> int:
    doc = open_document(open_studio(), args.project)
    DeleteShots([_shot_id(doc, args.number)]).do(doc)
    _print_shots(args, doc)
    return 0

"""`reelroom-cli media import | list | remove`: a project's media bin from a terminal, through
the same MediaLibrary the studio's bin uses (same dedup, same refusals)."""

from __future__ import annotations

import argparse
import asyncio
import sys

from app.cli.common import CliError, emit, file_arg, find_project, open_studio
from app.services.media_library import MediaLibrary


def register(sub: argparse._SubParsersAction) -> None:
    m = sub.add_parser("media", help="import files into a project's media bin, list or remove")
    msub = m.add_subparsers(dest="media_action", metavar="ACTION", required=True)
    imp = msub.add_parser("import", help="copy files into the project (same content: one item)")
    imp.add_argument("project")
    imp.add_argument("files", nargs="+", metavar="FILE", type=file_arg)
    imp.set_defaults(func=media_import)
    ls = msub.add_parser("list", help="the project's media items with their details")
    ls.add_argument("project")
    ls.set_defaults(func=media_list)
    rm = msub.add_parser("remove", help="take an item out of the bin (its file is kept)")
    rm.add_argument("project")
    rm.add_argument("item", help="item id (or its first characters)")
    rm.set_defaults(func=media_remove)


def _library(studio, name_or_id: str) -> MediaLibrary:
    return MediaLibrary.for_studio(studio, find_project(studio, name_or_id).id)


def _row(item) -> dict:
    return item.model_dump(mode="json")


def media_import(args: argparse.Namespace) -> int:
    studio = open_studio()
    try:
        library = _library(studio, args.project)

        def progress(n: int, count: int, name: str) -> None:
            print(f"[{n + 1}/{count}] {name}", file=sys.stderr)

        results = asyncio.run(library.import_files(args.files, progress))
    finally:
        studio.close()
    lines, data = [], []
    for r in results:
        if r.item is not None:
            state = "already in the bin" if r.duplicate else "imported"
            lines.append(f"{r.item.id[:8]}  {state}: {r.item.name} ({r.item.kind}, "
                         f"{r.item.details()})")
            data.append({"file": str(r.path), "state": state, "item": _row(r.item)})
        else:
            data.append({"file": str(r.path), "state": "refused", "error": r.error})
    emit(args, data, "\n".join(lines) if lines else "nothing imported")
    failed = [r for r in results if r.error]
    for r in failed:
        print(f"error: {r.error}", file=sys.stderr)
    return 1 if failed else 0


def media_list(args: argparse.Namespace) -> int:
    studio = open_studio()
    try:
        items = _library(studio, args.project).items()
    finally:
        studio.close()
    text = "\n".join(f"{i.id[:8]}  {i.kind:<5}  {i.name}  {i.details()}" for i in items)
    emit(args, [_row(i) for i in items], text or "the media bin is empty")
    return 0


def media_remove(args: argparse.Namespace) -> int:
    studio = open_studio()
    try:
        library = _library(studio, args.project)
        item = library.find(args.item)
        if item is None:
            raise CliError(f"no media item {args.item!r} in this project (or the id is "
                           "ambiguous); see `reelroom-cli media list`")
        users = library.users(item)
        if users:
            raise CliError(f"{item.name} is used by {', '.join(users)}; it stays in the bin")
        library.remove(item.id)
    finally:
        studio.close()
    emit(args, {"removed": item.id}, f"removed {item.name} from the bin (its file is kept)")
    return 0

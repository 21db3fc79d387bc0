"""`reelroom-cli subtitles import | export`: a subtitle track from or to an SRT/VTT file.
Other subtitle subcommands (generate, translate …) register on the same group: see
`subtitles_group`."""

from __future__ import annotations

import argparse

from app.cli.audio_cmds import add_track_cmd
from app.cli.common import CliError, emit, file_arg, find_project, open_studio, path_arg
from app.domain.soundtrack import SUBTITLES
from app.services import soundtrack

_GROUP: dict[str, argparse._SubParsersAction] = {}


def subtitles_group() -> argparse._SubParsersAction:
    return _GROUP["subtitles"]


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("subtitles", help="the film's subtitle tracks: import, export")
    ssub = s.add_subparsers(dest="subtitles_action", metavar="ACTION", required=True)
    _GROUP["subtitles"] = ssub
    imp = ssub.add_parser("import", help="read an .srt or .vtt file onto a subtitle track")
    imp.add_argument("project")
    imp.add_argument("file", metavar="FILE", type=file_arg)
    imp.add_argument("--track", default=SUBTITLES, help="subtitle track (default: Subtitles)")
    imp.add_argument("--replace", action="store_true",
                     help="clear the track first (default: add to its cues)")
    imp.set_defaults(func=subtitles_import)
    exp = ssub.add_parser("export", help="write a subtitle track as .srt or .vtt")
    exp.add_argument("project")
    exp.add_argument("--out", required=True, type=path_arg, metavar="FILE",
                     help=".srt or .vtt (by its extension)")
    exp.add_argument("--track", default=SUBTITLES, help="subtitle track (default: Subtitles)")
    exp.set_defaults(func=subtitles_export)
    ls = ssub.add_parser("list", help="a subtitle track's cues")
    ls.add_argument("project")
    ls.add_argument("--track", default=SUBTITLES)
    ls.set_defaults(func=subtitles_list)
    add = ssub.add_parser("add-track", help="add a subtitle track (any name not taken)")
    add.add_argument("project")
    add.add_argument("name")
    add.set_defaults(func=lambda a: add_track_cmd(a, "subtitle"))


def subtitles_import(args: argparse.Namespace) -> int:
    studio = open_studio()
    try:
        project = find_project(studio, args.project)
        try:
            made = soundtrack.import_subtitles(studio.db, project.id, args.file, args.track,
                                               replace=args.replace)
        except soundtrack.SoundError as exc:
            raise CliError(str(exc)) from exc
    finally:
        studio.close()
    emit(args, [c.model_dump(mode="json") for c in made],
         f"imported {len(made)} cue{'s' if len(made) != 1 else ''} onto {args.track}")
    return 0


def subtitles_export(args: argparse.Namespace) -> int:
    studio = open_studio()
    try:
        project = find_project(studio, args.project)
        try:
            out = soundtrack.export_subtitles(studio.db, project.id, args.out, args.track)
        except soundtrack.SoundError as exc:
            raise CliError(str(exc)) from exc
    finally:
        studio.close()
    emit(args, {"out": str(out)}, f"wrote {out}")
    return 0


def subtitles_list(args: argparse.Namespace) -> int:
    studio = open_studio()
    try:
        project = find_project(studio, args.project)
        try:
            found = soundtrack.cues(studio.db, project.id, args.track)
        except soundtrack.SoundError as exc:
            raise CliError(str(exc)) from exc
    finally:
        studio.close()
    emit(args, [c.model_dump(mode="json") for c in found],
         "\n".join(f"{c.start:8.3f} → {c.end:8.3f}  {c.text}" for c in found)
         or f"{args.track} has no cues")
    return 0


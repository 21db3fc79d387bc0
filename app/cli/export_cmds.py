"""`reelroom-cli export …` (a project's timeline → one film) and `reelroom-cli edit-take …`
(an edit of a shot's selected take → a new take), headless. Progress goes to stderr so stdout
stays the result."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from app.cli.common import CliError, emit, file_arg, open_document, open_studio
from app.media.errors import MediaError
from app.media.export_settings import PRESETS
from app.services.exporting import ExportError, ExportProgress, export_film
from app.services.take_edits import FILE_OPERATIONS, TAKE_OPERATIONS, AddEditedTake, TakeEdit
from app.validation_text import user_text


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="export a project's timeline as one film")
    p.add_argument("project", help="project name or id")
    p.add_argument("--out", required=True, type=file_arg, help="the film's file (.mp4)")
    p.add_argument("--preset", default="720p", choices=list(PRESETS))
    p.add_argument("--fill-missing-with-animatic", action="store_true",
                   help="play shots without a take as their animatic card instead of "
                        "leaving them out")
    p.add_argument("--subtitles", default="none", choices=["soft", "burn", "sidecar", "none"],
                   help="the Subtitles track: a soft stream (mov_text), burned into the "
                        "picture, a sidecar file beside the film, or none (default)")
    p.add_argument("--subtitle-track", default="Subtitles", metavar="NAME",
                   help="which subtitle track (default: Subtitles)")
    p.add_argument("--sidecar-format", default="srt", choices=["srt", "vtt"])
    p.add_argument("--loudness", default="auto", choices=["-14", "-23", "off", "auto"],
                   help="loudness target in LUFS: -14 for the web, -23 for broadcast, off; "
                        "auto (default): -14 when there are audio clips to mix")
    p.add_argument("--no-duck", dest="duck", action="store_false",
                   help="keep music at its level under narration and description")
    p.add_argument("--to", dest="destination", default="local",
                   choices=["local", "platform", "tellers"],
                   help="where the film is rendered: on this computer (default), by the "
                        "studio platform (a project of its own generations) or by Tellers "
                        "(a project its agent built); both bill their render")
    p.add_argument("--tellers-project", metavar="ID",
                   help="with --to tellers: which Tellers project (default: the newest one "
                        "a take of this project came from)")
    p.set_defaults(func=export_cmd)

    e = sub.add_parser("edit-take", help="edit shot N's selected take into a new take "
                                         "(or, for frames and GIFs, into files)")
    e.add_argument("project")
    e.add_argument("shot", type=int, help="1-based shot number")
    e.add_argument("operation", choices=[*TAKE_OPERATIONS, *FILE_OPERATIONS])
    e.add_argument("options", nargs="*", metavar="NAME=VALUE",
                   help="the operation's options, e.g. in_s=0.5 out_s=2 or factor=2")
    e.add_argument("--to", type=file_arg, help="where frames (a folder) or a GIF (a file) are written")
    e.set_defaults(func=edit_take_cmd)


class _StderrProgress:
    """A line per stage and per 10 % — readable in a terminal and in a log file."""

    def __init__(self) -> None:
        self.stage: str | None = None
        self.step = -1

    def __call__(self, p: ExportProgress | Any) -> None:
        fraction = getattr(p, "fraction", None)
        step = -1 if fraction is None else int(fraction * 10)
        stage = getattr(p, "stage", "work")
        if stage == self.stage and step <= self.step:
            return
        self.stage, self.step = stage, step
        pct = "" if fraction is None else f"{fraction * 100:5.1f}%  "
        eta = getattr(p, "eta", None)
        tail = f"  (about {eta:.0f} s left)" if eta else ""
        message = getattr(p, "message", None) or "working"
        print(f"{pct}{message}{tail}", file=sys.stderr, flush=True)



def export_cmd(args) -> int:
    studio = open_studio()
    doc = open_document(studio, args.project)
    if args.destination != "local":
        from app.cli.remote_export import remote_export

        return remote_export(args, studio, doc, _StderrProgress())
    try:
        done = asyncio.run(export_film(
            doc, Path(args.out), preset=args.preset,
            fill_missing=args.fill_missing_with_animatic,
            work_dir=studio.paths.cache, on_progress=_StderrProgress(),
            subtitles=args.subtitles, loudness=args.loudness, duck=args.duck,
            subtitle_track=args.subtitle_track, sidecar_format=args.sidecar_format,
        ))
    except (ExportError, MediaError) as exc:
        raise CliError(user_text(exc)) from exc
    for clip in done.skipped:
        print(f"left out {clip.label}: {clip.problem}", file=sys.stderr)
    emit(args, {"path": str(done.path), "duration": done.duration, "width": done.width,
                "height": done.height, "has_audio": done.has_audio,
                "skipped": [c.number for c in done.skipped],
                "filled": [c.number for c in done.filled], "mixed": done.mixed,
                "subtitles": done.subtitles,
                "sidecar": str(done.sidecar) if done.sidecar else None},
         f"exported {done.path} ({done.duration:.2f} s, {done.width}×{done.height})")
    return 0


def _value(text: str) -> Any:
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def _options(pairs: list[str]) -> dict[str, Any]:
    out = {}
    for pair in pairs:
        name, eq, value = pair.partition("=")
        if not eq or not name:
            raise CliError(f"options are NAME=VALUE (got {pair!r}), e.g. in_s=0.5")
        out[name] = _value(value)
    return out


def edit_take_cmd(args) -> int:
    from app.services.take_edits import TakeEditor

    studio = open_studio()
    doc = open_document(studio, args.project)
    if not 1 <= args.shot <= len(doc.shots):
        raise CliError(f"shot number must be between 1 and {len(doc.shots)} (got {args.shot})")
    shot = doc.shots[args.shot - 1]
    take = doc.take(shot.selected_take_id) if shot.selected_take_id else None
    if take is None:
        raise CliError(f"shot {args.shot} has no selected take to edit")
    try:
        edit = TakeEdit(args.operation, _options(args.options))
        editor = TakeEditor.for_studio(studio)
        if not edit.makes_take:
            if not args.to:
                raise CliError(f"{edit.label} writes files: say where with --to")
            written = asyncio.run(editor.save_file(take, edit, Path(args.to),
                                                   on_progress=_StderrProgress()))
            emit(args, [str(p) for p in written],
                 f"wrote {len(written)} file(s) to {Path(args.to)}")
            return 0
        new = asyncio.run(editor.make_take(take, edit, on_progress=_StderrProgress()))
    except (ValueError, MediaError) as exc:
        raise CliError(user_text(exc)) from exc
    command = AddEditedTake(doc, new, edit.label)
    command.do(doc)
    emit(args, command.take.model_dump(mode="json"),
         f"{command.text}: shot {args.shot} now plays take {command.take.number}")
    return 0

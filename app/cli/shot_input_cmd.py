"""`reelroom-cli shot set-input PROJECT N --first|--last|--video|--audio FILE`: the shot's
first frame, last frame, driving video and audio clip, as the inspector's input slots set them
(the file goes into the project's media bin first)."""

from __future__ import annotations

import argparse
import asyncio

from app.cli.common import CliError, emit, file_arg, open_document, open_studio
from app.domain.shot_inputs import SLOTS, slot

_DEST = {s.flag: s.role for s in SLOTS}


def register_under(ssub: argparse._SubParsersAction) -> None:
    p = ssub.add_parser("set-input", help="set (or clear) shot N's first frame, last frame, "
                                          "driving video or audio clip")
    p.add_argument("project", help="project name or id")
    p.add_argument("number", type=int, help="1-based shot number")
    for s in SLOTS:
        p.add_argument(s.flag, dest=s.role, type=file_arg, metavar="FILE",
                       help=f"the {s.label.lower()} ({s.kind}"
                            + ("; a URL or an OpenAI file id also works)" if s.kind == "image"
                               else ")"))
    p.add_argument("--clear", action="append", default=[], metavar="INPUT",
                   choices=[f.lstrip("-") for f in _DEST],
                   help="empty a slot: first, last, video or audio (repeatable)")
    p.set_defaults(func=shot_set_input)


def shot_set_input(args) -> int:
    chosen = {s.role: getattr(args, s.role) for s in SLOTS if getattr(args, s.role)}
    cleared = [_DEST["--" + c] for c in args.clear]
    if not chosen and not cleared:
        raise CliError("nothing to set: give --first, --last, --video or --audio FILE "
                       "(or --clear INPUT)")
    from app.services.media_library import MediaLibrary
    from app.services.shot_inputs import InputRefused, input_from_file, set_input

    studio = open_studio()
    try:
        doc = open_document(studio, args.project)
        if not 1 <= args.number <= len(doc.shots):
            raise CliError(f"shot number must be between 1 and {len(doc.shots)} "
                           f"(got {args.number})")
        shot_id = doc.shots[args.number - 1].id
        library = MediaLibrary.for_studio(studio, doc.project.id)
        lines = []
        for role in cleared:
            set_input(doc, shot_id, role, None).do(doc)
            lines.append(f"cleared the {slot(role).label.lower()}")
        for role, source in chosen.items():
            try:
                change = asyncio.run(input_from_file(doc, library, shot_id, role, source))
            except InputRefused as exc:
                raise CliError(f"{slot(role).flag}: {exc}") from None
            change.command.do(doc)
            lines.append(f"{slot(role).label.lower()}: {change.path}")
        shot = doc.shots.get(shot_id)
    finally:
        studio.close()
    emit(args, {"shot": args.number, "inputs": shot.inputs},
         f"shot {args.number}: " + "; ".join(lines))
    return 0

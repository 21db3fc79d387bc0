"""`reelroom-cli audio import | list`: the film's audio tracks from a terminal, through the
same app.services.soundtrack the studio's queue uses. Other audio subcommands (generate …)
register on the same `audio` group: see `audio_group`."""

from __future__ import annotations

import argparse
import asyncio

from app.cli.common import CliError, emit, file_arg, find_project, open_studio
from app.domain.media_item import human_duration
from app.domain.soundtrack import MUSIC
from app.services import soundtrack

# The `audio` subparsers, so other modules can add actions (`audio generate`) to it.
_GROUP: dict[str, argparse._SubParsersAction] = {}


def audio_group() -> argparse._SubParsersAction:
    return _GROUP["audio"]


def seconds_arg(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds, like 1.5 (got {text!r})") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more seconds (got {text})")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    a = sub.add_parser("audio", help="the film's audio tracks: import a file, list clips")
    asub = a.add_subparsers(dest="audio_action", metavar="ACTION", required=True)
    _GROUP["audio"] = asub
    imp = asub.add_parser("import", help="put an audio file on a track at a time in the film")
    imp.add_argument("project")
    imp.add_argument("file", metavar="FILE", type=file_arg)
    imp.add_argument("--track", default=MUSIC,
                     help="track name, any case: music, narration, description, or one you "
                          "added (default: Music)")
    imp.add_argument("--at", type=seconds_arg, default=0.0, metavar="SECONDS",
                     help="where the clip starts in the film (default 0)")
    imp.add_argument("--volume", type=float, default=1.0,
                     help="gain, 1 = as recorded (default 1)")
    imp.set_defaults(func=audio_import)
    ls = asub.add_parser("list", help="every audio track and its clips")
    ls.add_argument("project")
    ls.set_defaults(func=audio_list)
    add = asub.add_parser("add-track", help="add a audio track (any name not taken)")
    add.add_argument("project")
    add.add_argument("name")
    add.set_defaults(func=lambda a: add_track_cmd(a, "audio"))


def clip_line(track, clip) -> str:
    length = human_duration(clip.length) if clip.length else "?"
    return (f"{clip.id[:8]}  {track.name:<18}  at {clip.start:7.2f} s  {length:>7}  "
            f"vol {clip.volume:.2f}  {clip.name}")


def audio_import(args: argparse.Namespace) -> int:
    if not 0 <= args.volume <= 4:
        raise CliError(f"--volume must be between 0 and 4 (got {args.volume:g})", code=2)
    studio = open_studio()
    try:
        project = find_project(studio, args.project)
        try:
            clip = asyncio.run(soundtrack.add_audio_clip(
                studio.db, studio.paths, project.id, args.track, args.file, args.at,
                volume=args.volume))
        except soundtrack.SoundError as exc:
            raise CliError(str(exc)) from exc
        track = soundtrack.find_track(studio.db, project.id, args.track, "audio")
    finally:
        studio.close()
    emit(args, {"track": track.name, "clip": clip.model_dump(mode="json")},
         "added " + clip_line(track, clip))
    return 0


def audio_list(args: argparse.Namespace) -> int:
    studio = open_studio()
    try:
        project = find_project(studio, args.project)
        listing = soundtrack.list_audio(studio.db, project.id)
    finally:
        studio.close()
    data = [{"track": t.model_dump(mode="json"),
             "clips": [c.model_dump(mode="json") for c in clips]} for t, clips in listing]
    lines = []
    for t, clips in listing:
        flags = " (muted)" if t.muted else " (solo)" if t.solo else ""
        lines.append(f"{t.name}{flags}: {len(clips)} clip{'s' if len(clips) != 1 else ''}")
        lines += ["  " + clip_line(t, c) for c in clips]
    emit(args, data, "\n".join(lines))
    return 0


def add_track_cmd(args: argparse.Namespace, kind: str) -> int:
    studio = open_studio()
    try:
        project = find_project(studio, args.project)
        try:
            track = soundtrack.add_track(studio.db, project.id, args.name, kind)
        except soundtrack.SoundError as exc:
            raise CliError(str(exc)) from exc
    finally:
        studio.close()
    emit(args, track.model_dump(mode="json"), f"added {kind} track {track.name}")
    return 0

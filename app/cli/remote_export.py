"""`reelroom-cli export PROJECT --out FILM --to platform|tellers`: the services' own project
renders, as Export → Studio platform / Tellers runs them in the GUI."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from app.cli.common import CliError, emit
from app.media.errors import MediaError
from app.providers.errors import ProviderError
from app.services.exporting import (
    ExportError,
    export_to_platform,
    export_to_tellers,
    service_adapter,
)
from app.services.tellers_projects import captured_projects
from app.validation_text import user_text


def _tellers_project(args, doc) -> str:
    if args.tellers_project:
        return args.tellers_project
    captured = captured_projects(doc)
    if not captured:
        raise CliError("no take of this project came from a Tellers agent run, so there is "
                       "no Tellers project to export; give one with --tellers-project ID")
    chosen = captured[0]
    print(f"Tellers project {chosen.project_id} (from {chosen.label})", file=sys.stderr)
    return chosen.project_id


def remote_export(args, studio, doc, progress) -> int:
    if args.destination == "tellers":
        project_id = _tellers_project(args, doc)
    elif args.tellers_project:
        raise CliError("--tellers-project goes with --to tellers")

    async def go():
        adapter = service_adapter(studio, args.destination)
        try:
            if args.destination == "platform":
                return await export_to_platform(doc, adapter, Path(args.out),
                                                preset=args.preset, on_progress=progress)
            return await export_to_tellers(adapter, project_id, Path(args.out),
                                           preset=args.preset, on_progress=progress)
        finally:
            await adapter.aclose()

    try:
        done = asyncio.run(go())
    except ProviderError as exc:
        raise CliError(exc.user_message()) from exc
    except (ExportError, MediaError, ValueError) as exc:
        raise CliError(user_text(exc)) from exc
    for clip in done.skipped:
        print(f"left out {clip.label}: not made by the platform", file=sys.stderr)
    emit(args, {"path": str(done.path), "destination": args.destination,
                "skipped": [c.number for c in done.skipped]},
         f"exported {done.path} (rendered by {args.destination})")
    return 0

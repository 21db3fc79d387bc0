"""`reelroom-cli describe`: audio description through ViddyScribe.

    describe FILE|https://URL [--kind …] [--out …]      upload (a file, or the URL for the
                                                       service to fetch), start the job,
                                                       print progress to stderr and write
                                                       the result to --out (text: stdout)
    describe --project P [--shot N] --attach           a queue job like every paid job: the
                                                       shot's take (or the film, exported
                                                       as a preview first) is described and
                                                       the result lands in the project — text
                                                       on the Audio description subtitle
                                                       track, audio as a clip on its track,
                                                       a narrated video as a new take, an EDL
                                                       beside the project
    describe --list-languages | --list-categories      the service's vocabularies

Exit 0 only when the result was written (or landed)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from app.cli.common import CliError, file_arg
from app.providers.viddyscribe.params import AD_TYPES, FORMATS, KINDS


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("describe", help="audio description of a video (ViddyScribe)")
    p.add_argument("file", nargs="?", type=file_arg, metavar="FILE|URL",
                   help="the video to describe: a file, or an https:// URL the service fetches")
    p.add_argument("--project", help="describe this project's take or film and attach the "
                   "result to it (with --attach)")
    p.add_argument("--shot", type=int, metavar="N", help="with --project: the shot whose take "
                   "to describe (default: the whole film, exported as a preview first)")
    p.add_argument("--attach", action="store_true", help="queue it and put the result in the "
                   "project (a track, a clip, a take, or a file beside the project)")
    p.add_argument("--list-languages", action="store_true",
                   help="print the 52 languages (tag and name) and exit")
    p.add_argument("--list-categories", action="store_true",
                   help="print the 14 video categories and exit")
    p.add_argument("--language", default="en-US", help="BCP-47 tag, e.g. en-US, fr-CA")
    p.add_argument("--format", default="vtt", choices=FORMATS, help="text output format")
    p.add_argument("--kind", default="text", choices=list(KINDS), help="what to generate")
    p.add_argument("--ad-type", default="standard_ad", choices=list(AD_TYPES))
    p.add_argument("--category", default="auto", help="video category (default auto); see "
                   "--list-categories")
    p.add_argument("--voice", help="narration voice (audio/video)")
    p.add_argument("--custom-instructions", metavar="TEXT",
                   help="what the describer should know or do (names, tone, length)")
    p.add_argument("--read-onscreen-text", action="store_true",
                   help="read all on-screen text aloud")
    p.add_argument("--out", type=file_arg, help="where to write the result (text: default "
                   "stdout); not with --attach")
    _queue_only(p)
    p.set_defaults(func=run)


def _queue_only(p) -> None:
    p.add_argument("--queue-only", action="store_true",
                   help="with --attach: queue it and return (`reelroom-cli queue run` sends it)")


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _params(args: argparse.Namespace) -> dict:
    params = {"language": args.language, "format": args.format, "ad_type": args.ad_type,
              "category": args.category, "read_all_onscreen_text": args.read_onscreen_text}
    if args.voice:
        params["voice"] = args.voice
    if args.custom_instructions:
        params["custom_instructions"] = args.custom_instructions
    return params


def _check_options(args: argparse.Namespace) -> None:
    """The vocabularies checked here, before anything (a project, a key) is looked at."""
    from app.providers.viddyscribe.params import normalise_category, normalise_language

    try:
        normalise_language(args.language)
        normalise_category(args.category)
    except ValueError as exc:
        raise CliError(str(exc).splitlines()[0], code=2) from exc
    if args.custom_instructions is not None and len(args.custom_instructions) > 4000:
        raise CliError("--custom-instructions: at most 4000 characters", code=2)


def run(args: argparse.Namespace) -> int:
    from app.cli.common import open_studio
    from app.providers.errors import ProviderError

    if args.list_languages or args.list_categories:
        return _lists(args)
    if args.attach or args.project:
        return _attach(args)
    if args.shot is not None:
        raise CliError("--shot needs --project P --attach", code=2)
    if args.file is None:
        raise CliError("give the video to describe (a file or an https:// URL), or "
                       "--project P --attach", code=2)
    _check_options(args)
    url = args.file if args.file.startswith(("https://", "http://")) else None
    if url is not None and not url.startswith("https://"):
        raise CliError("the URL must start with https:// (the service fetches it)", code=2)
    if url is None:
        args.file = Path(args.file)
    if args.kind != "text" and args.out is None:
        raise CliError(f"--out is required for --kind {args.kind}")
    if args.out is not None:
        from app.cli.results import check_writable

        args.out = check_writable(Path(args.out))  # before the upload and the paid job
    studio = open_studio()
    try:
        return asyncio.run(_describe(args, studio, url))
    except ProviderError as exc:
        raise CliError(exc.user_message()) from exc
    finally:
        studio.close()


def _lists(args: argparse.Namespace) -> int:
    from app.cli.common import emit
    from app.services.describe_vocabulary import categories, languages

    rows = (languages() if args.list_languages else []) + \
        (categories() if args.list_categories else [])
    emit(args, [{"value": v, "name": n} for v, n in rows],
         "\n".join(f"{v:<22} {n}" for v, n in rows))
    return 0


def _attach(args: argparse.Namespace) -> int:
    from app.cli.common import find_project, open_studio
    from app.cli.sound_job_cmds import require_service, run_jobs
    from app.services.sound_jobs import SoundJobError, shot_number

    if not args.attach:
        raise CliError("--project describes the project's take or film: add --attach", code=2)
    if not args.project:
        raise CliError("--attach needs --project P (and --shot N for a shot's take)", code=2)
    if args.file is not None:
        raise CliError("with --attach the video is the project's (its take, or the film): "
                       "leave out FILE", code=2)
    if args.out is not None:
        raise CliError("with --attach the result goes into the project: leave out --out",
                       code=2)
    _check_options(args)
    studio = open_studio()
    try:
        require_service(studio, "viddyscribe")
        doc = studio.open_project(find_project(studio, args.project).id)
        params = _params(args)

        async def specs(service):
            if args.shot is not None:
                return [service.describe_shot(doc, shot_number(doc, args.shot), args.kind,
                                              params)]
            _say("exporting a preview of the film to upload …")
            try:
                film = await service.export_preview(doc)
            except Exception as exc:  # an ExportError says what to fix
                raise CliError(f"the film could not be exported to describe it: {exc}") from exc
            return [service.describe_film(doc, film, args.kind, params)]

        try:
            return asyncio.run(run_jobs(studio, specs, args, what="audio description",
                                        provider="viddyscribe"))
        except SoundJobError as exc:
            raise CliError(str(exc)) from exc
    finally:
        studio.close()


async def _describe(args: argparse.Namespace, studio, url: str | None) -> int:
    from app.providers import registry
    from app.providers.base import GenerationRequest, MediaInput
    from app.providers.config import provider_config
    from app.providers.errors import ServiceError

    config = provider_config("viddyscribe", studio.settings, studio.secrets)
    adapter = registry.create("viddyscribe", config)
    source = (MediaInput(role="video", url=url) if url
              else MediaInput(role="video", path=str(args.file)))
    request = GenerationRequest(model=args.kind, params=_params(args), inputs=[source])
    try:
        await adapter.validate(request)  # refuses a non-video before anything is sent
        if url is not None:
            _say(f"asking ViddyScribe to fetch {url} …")
        else:
            if adapter.upload_route(args.file) == "signed_url":
                _say(f"{args.file.name} is over 32 MB: uploading through a signed URL")
            _say(f"uploading {args.file.name} …")
        handle = await adapter.submit(request)
        _say(f"job {handle.remote_id} started")
        last = None
        async for event in adapter.progress(handle):
            if event.raw_status != last:
                last = event.raw_status
                pct = f" {event.percent:.0f}%" if event.percent is not None else ""
                _say(f"{event.raw_status}{pct}")
            if event.status.value == "failed":
                raise ServiceError(event.message or "the job failed", provider=adapter.name)
        outputs = await adapter.results(handle)
        wanted = [o for o in outputs if (o.kind == args.kind) or
                  (args.kind == "text" and o.content is not None)]
        if not wanted:
            raise ServiceError(f"the service returned no {args.kind} result",
                               provider=adapter.name)
        output = wanted[0]
        if args.out is None and output.content is not None:
            sys.stdout.write(output.content)
            return 0
        from app.cli.results import save_result

        # verified like the queue verifies: announced length, then probed, then copied
        name = f"viddyscribe-{handle.remote_id}{Path(output.filename or '').suffix or '.out'}"
        await save_result(adapter, output, Path(args.out).resolve(),
                          studio.paths.cache / "downloads", name)
        _say(f"wrote {args.out}")
        return 0
    finally:
        await adapter.aclose()

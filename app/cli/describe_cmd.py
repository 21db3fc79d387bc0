"""`reelroom-cli describe FILE`: audio description of a video through ViddyScribe.

Uploads the file, starts the job, prints progress to stderr and writes the result (text/VTT,
or the downloaded audio/video) to --out. Exit 0 only when the result was written.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from app.cli.common import path_arg
from app.providers.viddyscribe.params import FORMATS, KINDS


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("describe", help="audio description of a video (ViddyScribe)")
    p.add_argument("file", type=path_arg, help="the video to describe")
    p.add_argument("--language", default="en-US", help="BCP-47 tag, e.g. en-US, fr-CA")
    p.add_argument("--format", default="vtt", choices=FORMATS, help="text output format")
    p.add_argument("--kind", default="text", choices=list(KINDS), help="what to generate")
    p.add_argument("--ad-type", default="standard_ad", choices=["standard_ad", "extended_ad"])
    p.add_argument("--category", default="auto", help="video category (default auto)")
    p.add_argument("--voice", help="narration voice (audio/video)")
    p.add_argument("--out", type=path_arg, help="where to write the result (text: default stdout)")
    p.set_defaults(func=run)


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    from app.cli.common import CliError, open_studio
    from app.providers.errors import ProviderError

    if args.kind != "text" and args.out is None:
        raise CliError(f"--out is required for --kind {args.kind}")
    if args.out is not None:
        from app.cli.results import check_writable

        args.out = check_writable(args.out)  # before the upload and the paid job
    studio = open_studio()
    try:
        return asyncio.run(_describe(args, studio))
    except ProviderError as exc:
        raise CliError(exc.user_message()) from exc
    finally:
        studio.close()


async def _describe(args: argparse.Namespace, studio) -> int:
    from app.providers import registry
    from app.providers.base import GenerationRequest, MediaInput
    from app.providers.config import provider_config
    from app.providers.errors import ServiceError

    config = provider_config("viddyscribe", studio.settings, studio.secrets)
    adapter = registry.create("viddyscribe", config)
    params = {"language": args.language, "format": args.format, "ad_type": args.ad_type,
              "category": args.category}
    if args.voice:
        params["voice"] = args.voice
    request = GenerationRequest(
        model=args.kind, params=params, inputs=[MediaInput(role="video", path=str(args.file))]
    )
    try:
        await adapter.validate(request)  # refuses a non-video before anything is sent
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

"""`reelroom-cli providers | keys | models | cost | generate | upload`: the cloud services from a
terminal, through the same adapters the studio uses. Keys are read, stored and used, never
printed."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from app.cli.common import CliError, emit, open_studio
from app.providers.base import (
    Capability,
    GenerationRequest,
    JobStatus,
    MediaInput,
    ProgressEvent,
    Provider,
)
from app.providers.errors import ProviderError
from app.secrets import key_advice

T = TypeVar("T")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("providers", help="list the cloud services and where each key comes from")
    p.set_defaults(func=cmd_providers)

    keys = sub.add_parser("keys", help="store or remove a service's API key")
    actions = keys.add_subparsers(dest="keys_action", metavar="ACTION", required=True)
    s = actions.add_parser("set", help="store a key (read from stdin when piped)")
    s.add_argument("provider")
    s.add_argument("--session-only", action="store_true", help="keep it in memory only")
    s.set_defaults(func=cmd_keys_set)
    d = actions.add_parser("delete", help="remove a stored key")
    d.add_argument("provider")
    d.set_defaults(func=cmd_keys_delete)

    m = sub.add_parser("models", help="a service's models and their parameters")
    m.add_argument("provider")
    m.set_defaults(func=cmd_models)

    c = sub.add_parser("cost", help="estimate what a generation costs")
    c.add_argument("provider")
    _request_args(c, prompt_required=False)
    c.set_defaults(func=cmd_cost)

    g = sub.add_parser("generate", help="generate a video and download it")
    g.add_argument("provider")
    _request_args(g, prompt_required=True)
    g.add_argument("--image", help="an input image (image-to-video)")
    g.add_argument("--out", help="where to save the result (default ./<remote id>.mp4, or .png "
                   "for an image model)")
    g.set_defaults(func=cmd_generate)

    u = sub.add_parser("upload", help="upload a file to a service that keeps assets")
    u.add_argument("provider")
    u.add_argument("file")
    u.set_defaults(func=cmd_upload)


def _request_args(p: argparse.ArgumentParser, *, prompt_required: bool) -> None:
    p.add_argument("--model", help="the model (default: the service's default model; "
                   "`reelroom-cli models PROVIDER` lists them)")
    p.add_argument(
        "--prompt", required=prompt_required, default="x" if not prompt_required else None
    )
    p.add_argument("--param", action="append", default=[], metavar="K=V", help="a model parameter")


def parse_params(pairs: list[str]) -> dict[str, str]:
    """k=v pairs as strings: the model's pydantic parameters coerce them to their types."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise CliError(f"--param expects KEY=VALUE, got {pair!r}", code=2)
        out[key.strip()] = value.strip()
    return out


# -- plumbing -------------------------------------------------------------------------------


def _with_adapter(name: str, work: Callable[[Provider], Awaitable[T]], *, need_key: bool) -> T:
    """Open the studio, build the adapter from settings + secrets, run `work`, close both;
    a provider error becomes the service's message and a non-zero exit."""
    from app.providers import registry
    from app.providers.config import provider_config
    from app.settings import DEFAULT_BASE_URLS

    if name not in registry.names():
        raise CliError(f"unknown provider {name!r}; known: {', '.join(registry.names())}", 2)
    studio = open_studio()
    try:
        config = provider_config(name, studio.settings, studio.secrets)
        if need_key and not config.api_key and name in DEFAULT_BASE_URLS:
            raise CliError(f"no API key for {name}: "
                           f"{key_advice(name, studio.secrets.backend_status().usable)}")
        adapter = registry.create(name, config)

        async def run() -> T:
            try:
                return await work(adapter)
            finally:
                await adapter.aclose()

        return asyncio.run(run())
    except ProviderError as exc:
        raise CliError(exc.user_message()) from exc
    except (registry.UnknownProviderError, registry.ProviderUnavailableError) as exc:
        raise CliError(str(exc), 2) from exc
    finally:
        studio.close()


def _request(args: argparse.Namespace) -> GenerationRequest:
    inputs = []
    if getattr(args, "image", None):
        image = Path(args.image).expanduser().resolve()
        if not image.is_file():
            raise CliError(f"no such image: {image}", 2)
        inputs.append(MediaInput(role="image", path=str(image)))
    return GenerationRequest(
        model=args.model or "", prompt=args.prompt or "", params=parse_params(args.param),
        inputs=inputs,
    )


async def _with_model(adapter: Provider, request: GenerationRequest) -> GenerationRequest:
    """`request` with the provider's default model when none was named."""
    if request.model:
        return request
    from app.services.queue.planning import default_model_id

    model = await default_model_id(adapter)
    if not model:
        raise CliError(f"{adapter.name} offers no model to default to; name one with --model", 2)
    return request.model_copy(update={"model": model})


def _known(name: str) -> None:
    from app.providers import registry

    if name not in registry.names():
        raise CliError(f"unknown provider {name!r}; known: {', '.join(registry.names())}", 2)


# -- commands -------------------------------------------------------------------------------


def cmd_providers(args: argparse.Namespace) -> int:
    from app.providers import registry
    from app.providers.config import key_source

    studio = open_studio()
    try:
        rows = []
        for name in registry.names():
            try:
                display = str(getattr(registry.resolve(name), "display_name", name))
            except registry.ProviderUnavailableError:
                display = f"{name} (adapter not available)"
            rows.append(
                {"name": name, "display_name": display, "key": key_source(name, studio.secrets)}
            )
    finally:
        studio.close()
    text = "\n".join(f"{r['name']:<12} {r['display_name']:<32} key: {r['key']}" for r in rows)
    emit(args, rows, text)
    return 0


def cmd_keys_set(args: argparse.Namespace) -> int:
    _known(args.provider)
    if sys.stdin.isatty():
        key = getpass.getpass(f"API key for {args.provider}: ")
    else:
        key = sys.stdin.readline()
    studio = open_studio()
    try:
        backend = studio.secrets.backend_status()
        try:
            where = studio.secrets.set(args.provider, key, session_only=args.session_only)
        except ValueError as exc:
            raise CliError(f"{exc}; nothing stored", 2) from exc
    finally:
        studio.close()
    if where == "session":
        # a CLI process ends right away: a key held in its memory would be gone already
        why = "as asked" if args.session_only else backend.detail
        raise CliError(
            f"the key for {args.provider} was not stored ({why}). For scripts, set "
            f"REELROOM_{args.provider.upper()}_API_KEY in the environment; in the app, "
            "Settings can keep a key for the session.",
            1,
        )
    emit(
        args,
        {"provider": args.provider, "stored_in": where},
        f"key for {args.provider} stored in the {where}",
    )
    return 0


def cmd_keys_delete(args: argparse.Namespace) -> int:
    _known(args.provider)
    studio = open_studio()
    try:
        studio.secrets.delete(args.provider)
        left = studio.secrets.lookup(args.provider).source
    finally:
        studio.close()
    note = "" if left == "missing" else f" (a key is still found in {left})"
    emit(
        args,
        {"provider": args.provider, "deleted": True, "key": left},
        f"key for {args.provider} deleted{note}",
    )
    return 0


def _describe_param(name: str, spec: dict[str, Any], required: set[str]) -> str:
    parts = [str(spec.get("type", "value"))]
    if "default" in spec:
        parts.append(f"default {spec['default']}")
    elif name in required:
        parts.append("required")
    if "enum" in spec:
        parts.append("one of " + ", ".join(map(str, spec["enum"])))
    if "minimum" in spec or "maximum" in spec:
        parts.append(f"{spec.get('minimum', '…')}–{spec.get('maximum', '…')}")
    text = f"    {name}: " + ", ".join(parts)
    return text + (f" — {spec['description']}" if spec.get("description") else "")


def cmd_models(args: argparse.Namespace) -> int:
    models = _with_adapter(args.provider, lambda a: a.models(), need_key=False)
    data, lines = [], []
    for m in models:
        schema = m.params.model_json_schema()
        data.append(
            {
                "id": m.id,
                "name": m.name,
                "kind": m.kind,
                "prompt_max": m.prompt_max,
                "capabilities": sorted(m.capabilities),
                "params": schema,
            }
        )
        limit = f" (prompt ≤ {m.prompt_max} chars)" if m.prompt_max else ""
        lines.append(f"{m.id}  {m.name}{limit}")
        required = set(schema.get("required", []))
        for name, spec in schema.get("properties", {}).items():
            lines.append(_describe_param(name, spec, required))
    emit(args, data, "\n".join(lines))
    return 0


def cmd_cost(args: argparse.Namespace) -> int:
    request = _request(args)

    async def work(adapter: Provider):
        return await adapter.estimate_cost(await _with_model(adapter, request))

    cost = _with_adapter(args.provider, work, need_key=False)
    text = cost.describe() + (f"  ({cost.basis})" if cost.basis else "")
    emit(args, cost.model_dump(), text)
    return 0


def _progress_line(remote_id: str, event: ProgressEvent) -> str:
    pct = f" {event.percent:.0f}%" if event.percent is not None else ""
    pos = f" (queue position {event.queue_position})" if event.queue_position is not None else ""
    return f"{remote_id}: {event.raw_status or event.status.value}{pct}{pos}"


def cmd_generate(args: argparse.Namespace) -> int:
    from app.cli.results import check_writable, save_result
    from app.paths import resolve_paths
    from app.services.queue.outputs import default_suffix, pick

    request = _request(args)
    out = check_writable(Path(args.out)) if args.out else None  # before anything is paid
    cache = resolve_paths().cache / "downloads"

    async def work(adapter: Provider) -> dict[str, Any]:
        req = await _with_model(adapter, request)
        params = await adapter.validate(req)  # refuses an unknown model before any request
        if hasattr(adapter, "account"):  # the plan's limits, before anything is sent
            from app.services.accounts import Accounts

            await Accounts(lambda _name: adapter).check_job(adapter.name, params)
        req = req.model_copy(update={"params": params.model_dump()})
        cost = await adapter.estimate_cost(req)
        handle = await adapter.submit(req)
        print(f"submitted {handle.remote_id} (estimated {cost.describe()})", file=sys.stderr)
        last: ProgressEvent | None = None
        shown = ""
        async for event in adapter.progress(handle):
            last = event
            if event.keep:
                handle = handle.model_copy(update={"extra": {**handle.extra, **event.keep}})
            line = _progress_line(handle.remote_id, event)
            if line != shown:  # one line per change, not per poll
                print(line, file=sys.stderr, flush=True)
                shown = line
        if last is None or last.status is not JobStatus.SUCCEEDED:
            status = last.status.value if last else "ended without a status"
            said = f": {last.message}" if last and last.message else ""
            raise CliError(f"{adapter.name}: job {handle.remote_id} {status}{said}")
        output = pick(await adapter.results(handle))
        if output is None:
            raise CliError(f"{adapter.name}: job {handle.remote_id} produced no video or image")
        suffix = Path(output.filename or "").suffix or default_suffix(output.kind)
        dest = out or Path.cwd() / f"{handle.remote_id}{suffix}"
        await save_result(adapter, output, dest.resolve(), cache,
                          f"{adapter.name}-{handle.remote_id}{suffix}")
        return {
            "provider": adapter.name,
            "remote_id": handle.remote_id,
            "kind": output.kind,
            "path": str(dest),
            "cost": cost.model_dump(),
        }

    result = _with_adapter(args.provider, work, need_key=True)
    emit(args, result, result["path"])
    return 0


def cmd_upload(args: argparse.Namespace) -> int:
    path = Path(args.file).expanduser().resolve()
    if not path.is_file():
        raise CliError(f"no such file: {path}", 2)
    _known(args.provider)
    from app.providers import registry

    try:  # decided from the adapter class, before asking for a key it would not need
        caps = getattr(registry.resolve(args.provider), "capabilities", None)
    except registry.ProviderUnavailableError as exc:
        raise CliError(str(exc), 2) from exc
    if caps is not None and Capability.UPLOAD not in caps:
        raise CliError(f"{args.provider} does not take uploads", 2)

    async def work(adapter: Provider) -> Any:
        from app.services.upload_limits import UploadRefused
        from app.services.uploads import Uploads

        if Capability.UPLOAD not in adapter.capabilities or not hasattr(adapter, "upload"):
            raise CliError(f"{adapter.name} does not take uploads", 2)
        studio = open_studio()  # the upload cache: the same content is sent once
        try:
            return await Uploads(studio.db, lambda _name: adapter).ensure_uploaded(
                adapter.name, path)
        except UploadRefused as exc:
            raise CliError(str(exc), 2) from exc
        finally:
            studio.close()

    outcome = _with_adapter(args.provider, work, need_key=True)
    data = {**outcome.result.model_dump(), "cached": outcome.cached}
    if outcome.cached:
        text = f"{path.name} is already on {args.provider} (not sent again): {data}"
    else:
        text = f"uploaded {path.name}: {data}"
    emit(args, data, text)
    return 0

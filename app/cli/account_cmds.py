"""`reelroom-cli account [PROVIDER]` (connected or not; the platform's tier, credits, allowance,
credit history, GPU backend and queue) and `reelroom-cli history`:

    history PROVIDER [--search TEXT] [--limit N]            list (newest first)
    history import PROVIDER REMOTE_ID --project P --shot N  a take, no new job, no cost
    history delete PROVIDER REMOTE_ID --yes                 gone for good on the service
"""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.common import CliError, emit, open_document, run_on_queue

HISTORY_USAGE = ("reelroom-cli history PROVIDER [--search TEXT] [--limit N] | "
                 "history import PROVIDER REMOTE_ID --project P --shot N | "
                 "history delete PROVIDER REMOTE_ID --yes")


def register(sub: argparse._SubParsersAction) -> None:
    a = sub.add_parser("account", help="each service's connection; the platform's tier, "
                       "credits, credit history, GPU backend and queue")
    a.add_argument("provider", nargs="?", help="one service (default: every service with a key)")
    a.set_defaults(func=cmd_account)

    h = sub.add_parser("history", usage=HISTORY_USAGE,
                       help="a service's own history: list, import as a take, delete")
    h.add_argument("words", nargs="+", metavar="PROVIDER | import PROVIDER ID | delete PROVIDER ID")
    h.add_argument("--search", default="", help="only generations whose prompt has these words")
    h.add_argument("--limit", type=int, default=20, help="how many to list (1-200, default 20)")
    h.add_argument("--project", help="import: the project (name or id)")
    h.add_argument("--shot", type=int, help="import: the 1-based shot number")
    h.add_argument("--yes", action="store_true",
                   help="delete: confirm that the file is deleted on the service for good")
    h.set_defaults(func=cmd_history)


# -- plumbing -------------------------------------------------------------------------------


def _check_service(name: str, *, history: bool = False) -> None:
    from app.services.remote_history.service import PROVIDERS
    from app.settings import PROVIDER_NAMES

    known = PROVIDERS if history else PROVIDER_NAMES
    if name not in known:
        what = "keeps no history Reelroom can read" if name in PROVIDER_NAMES else "is unknown"
        raise CliError(f"provider {name!r} {what}; choose one of {', '.join(known)}", 2)


# -- account --------------------------------------------------------------------------------


def cmd_account(args: argparse.Namespace) -> int:
    from app.settings import PROVIDER_NAMES

    if args.provider:
        _check_service(args.provider)
    names = [args.provider] if args.provider else list(PROVIDER_NAMES)

    async def work(studio, queue) -> list[dict[str, Any]]:
        accounts = queue.accounts
        out = []
        for name in names:
            if not args.provider and not accounts.has_key(name):
                continue
            conn = await accounts.test_connection(name)
            row: dict[str, Any] = {"provider": name, "connected": conn.ok, "said": conn.words}
            if name == "platform" and conn.ok:
                view = await accounts.platform_account()
                row.update(tier=view.tier, credits=view.credits,
                           monthly_credits=view.monthly_credits, max_frames=view.max_frames,
                           gpu_online=view.gpu_online, queue_length=view.queue_length,
                           credit_history=[e.__dict__ for e in view.history[:10]],
                           problems=view.problems)
            out.append(row)
        return out

    rows = run_on_queue(work)
    if not rows:
        raise CliError("no service has an API key yet: `reelroom-cli keys set PROVIDER`")
    emit(args, rows, "\n".join(_account_text(r) for r in rows))
    return 0 if all(r["connected"] for r in rows) else 1


def _account_text(row: dict[str, Any]) -> str:
    from app.services.service_names import display_name

    head = f"{display_name(row['provider'])}: " + (
        row["said"] if row["connected"] else f"not connected — {row['said']}")
    if "tier" not in row:
        return head
    gpu = {True: "online", False: "offline", None: "unknown"}[row["gpu_online"]]
    lines = [head,
             f"  tier {row['tier'] or 'unknown'}, {_num(row['credits'])} credits "
             f"(monthly allowance {_num(row['monthly_credits'])}, "
             f"at most {_num(row['max_frames'])} frames per video)",
             f"  GPU backend {gpu}; queue length {_num(row['queue_length'])}"]
    for entry in row["credit_history"]:
        lines.append(f"  {entry['when'][:19]:19}  {_signed(entry['amount']):>8}  "
                     f"{entry['reason']}")
    lines += [f"  ({p})" for p in row["problems"]]
    return "\n".join(lines)


def _num(value: Any) -> str:
    if value is None:
        return "?"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _signed(value: float | None) -> str:
    return "?" if value is None else f"{value:+g}"


# -- history --------------------------------------------------------------------------------


def cmd_history(args: argparse.Namespace) -> int:
    words = list(args.words)
    action = words[0] if words[0] in ("import", "delete") else "list"
    if action == "list":
        if len(words) != 1:
            raise CliError(f"history: expected one PROVIDER (usage: {HISTORY_USAGE})", 2)
        return _history_list(args, words[0])
    if len(words) != 3:
        raise CliError(f"history {action}: expected PROVIDER and REMOTE_ID "
                       f"(usage: {HISTORY_USAGE})", 2)
    _, provider, remote_id = words
    if action == "import":
        return _history_import(args, provider, remote_id)
    return _history_delete(args, provider, remote_id)


def _history_list(args: argparse.Namespace, provider: str) -> int:
    _check_service(provider, history=True)
    if not 1 <= args.limit <= 200:
        raise CliError(f"--limit must be 1 to 200 (got {args.limit})", 2)

    async def work(studio, queue):
        from app.services.remote_history.service import for_queue

        page = await for_queue(queue).list(provider, search=args.search, limit=args.limit)
        return page.items

    items = run_on_queue(work)
    rows = [{"remote_id": i.remote_id, "kind": i.kind, "status": i.status, "model": i.model,
             "prompt": i.prompt, "created": i.created, "params": i.params,
             "importable": i.importable, "favourite": i.favourite, "public": i.public,
             "made_here": i.made_here} for i in items]
    text = "\n".join(
        f"{i.remote_id}  {i.when_text or '-':16}  {i.kind:5}  {i.status or '-':10}  "
        f"{i.model or '-':12}  {i.prompt[:60]}" for i in items
    ) or (f"nothing matches {args.search!r}" if args.search else "the history is empty")
    emit(args, rows, text)
    return 0


def _history_import(args: argparse.Namespace, provider: str, remote_id: str) -> int:
    _check_service(provider, history=True)
    if not args.project or args.shot is None:
        raise CliError("history import needs --project P and --shot N", 2)

    async def work(studio, queue):
        from app.services.remote_history.service import for_queue

        doc = open_document(studio, args.project)
        ids = doc.shots.ids()
        if not 1 <= args.shot <= len(ids):
            raise CliError(f"--shot must be 1 to {len(ids)} in {doc.project.name!r} "
                           f"(got {args.shot})", 2)
        history = for_queue(queue)
        item = await history.find(provider, remote_id)
        return await history.import_take(item, doc, ids[args.shot - 1])

    done = run_on_queue(work)
    data = {"remote_id": remote_id, "take": done.take.model_dump() if done.take else None,
            "image_path": done.image_path}
    emit(args, data, f"{done.summary()} (shot {args.shot}); no job was sent, nothing charged")
    return 0


def _history_delete(args: argparse.Namespace, provider: str, remote_id: str) -> int:
    _check_service(provider, history=True)
    if not args.yes:
        raise CliError(f"deleting {remote_id} removes it from {provider} for good (takes "
                       "already imported keep their copy). Add --yes to delete it", 2)

    async def work(studio, queue):
        from app.services.remote_history.service import for_queue

        history = for_queue(queue)
        await history.delete(await history.find(provider, remote_id))

    run_on_queue(work)
    emit(args, {"deleted": remote_id, "provider": provider},
         f"deleted {remote_id} from {provider}")
    return 0

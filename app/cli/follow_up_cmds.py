"""`reelroom-cli remix PROJECT --shot N --prompt …` (a new take of the shot from an OpenAI
video's id) and `reelroom-cli revise PROJECT --shot N --prompt …` (the Tellers conversation that
made a take, continued). Each is priced first, then queued as a new paid job; `queue run`
sends it."""

from __future__ import annotations

import argparse
import asyncio

from app.cli.common import CliError, emit, open_document, open_studio


def register(sub: argparse._SubParsersAction) -> None:
    for name, what in (("remix", "remix an OpenAI take into a new take of the same shot"),
                       ("revise", "continue the Tellers conversation that made a take")):
        p = sub.add_parser(name, help=what + " (a new paid job, priced first)")
        p.add_argument("project", help="project name or id")
        p.add_argument("--shot", type=int, required=True, help="1-based shot number")
        p.add_argument("--prompt", required=True, help="what to change")
        p.add_argument("--take", type=int,
                       help="take number (default: the shot's selected take)")
        p.add_argument("--price-only", action="store_true",
                       help="show what it would cost and queue nothing")
        p.set_defaults(func=follow_up, kind=name)


def _take(doc, args):
    if not 1 <= args.shot <= len(doc.shots):
        raise CliError(f"shot number must be between 1 and {len(doc.shots)} (got {args.shot})")
    shot = doc.shots[args.shot - 1]
    takes = doc.takes(shot.id)
    if not takes:
        raise CliError(f"shot {args.shot} has no take yet")
    if args.take is not None:
        found = next((t for t in takes if t.number == args.take), None)
        if found is None:
            raise CliError(f"shot {args.shot} has no take {args.take} (takes: "
                           f"{', '.join(str(t.number) for t in takes)})")
        return found
    return next((t for t in takes if t.id == shot.selected_take_id), takes[-1])


def follow_up(args) -> int:
    from app.providers.errors import ProviderError
    from app.services.follow_ups import FollowUpRefused, plan_remix, plan_revision
    from app.services.queue import Queue
    from app.services.queue.ledger import BudgetExceeded
    from app.services.queue.scheduler import MissingKey

    studio = open_studio()
    doc = open_document(studio, args.project)
    take = _take(doc, args)
    plan = plan_remix if args.kind == "remix" else plan_revision
    try:
        planned = plan(doc.project.id, take, args.prompt, number=args.shot)
    except FollowUpRefused as exc:
        raise CliError(str(exc)) from None
    studio.document = None
    queue = Queue(studio)

    async def go():
        try:
            (estimate,) = await queue.estimate([planned.spec])
            if args.price_only:
                return estimate, []
            return estimate, await queue.enqueue([planned.spec])
        finally:
            await queue.stop()

    try:
        estimate, jobs = asyncio.run(go())
    except ProviderError as exc:
        raise CliError(exc.user_message()) from exc
    except (MissingKey, BudgetExceeded, ValueError) as exc:
        raise CliError(str(exc)) from exc
    price = estimate.describe() + (f" ({estimate.basis})" if estimate.basis else "")
    if args.price_only:
        emit(args, {"label": planned.label, "cost": estimate.model_dump()},
             f"{planned.label}: {price}; nothing queued")
        return 0
    emit(args, {"label": planned.label, "cost": estimate.model_dump(),
                "jobs": [j.model_dump(mode="json") for j in jobs]},
         f"{planned.label}: queued as a new paid job, {price}; `reelroom-cli queue run` "
         f"sends it\n  {jobs[0].describe()}")
    return 0

"""`reelroom-cli queue …`: everything the Queue panel does to jobs, headless."""

from __future__ import annotations

import argparse
import asyncio

from app.cli.common import CliError, emit, find_project, open_studio
from app.providers.errors import ProviderError
from app.services.queue import BudgetExceeded, JobState, Queue
from app.services.shot_length import SNAP_TOLERANCE, seconds_in
from app.validation_text import user_text


def register(sub: argparse._SubParsersAction) -> None:
    q = sub.add_parser("queue", help="list, add, cancel, retry, pause or run generation jobs")
    q.set_defaults(func=queue_list)
    qsub = q.add_subparsers(dest="action")
    qsub.add_parser("list", help="every job and its state").set_defaults(func=queue_list)
    add = qsub.add_parser("add", help="queue takes for a project's shots")
    add.add_argument("project", help="project name or id")
    add.add_argument("--shot", type=int, help="1-based shot number")
    add.add_argument("--takes", type=int, default=1, help="takes per shot (default 1)")
    add.add_argument("--all-without-take", action="store_true",
                     help="one take for every shot that has none")
    add.add_argument("--provider", help="override the shots' provider")
    add.add_argument("--model", help="override the shots' model")
    add.set_defaults(func=queue_add)
    cancel = qsub.add_parser("cancel", help="cancel a job, or --all pending and running")
    cancel.add_argument("id", nargs="?", help="job id (or its first characters)")
    cancel.add_argument("--all", action="store_true")
    cancel.set_defaults(func=queue_cancel)
    retry = qsub.add_parser(
        "retry", help="try a finished job again without paying twice: a job the service holds "
        "is fetched again, one that got no answer is checked, one never accepted is re-sent")
    retry.add_argument("id")
    retry.set_defaults(func=queue_retry)
    check = qsub.add_parser("check", help="ask the service now whether it has a needs-attention "
                            "job (nothing is sent)")
    check.add_argument("id")
    check.set_defaults(func=queue_check)
    again = qsub.add_parser("again", help="generate a job again as a NEW PAID JOB (also: it was "
                            "not received, send it again)")
    again.add_argument("id")
    again.add_argument("--yes", action="store_true",
                       help="confirm that this sends a new paid job")
    again.set_defaults(func=queue_again)
    forget = qsub.add_parser("forget", help="stop asking about a needs-attention or failed job")
    forget.add_argument("id")
    forget.set_defaults(func=queue_forget)
    qsub.add_parser("pause", help="send nothing new").set_defaults(func=queue_pause)
    qsub.add_parser("resume", help="send queued jobs again").set_defaults(func=queue_resume)
    qsub.add_parser("run", help="process the queue until it is empty").set_defaults(
        func=queue_run)


def _find(queue: Queue, prefix: str):
    job = queue.store.find(prefix)
    if job is None:
        raise CliError(f"no single job matches {prefix!r}; see `reelroom-cli queue`")
    return job


def queue_list(args) -> int:
    studio = open_studio()
    queue = Queue(studio)
    jobs = queue.store.list()
    head = "queue is PAUSED\n" if queue.paused else ""
    emit(args, {"paused": queue.paused, "jobs": [j.model_dump(mode="json") for j in jobs]},
         head + ("\n".join(j.describe() for j in jobs) or "no jobs"))
    return 0


def length_notes(jobs, durations: dict[str, float], order: list[str]) -> list[str]:
    """One line per shot whose Duration the model could not take as it is (one duration:
    the model's own length is sent, snapped to what it allows)."""
    notes = {}
    for job in jobs:
        sent = seconds_in(job.request.params)
        wanted = durations.get(job.shot_id or "")
        if sent is not None and wanted is not None and abs(sent - wanted) >= SNAP_TOLERANCE:
            number = order.index(job.shot_id) + 1
            notes[job.shot_id] = (f"shot {number}: Duration is {wanted:g} s; sent as {sent:g} s, "
                                  f"the nearest length {job.model} takes")
    return list(notes.values())


def queue_add(args) -> int:
    studio = open_studio()
    project = find_project(studio, args.project)
    queue = Queue(studio)
    doc = studio.open_project(project.id)
    shots = doc.shots.ids()
    durations = {s.id: s.duration for s in doc.shots}
    studio.document = None

    async def go():
        try:
            if args.all_without_take:
                return await queue.generate_missing(project.id, provider=args.provider,
                                                    model=args.model)
            if args.shot is None:
                raise CliError("say which shots: --shot N or --all-without-take")
            if not 1 <= args.shot <= len(shots):
                raise CliError(f"shot number must be between 1 and {len(shots)}")
            return await queue.generate_takes(project.id, shots[args.shot - 1], args.takes,
                                              provider=args.provider, model=args.model)
        except (BudgetExceeded, ProviderError, ValueError, KeyError, ImportError,
                LookupError) as exc:
            msg = exc.user_message() if isinstance(exc, ProviderError) else str(exc)
            raise CliError(msg) from exc
        finally:
            await queue.stop()

    jobs = asyncio.run(go())
    usd = sum(j.estimated_cost or 0 for j in jobs if j.cost_currency == "USD")
    emit(args, [j.model_dump(mode="json") for j in jobs],
         f"queued {len(jobs)} job(s), estimated ${usd:.2f}"
         + "".join(f"\n  {j.describe()}" for j in jobs)
         + "".join(f"\n  {note}" for note in length_notes(jobs, durations, shots)))
    return 0


def queue_cancel(args) -> int:
    if not args.all and not args.id:
        raise CliError("give a job id or --all")
    queue = Queue(open_studio())

    async def go():
        try:
            if args.all:
                return await queue.cancel_all()
            return [await queue.cancel(_find(queue, args.id).id)]
        finally:
            await queue.stop()

    jobs = asyncio.run(go())
    emit(args, [j.model_dump(mode="json") for j in jobs],
         "\n".join(f"{j.id[:8]}  {j.state}  {j.last_error or ''}" for j in jobs)
         or "nothing to cancel")
    return 0


def queue_retry(args) -> int:
    queue = Queue(open_studio())
    try:
        job = queue.retry(_find(queue, args.id).id)
    except ValueError as exc:
        raise CliError(user_text(exc)) from exc
    if job.handle is not None:
        what = (f"fetching again from {job.provider} (it has this job; nothing is paid twice)"
                "; `reelroom-cli queue run` fetches it")
    elif job.state == JobState.SUBMITTING:
        what = (f"checking with {job.provider} whether it received this job; "
                "`reelroom-cli queue run` checks it")
    else:
        what = "queued again"
    emit(args, job.model_dump(mode="json"), f"{what}: {job.describe()}")
    return 0


def queue_check(args) -> int:
    queue = Queue(open_studio())

    async def go():
        try:
            return await queue.check_now(_find(queue, args.id).id)
        finally:
            await queue.stop()

    try:
        job = asyncio.run(go())
    except ValueError as exc:
        raise CliError(user_text(exc)) from exc
    emit(args, job.model_dump(mode="json"), job.describe())
    return 0 if job.state == JobState.DONE else 1


def queue_again(args) -> int:
    queue = Queue(open_studio())
    job = _find(queue, args.id)
    price = (f"${job.estimated_cost:.2f}" if job.cost_currency == "USD"
             and job.estimated_cost is not None else "billed by the service")
    if not args.yes:
        raise CliError(f"this sends a NEW PAID JOB to {job.provider} (about {price}); if the "
                       "service did receive the earlier one you pay twice. Add --yes to send it",
                       code=2)
    try:
        job = queue.generate_again(job.id)
    except (ValueError, BudgetExceeded) as exc:
        raise CliError(user_text(exc)) from exc
    emit(args, job.model_dump(mode="json"),
         f"queued as a new paid job ({price}); `reelroom-cli queue run` sends it: "
         f"{job.describe()}")
    return 0


def queue_forget(args) -> int:
    queue = Queue(open_studio())
    try:
        job = queue.forget(_find(queue, args.id).id)
    except ValueError as exc:
        raise CliError(user_text(exc)) from exc
    emit(args, job.model_dump(mode="json"), job.describe())
    return 0


def queue_pause(args) -> int:
    Queue(open_studio()).pause()
    emit(args, {"paused": True}, "queue paused: nothing new will be sent")
    return 0


def queue_resume(args) -> int:
    Queue(open_studio()).resume()
    emit(args, {"paused": False}, "queue resumed")
    return 0


def queue_run(args) -> int:
    """Exit 0 when every job this run touched ended done; 1 when any failed, was cancelled or
    needs attention; 3 when the queue is paused with work left."""
    studio = open_studio()
    queue = Queue(studio, poll_interval=0.2)
    queue.job_changed.connect(lambda j: print(j.describe(), flush=True)
                              if j.state.finished else None)
    touched: set[str] = set()
    queue.job_changed.connect(lambda j: touched.add(j.id))

    async def go() -> None:
        try:
            await queue.start()
            if others := queue.others_running():
                print(f"another Reelroom is running this queue ({others}); this run sends "
                      "queued jobs and resumes only jobs nobody is running", flush=True)
            await queue.run_until_idle()
        finally:
            await queue.stop()

    asyncio.run(go())
    if queue.paused and queue.store.pending():
        print(f"queue is paused with {len(queue.store.pending())} job(s) waiting; "
              "`reelroom-cli queue resume` to continue")
        return 3
    bad = [j for jid in touched if (j := queue.store.get(jid)) and j.state != JobState.DONE]
    print(f"{len(touched) - len(bad)} done, {len(bad)} not done")
    return 1 if bad else 0

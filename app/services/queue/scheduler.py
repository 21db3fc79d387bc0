"""The queue: one per running app. It sends queued jobs in priority/manual order while keeping
each provider under its concurrency setting, resumes unfinished jobs on start, and offers
pause, cancel, retry and batch generation. Everything it decides is read from and written to
the jobs table, so another process (the CLI) sees and can change the same queue."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from psygnal import Signal

from app.domain.ids import new_id, now
from app.providers.base import CostEstimate, GenerationRequest, Provider
from app.providers.registry import display_name
from app.services.accounts import Accounts
from app.services.queue.job_store import JobStore
from app.services.queue.jobs import ACTIVE, RETRYABLE, Job, JobState
from app.services.queue.landing import TAKE, Landing
from app.services.queue.leases import DEFAULT_TTL, Leases
from app.services.queue.ledger import Ledger
from app.services.queue.live_text import LiveText
from app.services.queue.media_cache import MediaCache
from app.services.queue.outputs import ImageLanding
from app.services.queue.planning import plan_shot
from app.services.queue.runner import FetchPatience, JobRunner, RunnerContext
from app.services.queue.sound_landing import SoundLanding
from app.storage.elements import ElementRepository
from app.storage.prompt_history import PromptHistory
from app.storage.shots import ShotRepository
from app.storage.takes import TakeRepository

log = logging.getLogger(__name__)

BILLED_NOTE = "it had already been sent to {p}, which may still bill for it"
ADOPT_EVERY = 1.0  # seconds between looks for jobs whose queue is gone


class MissingKey(ValueError):
    """A paid job for a service with no API key: refused when it is queued, not after."""


@dataclass(frozen=True)
class JobSpec:
    """One job to queue: which shot, which provider, what to send."""

    project_id: str
    shot_id: str | None
    provider: str
    request: GenerationRequest
    landing: Landing = TAKE  # where its result goes (default: a take of its shot)


class Queue:
    # list[Job]: a batch just queued, in the order it was given. One signal a batch, so a
    # view takes 200 shots queued at once as one insert, not 200 (each a re-sort)
    jobs_added = Signal(object)
    job_changed = Signal(object)  # Job
    batch_finished = Signal()

    def __init__(self, studio, provider_factory: Callable[[str], Provider] | None = None, *,
                 poll_interval: float = 0.5, patience: FetchPatience | None = None,
                 lease_ttl: float = DEFAULT_TTL) -> None:
        self.studio = studio
        self.db = studio.db
        self.store = JobStore(self.db)
        self.ledger = Ledger(self.db)
        self.cache = MediaCache(self.db, studio.paths.cache / "media",
                                studio.settings.cache_size_mb * 1024 * 1024)
        self._factory = provider_factory or self._default_factory
        self._providers: dict[str, Provider] = {}
        self._retired: list[Provider] = []  # built on old settings/keys; closed at stop()
        self.poll_interval = poll_interval
        self._tasks: dict[str, asyncio.Task[Job]] = {}
        self._task_provider: dict[str, str] = {}
        self._loop_task: asyncio.Task[None] | None = None
        self._wake = asyncio.Event()
        self._dispatching = asyncio.Lock()
        self._had_work = False
        self._adopted_at = 0.0
        self.leases = Leases(self.db, ttl=lease_ttl)
        self.live_text = LiveText(self.db)
        if patience is None:
            patience = FetchPatience(window=studio.settings.fetch_patience_seconds)
        self.runner = JobRunner(RunnerContext(
            db=self.db, store=self.store, ledger=self.ledger, cache=self.cache,
            providers=self.provider, downloads=studio.paths.cache / "downloads",
            thumbnails=studio.paths.cache / "thumbnails",
            document=lambda: studio.document, on_change=self.job_changed.emit,
            owner=lambda: self.leases.id if self.leases.registered else None,
            images=ImageLanding(self.db, studio.paths.project_media, lambda: studio.document),
            sound=SoundLanding(self.db, studio.paths, lambda: studio.document),
            patience=patience, live=self.live_text,
        ))
        # the platform's account, read by the Services view and the tier check before queuing
        self.accounts = Accounts(self.provider, has_key=self._has_key, fresh=self._factory)
        if self._factory == self._default_factory:
            studio.settings_changed.connect(self._settings_changed)
        self._synced_at = self.store.last_update()
        self._synced: dict[str, float] = {}  # jobs already told at exactly _synced_at

    def sync_from_library(self) -> list[Job]:
        """Jobs another process (reelroom-cli) added or changed since the last look, told as
        job_changed (a view adds a row for a job it did not know), the loop woken for them."""
        jobs = [j for j in self.store.changed_since(self._synced_at)
                if self._synced.get(j.id) != j.updated]
        if not jobs:
            return []
        self._synced_at = max(j.updated for j in jobs)
        self._synced = {j.id: j.updated for j in jobs if j.updated == self._synced_at}
        for job in jobs:
            self.job_changed.emit(job)
        self._poke()
        return jobs

    # -- providers -------------------------------------------------------------------------
    def _default_factory(self, name: str) -> Provider:
        from app.providers.config import provider_config
        from app.providers.registry import create

        config = provider_config(name, self.studio.settings, self.studio.secrets)
        # local renders (the animatic) live in this studio's cache, not the default one
        extra = {"cache_dir": str(self.studio.paths.cache / name), **config.extra}
        return create(name, config.model_copy(update={"extra": extra}))

    def _settings_changed(self, _settings) -> None:
        """A saved address or key is used by the next request: adapters built on the old
        ones are set aside (a job already talking to one finishes on it) and closed at
        stop()."""
        self._retired += self._providers.values()
        self._providers.clear()

    def provider(self, name: str) -> Provider:
        if name not in self._providers:
            self._providers[name] = self._factory(name)
        return self._providers[name]

    def concurrency(self, name: str) -> int:
        return self.studio.settings.provider(name).concurrency

    # -- queuing ---------------------------------------------------------------------------
    def _has_key(self, name: str) -> bool:
        """A key as stored now (Settings may have just saved one). Adapters a caller gave
        (tests, scripts) carry their own key instead."""
        secrets = getattr(self.studio, "secrets", None)
        if secrets is not None and secrets.lookup(name).key:
            return True
        if self._factory == self._default_factory:
            return False  # asking an adapter would build one on a configuration without a key
        try:
            return self.missing_key(name) is None
        except Exception:  # noqa: BLE001 - a service not set up (no address) has no key to use
            return False

    def missing_key(self, name: str) -> str | None:
        """What to tell the user when `name` is a cloud service with no API key; None when
        it has one (or needs none, as the offline animatic)."""
        from app.settings import PROVIDER_NAMES

        if name not in PROVIDER_NAMES:
            return None
        adapter = self.provider(name)
        config = getattr(adapter, "config", None)
        if config is None or getattr(config, "api_key", None):
            return None
        display = str(getattr(adapter, "display_name", name))
        return f"No API key for {display.split(' (')[0]}: add one in Settings → API keys"

    async def estimate(self, specs: Sequence[JobSpec]) -> list[CostEstimate]:
        """Validate every request (nothing is sent), check it against the account's plan
        (TierLimitExceeded) and price it. A cloud service without an API key is refused
        first (MissingKey)."""
        for name in dict.fromkeys(s.provider for s in specs):
            if (said := self.missing_key(name)) is not None:
                raise MissingKey(said)
        out = []
        for spec in specs:
            provider = self.provider(spec.provider)
            params = await provider.validate(spec.request)
            if hasattr(provider, "account"):  # a plan to check (the platform's tiers)
                endpoint = getattr(provider, "job_endpoint", lambda _m: None)(spec.request.model)
                await self.accounts.check_job(spec.provider, params, endpoint=endpoint)
            out.append(await provider.estimate_cost(spec.request))
        return out

    async def enqueue(self, specs: Sequence[JobSpec], *, priority: int = 0) -> list[Job]:
        """Queue a batch, all or nothing: validated, priced, checked against the budget cap
        (BudgetExceeded says by how much), then written before anything is sent."""
        # inputs the service made itself go by its name (checked and priced that way)
        specs = [replace(s, request=await self.runner.uploads.with_held_inputs(s.provider,
                                                                                s.request))
                 for s in specs]
        estimates = await self.estimate(specs)
        batch_usd = sum(e.amount or 0 for e in estimates if e.currency == "USD")
        self.ledger.check_budget(batch_usd, self.studio.settings.budget_cap_usd)
        batch = new_id()
        jobs = [Job(project_id=s.project_id, shot_id=s.shot_id, provider=s.provider,
                    model=s.request.model, request=s.request, estimated_cost=e.amount,
                    cost_currency=e.currency, priority=priority, batch_id=batch,
                    landing=s.landing)
                for s, e in zip(specs, estimates, strict=True)]
        jobs = await self.db.write(self.store.add, jobs)
        await self.db.write(self._remember_prompts, specs)
        self.jobs_added.emit(jobs)
        self._poke()
        return jobs

    def _remember_prompts(self, specs: Sequence[JobSpec]) -> None:
        """Put what the user typed for each queued shot (not its expansion) in the prompt
        history that the editor completes from."""
        shots = ShotRepository(self.db)
        history = PromptHistory(self.db)
        for shot_id in dict.fromkeys(s.shot_id for s in specs
                                     if s.shot_id and s.landing.kind == "take"):
            shot = shots.get(shot_id)
            if shot is not None:
                history.remember(shot.prompt)

    async def _shot_specs(self, project_id: str, shot_ids: Sequence[str] | None, takes: int,
                          provider: str | None, model: str | None) -> list[JobSpec]:
        # numbered from unbuilt rows: a take of one shot builds that shot, not the project
        rows = ShotRepository(self.db).rows_for_project(project_id)
        elements = ElementRepository(self.db).for_project(project_id)
        numbered = {r.id: (i, r) for i, r in enumerate(rows, start=1)}
        wanted = shot_ids if shot_ids is not None else list(numbered)
        specs = []
        for sid in wanted:
            if sid not in numbered:
                raise KeyError(f"no shot {sid} in this project")
            number, row = numbered[sid]
            name, request = await plan_shot(self.provider, row.load(), number, provider=provider,
                                            model=model, elements=elements)
            specs += [JobSpec(project_id, sid, name, request)] * takes
        return specs

    async def generate_takes(self, project_id: str, shot_id: str, count: int = 1, *,
                             provider: str | None = None, model: str | None = None,
                             priority: int = 0) -> list[Job]:
        """Queue `count` takes of one shot, as the shot is set up now."""
        if count < 1:
            raise ValueError("the number of takes must be 1 or more")
        return await self.enqueue(
            await self._shot_specs(project_id, [shot_id], count, provider, model),
            priority=priority)

    async def generate_missing(self, project_id: str, *, provider: str | None = None,
                               model: str | None = None, priority: int = 0) -> list[Job]:
        """One take for every shot that has no take and none on its way."""
        have = set(TakeRepository(self.db).counts_for_project(project_id))
        coming = {j.shot_id for j in self.store.list(
            project_id=project_id, states=[JobState.QUEUED, *ACTIVE]) if j.landing.kind == "take"}
        shots = [r.id for r in ShotRepository(self.db).rows_for_project(project_id)
                 if r.id not in have and r.id not in coming]
        if not shots:
            return []
        return await self.enqueue(await self._shot_specs(project_id, shots, 1, provider, model),
                                  priority=priority)

    # -- control ---------------------------------------------------------------------------
    @property
    def paused(self) -> bool:
        return self.store.paused()

    def pause(self) -> None:
        """Send nothing new; jobs already sent carry on (they are paid for)."""
        self.store.set_paused(True)

    def resume(self) -> None:
        self.store.set_paused(False)
        self._poke()

    def reorder(self, job_ids: Sequence[str]) -> None:
        self.store.reorder(job_ids)
        for jid in job_ids:
            if (job := self.store.get(jid)) is not None:
                self.job_changed.emit(job)

    def set_priority(self, job_id: str, priority: int) -> None:
        self.job_changed.emit(self.store.update(job_id, priority=priority))
        self._poke()

    async def cancel(self, job_id: str) -> Job:
        """Cancel one job. One not yet sent costs nothing; for one already sent the message
        says plainly that the service may still bill it."""
        job = self.store.get(job_id)
        if job is None:
            raise KeyError(f"no job {job_id}")
        if job.state == JobState.QUEUED:
            job = await self.db.write(self.store.transition, job.id, JobState.CANCELLED,
                                      finished=now(),
                                      last_error="Cancelled before it was sent; not billed.")
        elif job.state in ACTIVE:
            task = self._tasks.get(job.id)
            if task is not None:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
            job = self.store.get(job_id) or job
            if job.state.finished:
                return job  # it finished while we were stopping it
            told = False
            if job.handle is not None:
                with contextlib.suppress(Exception):
                    told = await self.provider(job.provider).cancel(job.handle)
            note = BILLED_NOTE.format(p=job.provider) if job.handle else (
                f"it may already have reached {display_name(job.provider)}, which may bill for it")
            asked = " Reelroom asked the service to stop it." if told else ""
            job = await self.db.write(self.store.transition, job.id, JobState.CANCELLED,
                                      finished=now(), last_error=f"Cancelled, but {note}.{asked}")
        else:
            return job
        self.job_changed.emit(job)
        self._poke()
        return job

    async def cancel_pending(self) -> list[Job]:
        """Cancel everything not yet sent."""
        return [await self.cancel(j.id) for j in self.store.pending()]

    async def cancel_all(self) -> list[Job]:
        """Cancel everything pending and everything running."""
        jobs = self.store.list(states=[JobState.QUEUED, *ACTIVE])
        return [await self.cancel(j.id) for j in jobs]

    def _finished_job(self, job_id: str) -> Job:
        job = self.store.get(job_id)
        if job is None:
            raise KeyError(f"no job {job_id}")
        if job.state not in RETRYABLE:
            raise ValueError(f"job {job.id[:8]} is {job.state}; only failed, cancelled or "
                             "needs-attention jobs can be retried")
        return job

    def retry(self, job_id: str) -> Job:
        """Try a finished job again without paying twice. A job the service holds (it has a
        remote handle) is fetched again: polled, then downloaded. A needs-attention job whose
        create got no answer is checked with the service again ("Check the service"). Only a
        job the service never accepted is sent again."""
        job = self._finished_job(job_id)
        if job.handle is not None:
            job = self.store.transition(job.id, JobState.RUNNING, owner=None, last_error=None,
                                        finished=None, percent=None, queue_position=None,
                                        eta=None, media_path=None, reconciling=False)
        elif job.state == JobState.NEEDS_ATTENTION:
            return self.check_service(job_id)
        else:
            job = self.store.transition(job.id, JobState.QUEUED, last_error=None,
                                        started=None, finished=None, percent=None,
                                        queue_position=None, eta=None, media_path=None,
                                        owner=None, sent=None, reconciling=False)
        self.job_changed.emit(job)
        self._poke()
        return job

    def check_service(self, job_id: str) -> Job:
        """"Check the service": ask it again whether it received this needs-attention job
        (its list of jobs); a job it holds is fetched. Nothing is sent."""
        job = self._finished_job(job_id)
        if job.handle is not None:
            return self.retry(job_id)
        if job.state != JobState.NEEDS_ATTENTION:
            raise ValueError(f"job {job.id[:8]} is {job.state}; only a needs-attention job can "
                             "be checked with the service")
        job = self.store.transition(job.id, JobState.SUBMITTING, owner=None, reconciling=True,
                                    last_error=None, finished=None)
        self.job_changed.emit(job)
        self._poke()
        return job

    async def check_now(self, job_id: str) -> Job:
        """check_service (or retry, for a job the service holds) and drive that one job here
        and now, until it is fetched or needs attention again (the CLI's `queue check`)."""
        job = self.check_service(job_id)
        if not self.leases.registered:
            await self.db.write(self.leases.register)

        async def heartbeat() -> None:  # the loop is not running: keep the lease fresh here
            while True:
                await asyncio.sleep(self.leases.ttl / 4)
                await self.db.write(self.leases.beat)

        beating = asyncio.create_task(heartbeat()) if self._loop_task is None else None
        try:
            mine = await self.db.write(self.store.claim, job.id, self.leases.id)
            if mine is None:
                return self.store.get(job.id) or job  # another running queue took it
            return await self.runner.run(mine, fresh=False)
        finally:
            if beating is not None:
                beating.cancel()
                await asyncio.gather(beating, return_exceptions=True)
            if self._loop_task is None:
                await self.db.write(self.leases.release)

    def generate_again(self, job_id: str) -> Job:
        """"Generate again (new paid job)": the user has decided to pay for a new create of
        this job's request (checked against the budget cap first). The old remote job, if any,
        is forgotten; its booked cost stays booked. For a needs-attention job this is "It was
        not received: send again", so its unconfirmed booking is dropped."""
        job = self._finished_job(job_id)
        if job.cost_currency == "USD":
            self.ledger.check_budget(job.estimated_cost or 0,
                                     self.studio.settings.budget_cap_usd)
        with self.db.transaction() as c:
            if job.state == JobState.NEEDS_ATTENTION and job.handle is None:
                self.ledger.unbook_unconfirmed(c, job.id)
            job = self.store.transition(job.id, JobState.QUEUED, clear_handle=True,
                                        last_error=None, started=None, finished=None,
                                        percent=None, queue_position=None, eta=None,
                                        media_path=None, owner=None, sent=None,
                                        reconciling=False)
        self.live_text.restart(job.id)
        self.job_changed.emit(job)
        self._poke()
        return job

    def forget(self, job_id: str) -> Job:
        """"Forget it": stop asking about a failed or needs-attention job. What may have been
        billed stays booked."""
        job = self._finished_job(job_id)
        if job.state == JobState.CANCELLED:
            return job
        where = (f" {job.provider} may still have it ({job.handle.remote_id})." if job.handle
                 else f" If {job.provider} made it, it is in the service's history.")
        job = self.store.transition(job.id, JobState.CANCELLED, owner=None,
                                    last_error=f"Forgotten.{where}")
        self.job_changed.emit(job)
        return job

    # -- running ---------------------------------------------------------------------------
    def _poke(self) -> None:
        self._wake.set()

    def _spawn(self, job: Job, *, fresh: bool) -> None:
        self._had_work = True
        task = asyncio.create_task(self.runner.run(job, fresh=fresh), name=f"job-{job.id[:8]}")
        self._tasks[job.id] = task
        self._task_provider[job.id] = job.provider
        task.add_done_callback(lambda t, jid=job.id: self._finished(jid, t))

    def _finished(self, job_id: str, task: asyncio.Task[Job]) -> None:
        self._tasks.pop(job_id, None)
        self._task_provider.pop(job_id, None)
        if not task.cancelled() and task.exception() is not None:
            log.error("job %s crashed", job_id[:8], exc_info=task.exception())
        self._poke()

    async def _dispatch(self) -> None:
        # one dispatch at a time: a claim is awaited (committed before anything is sent), and
        # two dispatches counting busy slots across it could pass a service's limit
        async with self._dispatching:
            await self._dispatch_now()

    async def _dispatch_now(self) -> None:
        if not self.leases.registered:
            return  # not started: claims need an owner
        await self._adopt_orphans()
        # read on the writer's thread, after every write handed over before: each wake-up
        # (every job that finishes) read the flag and every queued job's row on the loop's
        # (the GUI's) thread
        paused, pending = await self.db.write(self._dispatch_view)
        if paused:
            return
        busy = Counter(self._task_provider.values())
        for job_id, provider in pending:
            if busy[provider] >= self.concurrency(provider):
                continue
            try:
                # committed before its runner may send anything
                claimed = await self.db.write(self._claim, job_id)
            except Exception:  # noqa: BLE001 - claimed or cancelled elsewhere meanwhile
                continue
            if claimed is None:
                continue  # cancelled or claimed elsewhere meanwhile
            self.job_changed.emit(claimed)
            busy[claimed.provider] += 1
            self._spawn(claimed, fresh=True)

    def _dispatch_view(self) -> tuple[bool, list[tuple[str, str]]]:
        """(paused, queued jobs' ids and providers in send order), on the writer's thread."""
        return self.store.paused(), self.store.pending_providers()

    def _claim(self, job_id: str) -> Job | None:
        """The job, moved to submitting as this queue's, if it is still queued (on the
        writer's thread: read and claimed in one turn, nothing written between)."""
        job = self.store.get(job_id)
        if job is None or job.state != JobState.QUEUED:
            return None
        return self.store.transition(job.id, JobState.SUBMITTING, attempts=job.attempts + 1,
                                     started=now(), owner=self.leases.id, sent=None,
                                     reconciling=False)

    async def _adopt_orphans(self, *, now_: bool = False) -> list[Job]:
        """Resume active jobs whose queue is gone (or that nobody owns, as after a retry from
        another process): poll running ones, resume downloads, reconcile ones caught while
        submitting. Jobs another live queue owns are left to it."""
        if not now_ and time.monotonic() - self._adopted_at < ADOPT_EVERY:
            return []
        self._adopted_at = time.monotonic()
        await self.db.write(self.leases.beat)
        jobs = []
        for job_id in await self.db.write(self.leases.adopt):
            if job_id in self._tasks:
                continue
            job = self.store.get(job_id)
            if job is not None and job.state.active:
                jobs.append(job)
                self._spawn(job, fresh=False)
        return jobs

    async def resume_unfinished(self) -> list[Job]:
        """Pick up jobs a previous run left active (see _adopt_orphans)."""
        if not self.leases.registered:
            await self.db.write(self.leases.register)
        return await self._adopt_orphans(now_=True)

    def others_running(self) -> int:
        """How many other queues (another window, `reelroom-cli queue run`) run jobs on this
        library now."""
        return self.leases.others()

    def idle(self) -> bool:
        return not self._tasks and (self.store.paused() or not self.store.has_pending())

    async def _loop(self) -> None:
        while True:
            try:
                await self._dispatch()
            except Exception:  # noqa: BLE001 - a busy database must not stop the queue for good
                log.exception("queue: dispatch failed; trying again")
            if self._had_work and self.idle():
                self._had_work = False
                self.batch_finished.emit()
            # asyncio.timeout, not wait_for: on 3.11 wait_for swallows a cancel that arrives
            # while the wake event is already set, and stop() then waits forever
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.poll_interval):
                    await self._wake.wait()
            self._wake.clear()

    async def start(self) -> None:
        if self._loop_task is None:
            await self.db.write(self.leases.register)
            await self.resume_unfinished()
            self._loop_task = asyncio.create_task(self._loop(), name="queue")

    async def run_until_idle(self) -> None:
        """Process the queue until nothing is running and nothing can be sent."""
        await self.start()
        while True:
            await asyncio.sleep(min(self.poll_interval, 0.05))
            if self._loop_task is not None and self._loop_task.done():
                self._loop_task.result()  # the loop died: say why instead of waiting forever
            if self.idle():
                await self._dispatch()
                await self._adopt_orphans(now_=True)  # a job retried from elsewhere is ours to fetch
                if self.idle():
                    return

    async def stop(self) -> None:
        """Stop working without changing any job: what was active resumes next start."""
        tasks = [t for t in (self._loop_task, *self._tasks.values()) if t is not None]
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._loop_task = None
        await self.db.write(self.leases.release)
        for provider in [*self._providers.values(), *self._retired]:
            with contextlib.suppress(Exception):
                await provider.aclose()
        self._providers.clear()
        self._retired.clear()

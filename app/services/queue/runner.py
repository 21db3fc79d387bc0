"""One job's life after it was claimed: submit (or reconcile), poll, download, land its result.

Each step first writes the state it is entering, then does it; the remote handle is written the
moment it is known, together with the ledger entry. A job found in `submitting` after a restart
is reconciled with the service, never sent again blindly. A job that holds a remote handle is
never sent again either: when polling or downloading fails for a while it keeps its handle and
ends needs-attention, and a retry fetches it. Only the service saying the job failed fails it.

Every write names this runner as the job's owner, so a queue whose job was taken over by
another (or cancelled from elsewhere) stops touching it."""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.domain import Take
from app.domain.ids import now
from app.media.errors import MediaError
from app.media.probe import probe
from app.media.thumbnails import make_thumbnail
from app.providers.base import (
    Capability,
    GenerationRequest,
    JobStatus,
    Provider,
    RemoteHandle,
)
from app.providers.errors import (
    AmbiguousSubmitError,
    AuthError,
    JobFailedError,
    NotFoundError,
    PaymentError,
    ProviderError,
    RetiredError,
    UnknownStatusError,
    ValidationFailed,
)
from app.providers.registry import display_name
from app.services.project_document import ProjectDocument
from app.services.queue.job_store import JobStore
from app.services.queue.jobs import IllegalTransition, Job, JobState
from app.services.queue.ledger import Ledger
from app.services.queue.live_text import STREAMS, LiveText
from app.services.queue.media_cache import MediaCache
from app.services.queue.outputs import ImageLanding, default_suffix, pick
from app.services.queue.result_assets import (
    agent_ids,
    agent_message,
    fetch_companions,
    lineage,
    remember_result,
)
from app.services.queue.sound_landing import LandingError, SoundLanding
from app.services.queue.take_writer import finish_with_take
from app.services.upload_limits import accepts as upload_accepts
from app.services.uploads import Uploads
from app.storage.database import Database

log = logging.getLogger(__name__)

ProviderGetter = Callable[[str], Provider]

HELD = "{p} has this job ({rid}); Reelroom will fetch it when you retry."
# errors that waiting cannot cure: the job is held at once, in the service's words
_LASTING = (AuthError, PaymentError, NotFoundError, ValidationFailed, RetiredError,
            UnknownStatusError)
RECONCILE_ROUNDS = 5  # times to look again while identical creates are still on their way


def _said(exc: BaseException, provider: str) -> str:
    if isinstance(exc, ProviderError):
        if not exc.provider:
            exc.provider = provider
        return exc.user_message()
    return f"{display_name(provider)}: {exc}"


@dataclass(frozen=True)
class FetchPatience:
    """How long polling or downloading a job the service holds keeps trying through
    transient failures before it is left needs-attention (tests shrink these)."""

    window: float = 600.0  # seconds of failures in a row
    base_delay: float = 2.0
    max_delay: float = 60.0

    def delay(self, failures: int) -> float:
        step = min(self.max_delay, self.base_delay * 2 ** (failures - 1))
        return step * (0.5 + random.random() / 2)


@dataclass
class RunnerContext:
    db: Database
    store: JobStore
    ledger: Ledger
    cache: MediaCache
    providers: ProviderGetter
    downloads: Path  # where results land (as .part) before entering the cache
    thumbnails: Path
    document: Callable[[], ProjectDocument | None]
    on_change: Callable[[Job], None]
    owner: Callable[[], str | None] = lambda: None  # this queue's runner id
    images: ImageLanding | None = None
    sound: SoundLanding | None = None  # clips, cues and files (jobs that do not make a take)
    patience: FetchPatience = FetchPatience()
    live: LiveText | None = None  # where a streaming service's words go while it works


class _Transient:
    """Failures in a row while fetching a held job, against the patience window."""

    def __init__(self, patience: FetchPatience) -> None:
        self.patience = patience
        self.since: float | None = None
        self.count = 0

    def ok(self) -> None:
        self.since, self.count = None, 0

    async def wait_or_give_up(self, exc: BaseException) -> bool:
        """True: wait done, try again. False: give up (lasting error or window spent)."""
        if isinstance(exc, _LASTING):
            return False
        if self.since is None:
            self.since = time.monotonic()
        if time.monotonic() - self.since >= self.patience.window:
            return False
        self.count += 1
        await asyncio.sleep(min(self.patience.delay(self.count),
                                max(0.0, self.patience.window - (time.monotonic() - self.since))))
        return True


class JobRunner:
    def __init__(self, ctx: RunnerContext) -> None:
        self.ctx = ctx
        self.uploads = Uploads(ctx.db, ctx.providers)  # one, so its per-content locks are shared

    @property
    def _owner(self) -> str | None:
        return self.ctx.owner()

    # Every write goes through the library's one ordered writer and is awaited: the job's
    # coroutine goes on (to the next request) only once its state has committed, while the
    # loop (the GUI) runs on.
    async def _write(self, fn, *args, **kw) -> Job:
        job = await self.ctx.db.write(fn, *args, **kw)
        self.ctx.on_change(job)
        return job

    async def _move(self, job: Job, to: JobState, **kw) -> Job:
        return await self._write(self.ctx.store.transition, job.id, to, as_owner=self._owner,
                                 **kw)

    async def _update(self, job: Job, **kw) -> Job:
        return await self._write(self.ctx.store.update, job.id, as_owner=self._owner, **kw)

    def _update_soon(self, job: Job, **kw) -> None:
        """`_update` from a plain callback (upload progress): handed to the writer now, in
        order; told when it has been written."""
        loop = asyncio.get_running_loop()
        future = self.ctx.db.writer.submit(self.ctx.store.update, job.id, as_owner=self._owner,
                                           **kw)

        def written(f) -> None:
            if not f.cancelled() and f.exception() is None:
                self.ctx.on_change(f.result())

        def tell(f) -> None:
            if not loop.is_closed():
                loop.call_soon_threadsafe(written, f)

        future.add_done_callback(tell)

    def _fail_now(self, job: Job, message: str, to: JobState = JobState.FAILED) -> Job:
        """The failing write itself (on the writer's thread)."""
        return self.ctx.store.transition(job.id, to, as_owner=self._owner, last_error=message,
                                         finished=now(), reconciling=False)

    async def _fail(self, job: Job, message: str, to: JobState = JobState.FAILED) -> Job:
        return await self._write(self._fail_now, job, message, to)

    async def _held(self, job: Job, why: str) -> Job:
        """Polling or downloading cannot go on now; the service still has the job."""
        assert job.handle is not None
        held = HELD.format(p=job.provider, rid=job.handle.remote_id)
        return await self._fail(job, f"{why.rstrip('. ')}. {held}", JobState.NEEDS_ATTENTION)

    async def run(self, job: Job, *, fresh: bool = False) -> Job:
        """Drive `job` to a finished state. `fresh`: it was claimed just now (so it has not
        been sent); otherwise it is being resumed, or the service is being checked for it."""
        try:
            return await self._run(job, fresh)
        finally:
            if self.ctx.live is not None:
                await self.ctx.live.finished(job.id)

    async def _run(self, job: Job, fresh: bool) -> Job:
        try:
            try:
                provider = self.ctx.providers(job.provider)
            except Exception as exc:  # noqa: BLE001 - an unusable adapter fails its jobs
                if job.handle is not None:
                    return await self._held(job, _said(exc, job.provider))
                return await self._fail(job, _said(exc, job.provider))
            while not job.state.finished:
                if job.state == JobState.SUBMITTING:
                    job = await (self._submit(provider, job) if fresh
                                 else self._reconcile(provider, job, crashed=not job.reconciling))
                elif job.state == JobState.RUNNING:
                    job = await self._poll(provider, job)
                elif job.state == JobState.DOWNLOADING:
                    job = await self._download(provider, job)
                else:
                    break  # queued: not ours to start
            return job
        except IllegalTransition as exc:
            # another process (or a cancel) moved the job; it is not ours any more
            log.info("job %s: %s", job.id[:8], exc)
            return self.ctx.store.get(job.id) or job

    # -- sending ---------------------------------------------------------------------------
    async def _submit(self, provider: Provider, job: Job) -> Job:
        try:
            request = await self._upload_inputs(provider, job)
        except IllegalTransition:
            raise
        except Exception as exc:  # noqa: BLE001 - an upload is not the paid job: say why, stop
            return await self._fail(job, _said(exc, job.provider))
        # written before the create leaves: a reconcile counts creates on their way by it
        job = await self._update(job, sent=now())
        try:
            handle = await provider.submit(request)
        except AmbiguousSubmitError as exc:
            return await self._reconcile(provider, job, why=_said(exc, job.provider))
        except Exception as exc:  # noqa: BLE001 - nothing was accepted: say what the service said
            return await self._fail(job, _said(exc, job.provider))
        return await self._accepted(job, handle)

    async def _upload_inputs(self, provider: Provider, job: Job) -> GenerationRequest:
        """Inputs a service takes as separate uploads go up first, through the upload cache:
        a second job with the same reference image sends only its remote id."""
        request = job.request
        if Capability.UPLOAD not in provider.capabilities:
            return request  # takes its files inline with the job (OpenAI) or needs none
        # a file the service cannot take as an upload may be one it made: its name is sent
        request = await self.uploads.with_held_inputs(provider.name, request)
        todo = [n for n, i in enumerate(request.inputs)
                if i.path and not i.remote_id and upload_accepts(provider.name, Path(i.path))]
        if not todo:
            return request
        inputs = list(request.inputs)
        for k, n in enumerate(todo):
            done = await self.uploads.ensure_uploaded(
                provider.name, Path(inputs[n].path or ""),
                on_progress=self._upload_progress(job, k, len(todo)))
            inputs[n] = inputs[n].model_copy(update={"remote_id": done.remote_id})
        await self._update(job, percent=None)
        return request.model_copy(update={"inputs": inputs})

    def _upload_progress(self, job: Job, index: int, count: int):
        """Upload progress as the submitting job's percent, written in 5 % steps (not once
        per chunk: each write is a database transaction)."""
        last = [-1]

        def report(done: int, total: int | None) -> None:
            if not total:
                return
            percent = int((index + min(done, total) / total) / count * 100)
            if percent // 5 == last[0] // 5:
                return
            last[0] = percent
            log.info("job %s: uploading %d%%", job.id[:8], percent)
            self._update_soon(job, percent=float(percent))

        return report

    def _accept_now(self, job: Job, handle: RemoteHandle) -> Job:
        """The handle and the ledger row, in one transaction (on the writer's thread)."""
        with self.ctx.db.transaction() as c:
            job = self.ctx.store.transition(job.id, JobState.RUNNING, handle=handle,
                                            as_owner=self._owner, reconciling=False,
                                            last_error=None)
            self.ctx.ledger.book(c, job)
        return job

    async def _accepted(self, job: Job, handle: RemoteHandle) -> Job:
        return await self._write(self._accept_now, job, handle)

    def _adopt_now(self, job: Job, handle: RemoteHandle) -> Job | None:
        with self.ctx.db.transaction():
            if handle.remote_id in self.ctx.store.remote_ids(job.provider, besides=job.id):
                return None
            return self._accept_now(job, handle)

    async def _adopt(self, job: Job, handle: RemoteHandle) -> Job | None:
        """`_accepted` for a handle found by reconcile, unless another job took that remote
        id meanwhile (checked in the same transaction): None then."""
        adopted = await self.ctx.db.write(self._adopt_now, job, handle)
        if adopted is not None:
            self.ctx.on_change(adopted)
        return adopted

    async def _candidates(self, provider: Provider, job: Job, since: float,
                          want: int) -> list[RemoteHandle]:
        """Up to `want` jobs on the service matching this request that no other job holds."""
        exclude = set(self.ctx.store.remote_ids(job.provider, besides=job.id))
        found: list[RemoteHandle] = []
        while len(found) < want:
            handle = await provider.reconcile(job.request, since, exclude=frozenset(exclude))
            if handle is None or handle.remote_id in exclude:
                break
            found.append(handle)
            exclude.add(handle.remote_id)
        return found

    async def _reconcile(self, provider: Provider, job: Job, *, why: str = "",
                         crashed: bool = False) -> Job:
        """Ask the service whether it has this job. Identical requests (two takes of one
        shot) are told apart by count: a match is adopted only when the service lists more
        unclaimed matches than there are identical creates still on their way, and never one
        another job already holds."""
        job = await self._update(job, reconciling=True)
        since = (job.sent or job.started or job.created) - 60  # clocks differ: a minute of slack
        note = ""
        for round_ in range(RECONCILE_ROUNDS):
            others = self.ctx.store.in_flight_like(job, since)
            try:
                found = await self._candidates(provider, job, since, others + 1)
            except NotImplementedError:
                note = f" {display_name(job.provider)} cannot list its jobs, so Reelroom cannot check."
                break
            except Exception as exc:  # noqa: BLE001
                note = f" Checking with the service failed: {_said(exc, job.provider)}"
                break
            if len(found) > others:
                adopted = await self._adopt(job, found[-1])
                if adopted is not None:
                    return adopted
                continue  # taken by another job a moment ago: look again
            if not others:
                break
            await asyncio.sleep(0.2 * (round_ + 1))  # let the creates on their way answer
        cause = ("Reelroom stopped while sending this job" if crashed
                 else f"Sending this job got no clear answer ({why})" if why
                 else "Reelroom checked again and did not find this job")
        message = (f"{cause}; {display_name(job.provider)} may have received it and may bill "
                   f"for it.{note} Check the service's history; send it again only if the job "
                   "is not there, so it is not paid twice.")

        def hold_and_book() -> Job:
            with self.ctx.db.transaction() as c:
                held = self._fail_now(job, message, JobState.NEEDS_ATTENTION)
                self.ctx.ledger.book(c, held, confirmed=False)
            return held

        held = await self._write(hold_and_book)
        return held

    # -- fetching a job the service holds --------------------------------------------------
    async def _poll(self, provider: Provider, job: Job) -> Job:
        assert job.handle is not None
        transient = _Transient(self.ctx.patience)
        while True:
            last = None
            try:
                async for event in provider.progress(job.handle):
                    transient.ok()
                    if event.keep:  # written before the result is fetched: a restart needs it
                        handle = job.handle.model_copy(
                            update={"extra": {**job.handle.extra, **event.keep}})
                        job = await self._update(job, handle=handle)
                    self._tell(job, event)
                    if event.status.finished:
                        last = event
                        break
                    job = await self._update(job, percent=event.percent,
                                       queue_position=event.queue_position,
                                       eta=event.eta_seconds)
                if last is None:
                    raise ProviderError(f"{display_name(job.provider)} stopped reporting on this job before "
                                        "it finished", provider=job.provider)
            except (IllegalTransition, asyncio.CancelledError):
                raise
            except Exception as exc:  # noqa: BLE001 - the service has the job: keep trying
                log.info("job %s: polling failed: %s", job.id[:8], exc)
                if await transient.wait_or_give_up(exc):
                    continue
                return await self._held(job, f"Checking on it failed: {_said(exc, job.provider)}")
            break
        if last.status == JobStatus.SUCCEEDED:
            return await self._move(job, JobState.DOWNLOADING, percent=100.0, queue_position=None,
                              eta=None)
        if last.status == JobStatus.CANCELLED:
            return await self._fail(job, f"{display_name(job.provider)} cancelled this job.", JobState.CANCELLED)
        said = last.message or last.raw_status or "the job failed"
        return await self._fail(job, f"{display_name(job.provider)}: {said}")

    def _tell(self, job: Job, event) -> None:
        if self.ctx.live is None or not event.text:
            return
        stream = event.data.get("stream") if isinstance(event.data, dict) else None
        if stream in STREAMS:
            self.ctx.live.add(job.id, stream, event.text)
        elif not event.status.finished:
            self.ctx.live.note(job.id, event.text)

    async def _fetch(self, provider: Provider, job: Job) -> tuple[Path, dict[str, str]]:
        """The result downloaded into the cache, and its companions (the service's thumbnail,
        spritesheet) by kind; raises what the service said."""
        outputs = await provider.results(job.handle)  # type: ignore[arg-type]
        output = pick(outputs, job.landing)
        if output is None:
            wanted = " or ".join(job.landing.output_kinds())
            raise _NoResult(f"{display_name(job.provider)} finished but returned no {wanted}.")
        suffix = Path(output.filename or "").suffix or default_suffix(output.kind)
        # named by job: a restart finds the same .part and resumes it
        dest = self.ctx.downloads / f"{job.id}{suffix}"
        # on a worker thread: a mkdir waits behind another download's fsync in that folder
        await asyncio.to_thread(dest.parent.mkdir, parents=True, exist_ok=True)
        await provider.download(output, dest)
        cached = await self.ctx.cache.put(dest)
        await self.ctx.db.write(remember_result, self.uploads.repo, job.provider, cached, output)
        extras = await fetch_companions(provider, outputs, self.ctx.downloads, self.ctx.cache,
                                        job.id)
        if output.filename:
            extras["filename"] = output.filename
        return cached, extras

    async def _download(self, provider: Provider, job: Job) -> Job:
        assert job.handle is not None
        media = Path(job.media_path) if job.media_path else None
        extras: dict[str, str] = {}
        if media is None or not media.exists():
            transient = _Transient(self.ctx.patience)
            while True:
                try:
                    media, extras = await self._fetch(provider, job)
                except (IllegalTransition, asyncio.CancelledError):
                    raise
                except _NoResult as exc:
                    return await self._fail(job, str(exc))
                except JobFailedError as exc:  # the service says the result failed
                    return await self._fail(job, _said(exc, job.provider))
                except Exception as exc:  # noqa: BLE001 - the service has the result
                    log.info("job %s: download failed: %s", job.id[:8], exc)
                    if await transient.wait_or_give_up(exc):
                        continue
                    return await self._held(job, f"Downloading the result failed: "
                                           f"{_said(exc, job.provider)}")
                break
            job = await self._update(job, media_path=str(media))
        if job.landing.kind != "take":
            return await self._land_sound(job, media)
        try:
            info = await probe(media)
        except MediaError as exc:
            return await self._fail(job, f"{display_name(job.provider)} returned a file that cannot be played: {exc}")
        if not info.has_video and info.kind != "image":
            return await self._fail(job, f"{display_name(job.provider)} returned a file with no picture in it.")
        if info.kind == "image":
            return await self._land_image(job, media)
        try:
            thumb: Path | None = await make_thumbnail(media, self.ctx.thumbnails)
        except MediaError:
            thumb = None  # a take without a poster frame is still a take
        if job.shot_id is None:
            return await self._move(job, JobState.DONE, finished=now(), percent=100.0)
        params = job.request.params
        filename = extras.pop("filename", None)
        remote_ids = {"remote_id": job.handle.remote_id, "job_id": job.id,
                      **({"filename": filename} if filename else {}),
                      **agent_ids(job.handle.extra), **lineage(job.request)}
        take = Take(
            id=job.id, shot_id=job.shot_id, provider=job.provider, model=job.model,
            prompt=job.request.prompt, params=params,
            seed=params.get("seed") if isinstance(params.get("seed"), int) else None,
            remote_ids=remote_ids, media_path=str(media), duration=info.duration,
            thumbnail_path=str(thumb) if thumb else extras.get("thumbnail"),
            assets=extras, message=agent_message(job.handle.extra),
            cost=job.estimated_cost, cost_currency=job.cost_currency,
        )
        job, _ = await finish_with_take(self.ctx.db, self.ctx.store, job, take,
                                        self.ctx.document, owner=self._owner)
        self.ctx.on_change(job)
        return job

    async def _land_image(self, job: Job, media: Path) -> Job:
        if self.ctx.images is None:
            return await self._move(job, JobState.DONE, finished=now(), percent=100.0)
        try:
            path = await self.ctx.images.land(job.project_id, job.shot_id, media)
        except (ValueError, OSError) as exc:
            return await self._fail(job, f"The image was downloaded ({media}) but could not be added "
                                   f"to the media bin: {exc}")
        return await self._move(job, JobState.DONE, finished=now(), percent=100.0, media_path=path)


    async def _land_sound(self, job: Job, media: Path) -> Job:
        """A clip, cues or a file (app.services.queue.sound_landing), landed once."""
        if self.ctx.sound is None:
            return await self._fail(job, f"The result was downloaded ({media}) but this queue cannot "
                                   "place sound or subtitles.")
        try:
            job = await self.ctx.sound.land(self.ctx.store, job, media, owner=self._owner)
        except LandingError as exc:
            return await self._fail(job, f"{display_name(job.provider)}'s result was downloaded "
                                   f"({media}) but could not be placed: {exc}")
        self.ctx.on_change(job)
        return job


class _NoResult(Exception):
    """The service finished the job but named nothing that can be landed."""

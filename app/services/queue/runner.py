"""One job's life after it was claimed: submit (or reconcile), poll, download, become a take.

Each step first writes the state it is entering, then does it; the remote handle is written the
moment it is known, together with the ledger entry. A job found in `submitting` after a restart
is reconciled with the service, never sent again blindly."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.domain import Take
from app.domain.ids import now
from app.media.errors import MediaError
from app.media.probe import probe
from app.media.thumbnails import make_thumbnail
from app.providers.base import Capability, GenerationRequest, JobStatus, Output, Provider
from app.providers.errors import AmbiguousSubmitError, ProviderError
from app.services.project_document import ProjectDocument
from app.services.queue.job_store import JobStore
from app.services.queue.jobs import IllegalTransition, Job, JobState
from app.services.queue.ledger import Ledger
from app.services.queue.media_cache import MediaCache
from app.services.queue.take_writer import finish_with_take
from app.services.upload_limits import accepts as upload_accepts
from app.services.uploads import Uploads
from app.storage.database import Database

log = logging.getLogger(__name__)

ProviderGetter = Callable[[str], Provider]


def _said(exc: BaseException, provider: str) -> str:
    if isinstance(exc, ProviderError):
        if not exc.provider:
            exc.provider = provider
        return exc.user_message()
    return f"{provider}: {exc}"


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


class JobRunner:
    def __init__(self, ctx: RunnerContext) -> None:
        self.ctx = ctx
        self.uploads = Uploads(ctx.db, ctx.providers)  # one, so its per-content locks are shared

    def _move(self, job: Job, to: JobState, **kw) -> Job:
        job = self.ctx.store.transition(job.id, to, **kw)
        self.ctx.on_change(job)
        return job

    def _fail(self, job: Job, message: str, to: JobState = JobState.FAILED) -> Job:
        return self._move(job, to, last_error=message, finished=now())

    async def run(self, job: Job, *, fresh: bool = False) -> Job:
        """Drive `job` to a finished state. `fresh`: it was claimed just now (so it has not
        been sent); otherwise it is being resumed after a restart."""
        try:
            try:
                provider = self.ctx.providers(job.provider)
            except Exception as exc:  # noqa: BLE001 - an unusable adapter fails its jobs
                return self._fail(job, _said(exc, job.provider))
            while not job.state.finished:
                if job.state == JobState.SUBMITTING:
                    job = await (self._submit(provider, job) if fresh
                                 else self._reconcile(provider, job, crashed=True))
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

    async def _submit(self, provider: Provider, job: Job) -> Job:
        try:
            request = await self._upload_inputs(provider, job)
        except Exception as exc:  # noqa: BLE001 - an upload is not the paid job: say why, stop
            return self._fail(job, _said(exc, job.provider))
        try:
            handle = await provider.submit(request)
        except AmbiguousSubmitError as exc:
            return await self._reconcile(provider, job, why=_said(exc, job.provider))
        except Exception as exc:  # noqa: BLE001 - nothing was accepted: say what the service said
            return self._fail(job, _said(exc, job.provider))
        return self._accepted(job, handle)

    async def _upload_inputs(self, provider: Provider, job: Job) -> GenerationRequest:
        """Inputs a service takes as separate uploads go up first, through the upload cache:
        a second job with the same reference image sends only its remote id."""
        request = job.request
        if Capability.UPLOAD not in provider.capabilities:
            return request  # takes its files inline with the job (OpenAI) or needs none
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
        self.ctx.on_change(self.ctx.store.update(job.id, percent=None))
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
            self.ctx.on_change(self.ctx.store.update(job.id, percent=float(percent)))

        return report

    def _accepted(self, job: Job, handle) -> Job:
        with self.ctx.db.transaction() as c:
            job = self.ctx.store.transition(job.id, JobState.RUNNING, handle=handle)
            self.ctx.ledger.book(c, job)
        self.ctx.on_change(job)
        return job

    async def _reconcile(self, provider: Provider, job: Job, *, why: str = "",
                         crashed: bool = False) -> Job:
        since = (job.started or job.created) - 60  # clocks differ; a minute of slack
        note = ""
        try:
            handle = await provider.reconcile(job.request, since)
        except NotImplementedError:
            handle, note = None, f" {job.provider} cannot list its jobs, so Reelroom cannot check."
        except Exception as exc:  # noqa: BLE001
            handle, note = None, f" Checking with the service failed: {_said(exc, job.provider)}"
        if handle is not None:
            return self._accepted(job, handle)
        cause = ("Reelroom stopped while sending this job" if crashed
                 else f"Sending this job got no clear answer ({why})")
        return self._fail(
            job,
            f"{cause}; {job.provider} may have received it and may bill for it.{note} Check the "
            "service's history; retry only if the job is not there, so it is not paid twice.",
            JobState.NEEDS_ATTENTION,
        )

    async def _poll(self, provider: Provider, job: Job) -> Job:
        assert job.handle is not None
        last = None
        try:
            async for event in provider.progress(job.handle):
                if event.status.finished:
                    last = event
                    break
                job = self.ctx.store.update(job.id, percent=event.percent,
                                            queue_position=event.queue_position,
                                            eta=event.eta_seconds)
                self.ctx.on_change(job)
        except Exception as exc:  # noqa: BLE001
            return self._fail(job, _said(exc, job.provider))
        if last is None:
            return self._fail(job, f"{job.provider} stopped reporting on this job before it "
                              "finished.", JobState.NEEDS_ATTENTION)
        if last.status == JobStatus.SUCCEEDED:
            return self._move(job, JobState.DOWNLOADING, percent=100.0, queue_position=None,
                              eta=None)
        if last.status == JobStatus.CANCELLED:
            return self._fail(job, f"{job.provider} cancelled this job.", JobState.CANCELLED)
        said = last.message or last.raw_status or "the job failed"
        return self._fail(job, f"{job.provider}: {said}")

    async def _download(self, provider: Provider, job: Job) -> Job:
        assert job.handle is not None
        media = Path(job.media_path) if job.media_path else None
        if media is None or not media.exists():
            try:
                outputs = await provider.results(job.handle)
                output = _pick(outputs)
                if output is None:
                    return self._fail(job, f"{job.provider} finished but returned no video.")
                suffix = Path(output.filename or "").suffix or ".mp4"
                # named by job: a restart finds the same .part and resumes it
                dest = self.ctx.downloads / f"{job.id}{suffix}"
                dest.parent.mkdir(parents=True, exist_ok=True)
                await provider.download(output, dest)
            except Exception as exc:  # noqa: BLE001
                return self._fail(job, _said(exc, job.provider))
            media = await self.ctx.cache.put(dest)
            job = self.ctx.store.update(job.id, media_path=str(media))
        try:
            info = await probe(media)
        except MediaError as exc:
            return self._fail(job, f"{job.provider} returned a file that cannot be played: {exc}")
        try:
            thumb: Path | None = await make_thumbnail(media, self.ctx.thumbnails)
        except MediaError:
            thumb = None  # a take without a poster frame is still a take
        if job.shot_id is None:
            return self._move(job, JobState.DONE, finished=now(), percent=100.0)
        params = job.request.params
        take = Take(
            id=job.id, shot_id=job.shot_id, provider=job.provider, model=job.model,
            prompt=job.request.prompt, params=params,
            seed=params.get("seed") if isinstance(params.get("seed"), int) else None,
            remote_ids={"remote_id": job.handle.remote_id, "job_id": job.id},
            media_path=str(media), duration=info.duration,
            thumbnail_path=str(thumb) if thumb else None,
            cost=job.estimated_cost, cost_currency=job.cost_currency,
        )
        job, _ = finish_with_take(self.ctx.db, self.ctx.store, job, take, self.ctx.document())
        self.ctx.on_change(job)
        return job


def _pick(outputs: list[Output]) -> Output | None:
    videos = [o for o in outputs if o.kind == "video" and o.url]
    return videos[0] if videos else None

"""A finished job becomes a take — exactly once. The take has the job's id, and the take and
the job's `done` are written in one transaction, so a crash leaves either neither or both."""

from __future__ import annotations

from collections.abc import Callable

from app.domain import Take
from app.domain.ids import now
from app.services.project_document import ProjectDocument
from app.services.queue.job_store import JobStore
from app.services.queue.jobs import Job, JobState
from app.storage.database import Database
from app.storage.shots import ShotRepository
from app.storage.takes import TakeRepository


def _add_without_document(db: Database, take: Take) -> Take:
    """What ProjectDocument.add_take does, for when that project is not open."""
    shots = ShotRepository(db)
    with db.transaction():
        take = TakeRepository(db).add(take)
        shot = shots.get(take.shot_id)
        if shot is not None and shot.selected_take_id is None:
            shots.update(shot.edited(selected_take_id=take.id, updated=now()))
    return take


def _record(db: Database, store: JobStore, job: Job, take: Take,
            owner: str | None) -> tuple[Job, Take, bool]:
    """The take and the job's `done`, one transaction (on the writer's thread). True when the
    take is new (not one an earlier attempt wrote before it died)."""
    with db.transaction():
        existing = TakeRepository(db).get(take.id)
        if existing is None:
            take = _add_without_document(db, take)
        else:
            take = existing
        job = store.transition(job.id, JobState.DONE, take_id=take.id, finished=now(),
                               percent=100.0, last_error=None, as_owner=owner)
    return job, take, existing is None


async def finish_with_take(db: Database, store: JobStore, job: Job, take: Take,
                           document: Callable[[], ProjectDocument | None], *,
                           owner: str | None = None) -> tuple[Job, Take]:
    """Record `take` and mark `job` done in one transaction, through the library's writer.
    When the open document (asked after the write: the user may have switched meanwhile) is
    the job's project, its in-memory lists and signals follow."""
    job, take, added = await db.write(_record, db, store, job, take, owner)
    doc = document()
    if added and doc is not None and doc.project.id == job.project_id:
        doc.take_recorded(take)
    return job, take

"""The fault trial of issue 12: every combination of {500, 502, 503, dropped connection} ×
{create, poll, download} × the five services, one job through the queue against the service's
fake. Whatever fails, the creates the fake accepted equal the takes made plus the jobs the
service itself failed: nothing is paid twice, nothing paid for is left without its take.

A fault on the create is the service answering the error (or hanging up) *without* acting on
the request, so nothing exists there: a 503 is a refusal and is sent again; a 500, 502 or
dropped connection is ambiguous and is never sent again by itself (the job is reconciled, or
left needs-attention for the user). Poll and download faults last longer than one request's
retries (the adapter gives up), shorter than the queue's patience (the queue waits them out).
A create whose answer is lost *after* the service acted is covered by test_paid_once."""

from __future__ import annotations

import pytest

from app.services.queue import JobSpec, JobState
from app.storage.takes import TakeRepository
from tests.fakes.server import Reply
from tests.queue.conftest import make_project
from tests.queue.services import NAMES, running

pytestmark = [pytest.mark.slow, pytest.mark.timeout(60)]

FAULTS = (500, 502, 503, "drop")
PHASES = ("create", "poll", "download")
TIMES = 5  # more than RetryPolicy FAST's 3 attempts of one request


def _inject(svc, phase: str, fault) -> None:
    if svc.name == "tellers" and phase == "poll":
        # its progress is the create's own event stream: it drops after the service named
        # the conversation, then the resumes (same conversation, not a new run) fail
        svc.fake.drop_stream(after_items=1, path="/create")
        reply = (Reply(no_response=True) if fault == "drop"
                 else Reply.error(int(fault), f"fault {fault} on resume"))
        svc.fake.inject(reply, times=TIMES, path="/create")
        return
    svc.fault(phase, fault, 1 if phase == "create" else TIMES)


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("name", NAMES)
async def test_creates_equal_takes_plus_service_failures(studio, sample_clip, name, fault,
                                                         phase):
    project, [sid] = make_project(studio, 1, params={})
    with running(name, sample_clip) as svc:
        _inject(svc, phase, fault)
        queue = svc.queue(studio)
        [job] = await queue.enqueue([JobSpec(project.id, sid, name, svc.request)])
        try:
            await queue.run_until_idle()
        finally:
            await queue.stop()
        creates = svc.count()
        sent = len(svc.fake.requests_to(*svc.create))
    job = queue.store.get(job.id)
    takes = len(TakeRepository(studio.db).for_shot(sid))
    service_failed = int(job.state == JobState.FAILED and job.handle is not None)
    assert creates == takes + service_failed, (job.state, job.last_error)
    if phase == "create" and fault != 503:
        assert sent == 1  # an ambiguous create is never sent again by itself
        assert job.state in (JobState.DONE, JobState.NEEDS_ATTENTION), job.last_error
    else:
        assert job.state == JobState.DONE, job.last_error
        assert creates == 1
    assert queue.ledger.creates(job.id) == creates

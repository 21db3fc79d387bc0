"""The queue with scripted in-process providers: limits, failures, cancel, budget, pause,
resume after a restart."""

from __future__ import annotations

import asyncio

import pytest

from app.services.queue import BudgetExceeded, JobState, Queue
from app.services.queue.planning import reuse_parameters
from app.settings import ProviderSettings
from app.storage.takes import TakeRepository
from tests.queue.conftest import Failing, Scripted, Unlisted, make_project

pytestmark = pytest.mark.timeout(30)



def _queue(studio, providers: dict) -> Queue:
    return Queue(studio, providers.__getitem__, poll_interval=0.02)


async def test_twenty_jobs_three_providers_respect_limits_and_add_up(studio, sample_clip):
    limits = {"a": 1, "b": 2, "c": 3}
    for name, n in limits.items():
        studio.settings.providers[name] = ProviderSettings(concurrency=n)
    providers = {n: Scripted(n, sample_clip, price=0.25 + i) for i, n in enumerate(limits)}
    project, ids = make_project(studio, 20, params={})
    queue = _queue(studio, providers)
    changes = []
    queue.job_changed.connect(changes.append)
    finished = []
    queue.batch_finished.connect(lambda: finished.append(True))
    for k, sid in enumerate(ids):
        await queue.generate_takes(project.id, sid, provider="abc"[k % 3], model="m")
    await queue.run_until_idle()
    await queue.stop()
    jobs = queue.store.list()
    assert len(jobs) == 20 and {j.state for j in jobs} == {JobState.DONE}
    for name, n in limits.items():
        assert 1 <= providers[name].max_active <= n
    assert providers["c"].max_active >= 2  # the limit is a limit, not serialisation
    takes = TakeRepository(studio.db)
    for job in jobs:
        [take] = takes.for_shot(job.shot_id)
        assert take.id == job.take_id and take.cost == job.estimated_cost
    expected = sum(j.estimated_cost for j in jobs)
    assert queue.ledger.total() == pytest.approx(expected)
    assert queue.ledger.total(provider="b") == pytest.approx(
        sum(j.estimated_cost for j in jobs if j.provider == "b"))
    assert queue.ledger.total(project_id=project.id) == pytest.approx(expected)
    assert finished, "batch_finished was never emitted"
    assert any(c.state == JobState.RUNNING and c.percent == 50 for c in changes)


async def test_service_failures_end_failed_with_the_services_message(studio, sample_clip):
    project, ids = make_project(studio, 2, params={})
    providers = {"s": Scripted("s", sample_clip), "down": Failing("down", sample_clip)}
    queue = _queue(studio, providers)
    from app.storage.shots import ShotRepository

    repo = ShotRepository(studio.db)
    repo.update(repo.get(ids[0]).edited(prompt="please FAIL"))
    [j1] = await queue.generate_takes(project.id, ids[0], provider="s", model="m")
    [j2] = await queue.generate_takes(project.id, ids[1], provider="down", model="m")
    await queue.run_until_idle()
    await queue.stop()
    j1, j2 = queue.store.get(j1.id), queue.store.get(j2.id)
    assert j1.state == JobState.FAILED and "content policy violation" in j1.last_error
    assert j2.state == JobState.FAILED and "over capacity" in j2.last_error
    assert "HTTP 503" in j2.last_error
    assert queue.ledger.total() == pytest.approx(0.10)  # accepted by "s", refused by "down"
    # retry sends the stored request again (not the edited shot): the service refuses again
    repo.update(repo.get(ids[0]).edited(prompt="fine"))
    queue.retry(j1.id)
    await queue.run_until_idle()
    await queue.stop()
    assert queue.store.get(j1.id).state == JobState.FAILED  # the request is the one queued
    assert TakeRepository(studio.db).for_shot(ids[0]) == []


async def test_corrupt_result_fails_instead_of_becoming_a_take(studio, sample_clip):
    project, ids = make_project(studio, 1, params={})
    from app.storage.shots import ShotRepository

    repo = ShotRepository(studio.db)
    repo.update(repo.get(ids[0]).edited(prompt="BROKEN"))
    queue = _queue(studio, {"s": Scripted("s", sample_clip)})
    [job] = await queue.generate_takes(project.id, ids[0], provider="s", model="m")
    await queue.run_until_idle()
    await queue.stop()
    job = queue.store.get(job.id)
    assert job.state == JobState.FAILED and "cannot be played" in job.last_error
    assert TakeRepository(studio.db).for_shot(ids[0]) == []


async def test_cancel_pending_running_and_budget(studio, sample_clip):
    studio.settings.providers["s"] = ProviderSettings(concurrency=1)
    provider = Scripted("s", sample_clip, price=0.90)
    provider.gate = asyncio.Event()
    project, ids = make_project(studio, 1, params={})
    queue = _queue(studio, {"s": provider})
    jobs = await queue.generate_takes(project.id, ids[0], 4, provider="s", model="m")
    await queue.start()
    for _ in range(100):
        await asyncio.sleep(0.02)
        if queue.store.get(jobs[0].id).state == JobState.RUNNING:
            break
    cancelled = await queue.cancel_pending()
    assert len(cancelled) == 3 and queue.store.pending() == []
    assert all("not billed" in j.last_error for j in cancelled)
    running = await queue.cancel(jobs[0].id)
    assert running.state == JobState.CANCELLED
    assert "may still bill" in running.last_error
    assert provider.cancelled == [running.handle.remote_id]
    assert queue.ledger.total() == pytest.approx(0.90)  # sent = booked, even if cancelled
    # budget: 0.90 spent, cap 2.00, three more at 0.90 = 2.70 → over by 1.60
    studio.settings.budget_cap_usd = 2.0
    with pytest.raises(BudgetExceeded) as exc:
        await queue.generate_takes(project.id, ids[0], 3, provider="s", model="m")
    assert str(exc.value) == ("This batch would cost $2.70; with $0.90 already spent the cap "
                              "of $2.00 would be exceeded by $1.60")
    assert len(queue.store.list()) == 4  # nothing of the refused batch was queued
    await queue.generate_takes(project.id, ids[0], 1, provider="s", model="m")  # fits
    await queue.stop()


async def test_pause_holds_new_work_and_resume_releases_it(studio, sample_clip):
    project, ids = make_project(studio, 2, params={})
    provider = Scripted("s", sample_clip)
    queue = _queue(studio, {"s": provider})
    queue.pause()
    other = Queue(studio, {"s": provider}.__getitem__)  # another process sees the flag
    assert other.paused
    await queue.generate_missing(project.id, provider="s", model="m")
    await queue.start()
    await asyncio.sleep(0.15)
    assert sum(provider.submits.values()) == 0
    assert len(queue.store.pending()) == 2
    queue.resume()
    await queue.run_until_idle()
    await queue.stop()
    assert {j.state for j in queue.store.list()} == {JobState.DONE}


async def test_reorder_and_priority_decide_what_is_sent_first(studio, sample_clip):
    studio.settings.providers["s"] = ProviderSettings(concurrency=1)
    project, ids = make_project(studio, 3, params={})
    provider = Scripted("s", sample_clip)
    queue = _queue(studio, {"s": provider})
    order = []
    queue.job_changed.connect(
        lambda j: order.append(j.shot_id)
        if j.state == JobState.SUBMITTING and j.shot_id not in order else None)
    jobs = [(await queue.generate_takes(project.id, s, provider="s", model="m"))[0]
            for s in ids]
    queue.reorder([jobs[2].id, jobs[0].id, jobs[1].id])
    assert [j.id for j in queue.store.pending()] == [jobs[2].id, jobs[0].id, jobs[1].id]
    queue.set_priority(jobs[1].id, 5)
    await queue.run_until_idle()
    await queue.stop()
    assert order == [ids[1], ids[2], ids[0]]


async def test_resume_after_restart_polls_running_and_reconciles_submitting(studio, sample_clip):
    project, ids = make_project(studio, 3, params={})
    first = _queue(studio, {"s": Scripted("s", sample_clip)})
    jobs = []
    for sid in ids:
        jobs += await first.generate_takes(project.id, sid, provider="s", model="m")
    # simulate a crash: job 0 was accepted (handle stored), jobs 1 and 2 died mid-submit
    from app.providers.base import RemoteHandle

    store = first.store
    for j in jobs:
        store.transition(j.id, JobState.SUBMITTING, attempts=1)
    store.transition(jobs[0].id, JobState.RUNNING, handle=RemoteHandle(
        provider="s", remote_id="s-prompt 0-1", extra={"prompt": "prompt 0"}))
    restarted = Scripted("s", sample_clip, known={"s-prompt 1-1"})  # the service has job 1
    queue = _queue(studio, {"s": restarted})
    await queue.run_until_idle()
    await queue.stop()
    states = [queue.store.get(j.id) for j in jobs]
    assert [s.state for s in states] == [JobState.DONE, JobState.DONE, JobState.NEEDS_ATTENTION]
    assert sum(restarted.submits.values()) == 0  # nothing was sent again
    assert states[1].handle.remote_id == "s-prompt 1-1"
    assert "may bill" in states[2].last_error and "send it again only if" in states[2].last_error
    for sid in ids[:2]:
        assert len(TakeRepository(studio.db).for_shot(sid)) == 1
    # a provider with no list endpoint: needs-attention, and says why
    q2 = _queue(studio, {"u": Unlisted("u", sample_clip)})
    [j] = await q2.generate_takes(project.id, ids[2], provider="u", model="m")
    q2.store.transition(j.id, JobState.SUBMITTING)
    await q2.run_until_idle()
    await q2.stop()
    j = q2.store.get(j.id)
    assert j.state == JobState.NEEDS_ATTENTION and "cannot list its jobs" in j.last_error


async def test_open_document_sees_the_new_take(studio, sample_clip):
    project, ids = make_project(studio, 1, params={"seed": 7})
    doc = studio.open_project(project.id)
    seen = []
    doc.takes_changed.connect(seen.append)
    queue = _queue(studio, {"s": Scripted("s", sample_clip)})
    await queue.generate_takes(project.id, ids[0], 2, provider="s", model="m")
    await queue.run_until_idle()
    await queue.stop()
    assert doc.take_count(ids[0]) == 2 and seen == [ids[0], ids[0]]
    takes = doc.takes(ids[0])
    assert [t.number for t in takes] == [1, 2]
    assert doc.shots.get(ids[0]).selected_take_id == takes[0].id
    assert takes[0].seed == 7
    assert reuse_parameters(takes[0]) == {"provider": "s", "model": "m", "params": {"seed": 7}}

"""Every paid job lands once (issue 12): through the queue, against the five services' fakes on
real HTTP. Each test names the defect it closes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.services.queue import JobState
from app.services.queue.runner import FetchPatience
from app.storage.takes import TakeRepository
from tests.queue.conftest import make_project
from tests.queue.services import KEYS, NAMES, enqueue, running

pytestmark = pytest.mark.timeout(60)

BLINK = FetchPatience(window=0.3, base_delay=0.01, max_delay=0.03)


def _spend_rows(studio, job_id: str) -> int:
    return studio.db.conn.execute("SELECT count(*) FROM spend WHERE job_id = ?",
                                  (job_id,)).fetchone()[0]


async def _run(queue) -> None:
    try:
        await queue.run_until_idle()
    finally:
        await queue.stop()


# -- 1: a transient poll or download failure never becomes a second paid create -----------------


@pytest.mark.parametrize("where", ["poll", "download"])
@pytest.mark.parametrize("name", ["openai", "platform", "shuttleai"])
async def test_held_job_keeps_its_handle_and_retry_fetches_it(studio, sample_clip, name, where):
    project, [sid] = make_project(studio, 1, params={})
    with running(name, sample_clip) as svc:
        if name == "shuttleai" and where == "download":
            svc.fault("download", 500, 1000)  # the CDN down …
            svc.fake.inject(__import__("tests.fakes.server", fromlist=["Reply"]).Reply.error(
                500, "content down"), times=1000, path="/video/generations/{gen}/content/video")
        else:
            svc.fault(where, 500, 1000)  # failing for longer than the window
        queue = svc.queue(studio, patience=BLINK)
        [job] = await enqueue(queue, project.id, sid, svc)
        await _run(queue)
        held = queue.store.get(job.id)
        assert held.state == JobState.NEEDS_ATTENTION, held.last_error
        assert held.handle is not None
        assert "Reelroom will fetch it when you retry" in held.last_error
        svc.fake.clear()
        if name == "shuttleai":
            svc.fake.cdn.clear()
        queue = svc.queue(studio)
        queue.retry(job.id)
        await _run(queue)
        done = queue.store.get(job.id)
        assert done.state == JobState.DONE, done.last_error
        assert done.handle.remote_id == held.handle.remote_id
        assert svc.count() == 1  # one paid create, whatever happened after it
        assert _spend_rows(studio, job.id) == 1
        assert len(TakeRepository(studio.db).for_shot(sid)) == 1


@pytest.mark.parametrize("name", ["openai", "platform"])
async def test_failures_shorter_than_the_window_are_waited_out(studio, sample_clip, name):
    project, [sid] = make_project(studio, 1, params={})
    with running(name, sample_clip) as svc:
        svc.fault("poll", 503, 7)  # more than one request's retries (3), less than the window
        svc.fault("download", "drop", 4)
        queue = svc.queue(studio)
        [job] = await enqueue(queue, project.id, sid, svc)
        await _run(queue)
        assert queue.store.get(job.id).state == JobState.DONE
        assert svc.count() == 1


async def test_only_the_service_saying_failed_fails_and_generate_again_pays_twice(
        studio, sample_clip):
    project, [sid] = make_project(studio, 1, params={})
    with running("openai", sample_clip, fail_jobs=True) as svc:
        queue = svc.queue(studio)
        [job] = await enqueue(queue, project.id, sid, svc)
        await _run(queue)
        failed = queue.store.get(job.id)
        assert failed.state == JobState.FAILED and "moderation" in failed.last_error
        queue.retry(job.id)  # fetches the same job again: the service says failed again
        await _run(queue)
        again = queue.store.get(job.id)
        assert again.state == JobState.FAILED and svc.count() == 1, again.last_error
        svc.fake.fail_jobs = False
        queue.generate_again(job.id)  # the explicit new paid job
        await _run(queue)
        again = queue.store.get(job.id)
        assert again.state == JobState.DONE and again.handle.remote_id != failed.handle.remote_id
        assert svc.count() == 2
        assert _spend_rows(studio, job.id) == 2  # both creates are booked
        assert queue.ledger.total() == pytest.approx(2 * job.estimated_cost)


# -- 4: a 500 on a create is ambiguous: reconciled, not final ----------------------------------


@pytest.mark.parametrize("status", [500, 502, None])
@pytest.mark.parametrize("name", ["openai", "platform"])
async def test_create_answered_500_after_acting_is_reconciled(studio, sample_clip, name, status):
    project, [sid] = make_project(studio, 1, params={})
    with running(name, sample_clip) as svc:
        svc.fake.lose_answer(status, method=svc.create[0], path=svc.create[1])
        queue = svc.queue(studio)
        [job] = await enqueue(queue, project.id, sid, svc)
        await _run(queue)
        job = queue.store.get(job.id)
        assert job.state == JobState.DONE, job.last_error
        assert svc.count() == 1 and len(svc.fake.requests_to(*svc.create)) == 1
        assert _spend_rows(studio, job.id) == 1


@pytest.mark.parametrize("name", ["shuttleai", "viddyscribe"])
async def test_create_answered_500_by_a_service_that_cannot_list_needs_attention(
        studio, sample_clip, name):
    project, [sid] = make_project(studio, 1, params={})
    with running(name, sample_clip) as svc:
        svc.fake.lose_answer(500, method=svc.create[0], path=svc.create[1])
        queue = svc.queue(studio)
        [job] = await enqueue(queue, project.id, sid, svc)
        await _run(queue)
        job = queue.store.get(job.id)
        assert job.state == JobState.NEEDS_ATTENTION and "may have received it" in job.last_error
        assert len(svc.fake.requests_to(*svc.create)) == 1  # never re-sent on its own
        # booked unconfirmed: counted against the cap, not in what was spent
        assert queue.ledger.total() == 0


# -- 3: reconcile never adopts another job's video; identical requests are counted -------------


@pytest.mark.parametrize("both", [False, True])
@pytest.mark.parametrize("name", ["openai", "platform"])
async def test_two_takes_of_one_shot_with_a_lost_answer_get_their_own_videos(
        studio, sample_clip, name, both):
    project, [sid] = make_project(studio, 1, params={})
    with running(name, sample_clip) as svc:
        # the first create's answer is lost, late: by then the second has its video
        svc.fake.lose_answer(502, method=svc.create[0], path=svc.create[1], delay=0.4,
                             times=2 if both else 1)
        queue = svc.queue(studio)
        jobs = await enqueue(queue, project.id, sid, svc, n=2)
        await _run(queue)
        jobs = [queue.store.get(j.id) for j in jobs]
        assert [j.state for j in jobs] == [JobState.DONE] * 2, [j.last_error for j in jobs]
        assert jobs[0].handle.remote_id != jobs[1].handle.remote_id
        assert svc.count() == 2
        assert queue.ledger.total(currency=jobs[0].cost_currency) == pytest.approx(
            2 * jobs[0].estimated_cost)
        takes = TakeRepository(studio.db).for_shot(sid)
        assert len({t.remote_ids["remote_id"] for t in takes}) == 2


async def test_fewer_jobs_on_the_service_than_identical_creates_sent(studio, sample_clip):
    project, [sid] = make_project(studio, 1, params={})
    with running("openai", sample_clip) as svc:
        svc.fake.lose_answer(502, method="POST", path="/videos", delay=0.3)  # made, answer lost
        svc.fault("create", 502, 1)  # the next one never made: a gateway refused it
        queue = svc.queue(studio)
        jobs = await enqueue(queue, project.id, sid, svc, n=2)
        await _run(queue)
        jobs = [queue.store.get(j.id) for j in jobs]
        states = sorted(j.state.value for j in jobs)
        assert states == ["done", "needs-attention"] and svc.count() == 1


# -- 5 and 6: Tellers lands its result, also after a restart -----------------------------------


async def test_tellers_result_downloads_from_the_documented_items_shape(studio, sample_clip):
    project, [sid] = make_project(studio, 1, params={})
    with running("tellers", sample_clip) as svc:
        queue = svc.queue(studio)
        [job] = await enqueue(queue, project.id, sid, svc)
        await _run(queue)
        job = queue.store.get(job.id)
        assert job.state == JobState.DONE, job.last_error
        [take] = TakeRepository(studio.db).for_shot(sid)
        assert Path(take.media_path).read_bytes() == sample_clip.read_bytes()


async def test_tellers_asset_error_fails_in_the_services_words(studio, sample_clip):
    project, [sid] = make_project(studio, 1, params={})
    with running("tellers", sample_clip,
                 failing_assets={"asset_chat_1_video": "Render crashed at 00:04"}) as svc:
        queue = svc.queue(studio)
        [job] = await enqueue(queue, project.id, sid, svc)
        await _run(queue)
        job = queue.store.get(job.id)
        assert job.state == JobState.FAILED and "Render crashed at 00:04" in job.last_error


async def test_tellers_download_after_a_restart_needs_no_new_run(studio, sample_clip):
    project, [sid] = make_project(studio, 1, params={})
    with running("tellers", sample_clip) as svc:
        svc.fault("download", 503, 1000)
        queue = svc.queue(studio, patience=BLINK)
        [job] = await enqueue(queue, project.id, sid, svc)
        await _run(queue)  # stopped: its adapter (and the agent session) is gone
        assert queue.store.get(job.id).state == JobState.NEEDS_ATTENTION
        svc.fault("download", 503, 0)
        svc.fake.storage.clear()
        restarted = svc.queue(studio)  # a new process: only the persisted handle is left
        restarted.retry(job.id)
        await _run(restarted)
        job = restarted.store.get(job.id)
        assert job.state == JobState.DONE, job.last_error
        assert list(svc.fake.conversations) == ["chat_1"]  # one paid agent run


# -- 8: OpenAI's `processing`, and an unknown status is waited on for a bounded time -----------


async def test_openai_processing_status_is_running(studio, sample_clip):
    project, [sid] = make_project(studio, 1, params={})
    with running("openai", sample_clip, status_word="processing") as svc:
        svc.fake.polls = 65  # more polls than the old limit on unknown statuses
        queue = svc.queue(studio)
        [job] = await enqueue(queue, project.id, sid, svc)
        await _run(queue)
        assert queue.store.get(job.id).state == JobState.DONE


async def test_openai_unknown_status_is_waited_on_then_held(studio, sample_clip):
    project, [sid] = make_project(studio, 1, params={})
    with running("openai", sample_clip, status_word="thinking_hard") as svc:
        svc.fake.polls = 10_000
        svc.config.extra["max_unknown_seconds"] = 0.1
        queue = svc.queue(studio, patience=BLINK)
        [job] = await enqueue(queue, project.id, sid, svc)
        await _run(queue)
        job = queue.store.get(job.id)
        assert job.state == JobState.NEEDS_ATTENTION and "thinking_hard" in job.last_error
        assert job.handle is not None and svc.count() == 1


# -- 10: a key the service echoes never reaches a message or the database ----------------------


@pytest.mark.parametrize("status", [401, 500])
@pytest.mark.parametrize("name", NAMES)
async def test_echoed_key_is_redacted_for_every_service(studio, sample_clip, name, status):
    project, [sid] = make_project(studio, 1, params={})
    with running(name, sample_clip) as svc:
        key = svc.config.api_key
        assert key and (name not in KEYS or KEYS[name] == key)
        svc.fake.echo_key(status, times=50, method=svc.create[0], path=svc.create[1])
        queue = svc.queue(studio, patience=BLINK)
        [job] = await enqueue(queue, project.id, sid, svc)
        await _run(queue)
        job = queue.store.get(job.id)
        assert job.state.finished and job.last_error
        assert key not in job.last_error and "[REDACTED]" in job.last_error
    dump = "\n".join(sqlite3.connect(studio.db.path).iterdump())
    assert key not in dump


# -- 7: every output kind a job makes lands ----------------------------------------------------


@pytest.mark.parametrize("for_shot", [True, False])
async def test_platform_image_lands_in_the_bin_and_on_its_shot(studio, sample_clip, sample_png,
                                                                for_shot):
    from app.providers.base import GenerationRequest
    from app.services.media_library import MediaLibrary
    from app.storage.shots import ShotRepository

    project, [sid] = make_project(studio, 1, params={})
    with running("platform", sample_clip, image=sample_png) as svc:
        queue = svc.queue(studio)
        request = GenerationRequest(model="sd15", prompt="a red square")
        [job] = await enqueue(queue, project.id, sid if for_shot else None, svc,
                              request=request)
        await _run(queue)
        job = queue.store.get(job.id)
        assert job.state == JobState.DONE, job.last_error
    [item] = MediaLibrary.for_studio(studio, project.id).items()
    assert item.kind == "image" and Path(item.path).read_bytes() == sample_png
    shot = ShotRepository(studio.db).get(sid)
    assert list(shot.reference_media) == ([item.path] if for_shot else [])
    assert TakeRepository(studio.db).for_shot(sid) == []  # an image is not a take

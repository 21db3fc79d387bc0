"""The queue's writes and file hashes stay off the loop's thread (the GUI thread in the app):
a small run against the OpenAI fake over real HTTP, traced by the queue benchmark's own
tracer (benchmarks/gui_thread_work.py), makes none there — and still lands every take, books
every create and leaves the media cache indexed."""

from __future__ import annotations

import pytest

from app.services.queue import JobState
from app.storage.takes import TakeRepository
from benchmarks.gui_thread_work import GuiThreadWork
from tests.queue.conftest import make_project
from tests.queue.services import enqueue, running

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def big_clip(sample_clip, tmp_path):
    """The sample clip padded past the tracer's file-hash size, so a hash of it on the loop's
    thread would be seen."""
    path = tmp_path / "big.mp4"
    path.write_bytes(sample_clip.read_bytes() + bytes(512 * 1024))
    return path


async def test_a_queue_run_makes_no_database_write_or_file_hash_on_the_loop_thread(
        studio, big_clip):
    project, ids = make_project(studio, 4, params={})
    with running("openai", big_clip) as service:
        queue = service.queue(studio)
        work = GuiThreadWork()
        work.watch(studio.db.conn)
        try:
            work.armed = True
            for sid in ids:
                await enqueue(queue, project.id, sid, service)
            await queue.run_until_idle()
            await queue.stop()
        finally:
            work.armed = False
            work.unwatch(studio.db.conn)
    jobs = queue.store.list()
    assert [j.state for j in jobs] == [JobState.DONE] * 4, [j.describe() for j in jobs]
    assert dict(work.writes) == {}
    assert dict(work.file_hashes) == {}
    takes = TakeRepository(studio.db)
    for job in jobs:
        [take] = takes.for_shot(job.shot_id)
        assert take.id == job.take_id and take.media_path == job.media_path
    assert sum(queue.ledger.creates(j.id) for j in jobs) == 4
    assert queue.cache.cache_usage().files >= 1


async def test_dispatch_reads_the_queued_jobs_on_the_writers_thread(studio, sample_clip,
                                                                     monkeypatch):
    """Each wake-up of the queue (every job that finishes) read every queued job's row on the
    loop's thread; it reads them on the writer's, in order after the writes before it, and
    still sends each job once."""
    from app.services.queue.job_store import JobStore

    threads: list[bool] = []
    read = JobStore.pending_providers

    def pending_providers(self):
        threads.append(studio.db.writer.on_thread())
        return read(self)

    monkeypatch.setattr(JobStore, "pending_providers", pending_providers)
    project, ids = make_project(studio, 5, params={})
    with running("openai", sample_clip) as service:
        queue = service.queue(studio)
        for sid in ids:
            await enqueue(queue, project.id, sid, service)
        await queue.run_until_idle()
        await queue.stop()
    jobs = queue.store.list()
    assert [j.state for j in jobs] == [JobState.DONE] * 5, [j.describe() for j in jobs]
    assert [j.attempts for j in jobs] == [1] * 5
    assert sum(queue.ledger.creates(j.id) for j in jobs) == 5
    assert threads and all(threads)

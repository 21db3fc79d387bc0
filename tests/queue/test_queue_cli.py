"""`reelroom-cli queue` in real subprocesses, including being killed mid-work."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from app.media.probe import probe
from app.services.queue import JobState
from app.services.queue.job_store import JobStore
from app.storage.takes import TakeRepository
from tests.queue.conftest import make_project


def cli(home, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "REELROOM_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "app.cli.main", *args], capture_output=True,
                          text=True, env=env, timeout=timeout)


async def test_add_all_without_take_then_run(studio, reelroom_home):
    project, ids = make_project(studio, 3)
    out = cli(reelroom_home, "queue", "pause")
    assert out.returncode == 0
    out = cli(reelroom_home, "queue", "add", "Film", "--all-without-take")
    assert out.returncode == 0, out.stderr
    assert "queued 3 job(s), estimated $0.00" in out.stdout
    out = cli(reelroom_home, "queue", "run")
    assert out.returncode == 3 and "paused" in out.stdout
    assert "queue is PAUSED" in cli(reelroom_home, "queue").stdout
    cli(reelroom_home, "queue", "resume")
    out = cli(reelroom_home, "queue", "run")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "3 done, 0 not done" in out.stdout
    takes = TakeRepository(studio.db)
    for sid in ids:
        [take] = takes.for_shot(sid)
        assert (await probe(take.media_path)).duration == pytest.approx(1.0, abs=0.1)
    listing = cli(reelroom_home, "queue").stdout
    assert listing.count("done") == 3
    # a second round has nothing left to do
    out = cli(reelroom_home, "queue", "add", "Film", "--all-without-take")
    assert "queued 0 job(s)" in out.stdout


def test_cancel_retry_and_errors(studio, reelroom_home):
    make_project(studio, 2)
    cli(reelroom_home, "queue", "pause")
    assert cli(reelroom_home, "queue", "add", "Film", "--shot", "2", "--takes", "2").returncode == 0
    jobs = JobStore(studio.db).list()
    assert len(jobs) == 2
    out = cli(reelroom_home, "queue", "cancel", jobs[0].id[:8])
    assert out.returncode == 0 and "not billed" in out.stdout
    out = cli(reelroom_home, "queue", "cancel", "--all")
    assert JobStore(studio.db).pending() == []
    out = cli(reelroom_home, "queue", "retry", jobs[0].id[:8])
    assert out.returncode == 0 and "queued again" in out.stdout
    assert [j.id for j in JobStore(studio.db).pending()] == [jobs[0].id]
    out = cli(reelroom_home, "queue", "add", "Film", "--shot", "9")
    assert out.returncode == 1 and "between 1 and 2" in out.stderr
    out = cli(reelroom_home, "queue", "add", "Film", "--shot", "1", "--provider", "nope")
    assert out.returncode == 1 and "unknown provider" in out.stderr
    out = cli(reelroom_home, "queue", "retry", jobs[0].id[:8])
    assert out.returncode == 1 and "only failed" in out.stderr


@pytest.mark.slow
async def test_sigkill_at_random_moments_never_loses_or_doubles_a_take(studio, reelroom_home):
    rng = random.Random(1234)
    # big enough cards that a run takes a few seconds, so kills land mid-work
    project, ids = make_project(studio, 16, duration=3.0,
                                params={"width": 1280, "height": 720, "fps": 24})
    assert cli(reelroom_home, "queue", "add", "Film", "--all-without-take").returncode == 0
    env = {**os.environ, "REELROOM_HOME": str(reelroom_home)}
    kills = 0
    for _ in range(4):
        proc = subprocess.Popen([sys.executable, "-m", "app.cli.main", "queue", "run"],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.4, 1.1))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
    assert kills >= 1, "the run finished before any kill: nothing was tested"
    final = cli(reelroom_home, "queue", "run", timeout=180)
    store, takes = JobStore(studio.db), TakeRepository(studio.db)
    jobs = store.list()
    assert len(jobs) == 16
    for job in jobs:
        assert job.state in (JobState.DONE, JobState.NEEDS_ATTENTION), (job.state, final.stdout)
        shot_takes = takes.for_shot(job.shot_id)
        if job.state == JobState.DONE:
            assert [t.id for t in shot_takes] == [job.id]
            info = await probe(shot_takes[0].media_path)
            assert info.duration == pytest.approx(3.0, abs=0.1) and info.has_video
        else:
            assert shot_takes == [] and "may bill" in job.last_error
    assert final.returncode == 0 or any(j.state == JobState.NEEDS_ATTENTION for j in jobs)

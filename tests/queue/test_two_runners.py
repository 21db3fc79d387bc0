"""Two `reelroom-cli queue run` processes over one library share the queue (issue 12, defect 2):
each job has one owner, only jobs whose owner is gone are resumed, so every job is done once and
every create is sent once."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from app.services.queue import JobState
from app.services.queue.job_store import JobStore
from app.storage.takes import TakeRepository
from tests.fakes.openai import FakeOpenAI
from tests.queue.conftest import make_project

pytestmark = pytest.mark.timeout(240)

KEY = "sk-two-runners-test-key-0001"


class SlowToAccept(FakeOpenAI):
    """Takes a while to accept the first creates, as a busy service does: a second queue that
    started meanwhile and reconciled them would find nothing and strand them."""

    def _create(self, req):
        if len(self.creates) < 2:
            time.sleep(4.0)
        return super()._create(req)


def _env(home, fake) -> dict[str, str]:
    return {**os.environ, "REELROOM_HOME": str(home), "REELROOM_OPENAI_BASE_URL": fake.base_url,
            "REELROOM_OPENAI_API_KEY": KEY}


def test_two_queue_runs_do_every_job_once(studio, reelroom_home, sample_clip):
    project, ids = make_project(studio, 20, provider="openai", params={"seconds": 4})
    with SlowToAccept(polls=6, poll_after_ms=40) as fake:
        fake.result_media = sample_clip.read_bytes()
        env = _env(reelroom_home, fake)
        cli = [sys.executable, "-m", "app.cli.main"]
        added = subprocess.run([*cli, "queue", "add", "Film", "--all-without-take",
                                "--model", "sora-2"], env=env, capture_output=True, text=True,
                               timeout=120)
        assert added.returncode == 0, added.stderr
        assert "queued 20 job(s)" in added.stdout
        first = subprocess.Popen([*cli, "queue", "run"], env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, text=True)
        # the second starts while the first has jobs on their way
        store = JobStore(studio.db)
        deadline = time.monotonic() + 60
        while not any(j.state.active for j in store.list()) and time.monotonic() < deadline:
            time.sleep(0.05)
        second = subprocess.Popen([*cli, "queue", "run"], env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True)
        out1, _ = first.communicate(timeout=200)
        out2, _ = second.communicate(timeout=200)
        creates = len(fake.videos)
        posts = len(fake.requests_to("POST", "/videos"))
    assert "another Reelroom is running this queue" in out2, out2
    jobs = JobStore(studio.db).list()
    assert len(jobs) == 20
    assert [j.state for j in jobs] == [JobState.DONE] * 20, out1 + out2
    assert creates == 20 and posts == 20  # every create sent once, at the service
    takes = TakeRepository(studio.db)
    for job in jobs:
        assert [t.id for t in takes.for_shot(job.shot_id)] == [job.id]
    remote = {j.handle.remote_id for j in jobs}
    assert len(remote) == 20  # no two jobs hold one video
    rows = studio.db.conn.execute("SELECT job_id, count(*) FROM spend GROUP BY job_id").fetchall()
    assert len(rows) == 20 and {r[1] for r in rows} == {1}
    # both processes did some of the work, and neither saw a job fail
    done1, done2 = (int(out.rsplit(" done, ", 1)[0].rsplit("\n", 1)[-1]) for out in (out1, out2))
    assert done1 > 0 and done2 > 0 and done1 + done2 == 20, out1 + out2
    assert out1.rstrip().endswith("0 not done") and out2.rstrip().endswith("0 not done")

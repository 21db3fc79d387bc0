"""The ways out of needs-attention from a terminal: `queue check` asks the service again (and
fetches a job it finds), `queue again --yes` is the one command that pays for a new job, and
`queue forget` stops asking. Each says what it did in one line."""

from __future__ import annotations

import sys

import pytest

from app.cli.common import CliError
from app.cli.main import build_parser
from app.services.queue import JobState
from app.services.queue.job_store import JobStore
from tests.queue.conftest import make_project
from tests.queue.services import enqueue, running

pytestmark = pytest.mark.timeout(60)


def run(*argv: str) -> int:
    args = build_parser().parse_args(list(argv))
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.code


async def test_check_again_and_forget(studio, sample_clip, capsys, monkeypatch):
    project, [sid] = make_project(studio, 1, params={})
    with running("openai", sample_clip) as svc:
        monkeypatch.setenv("REELROOM_OPENAI_BASE_URL", svc.fake.base_url)
        monkeypatch.setenv("REELROOM_OPENAI_API_KEY", svc.config.api_key)
        # the create's answer is lost and its list is down: needs attention
        svc.fake.lose_answer(502, method="POST", path="/videos")
        svc.fake.fail(500, times=20, method="GET", path="/videos")
        queue = svc.queue(studio)
        [job] = await enqueue(queue, project.id, sid, svc)
        await queue.run_until_idle()
        await queue.stop()
        assert JobStore(studio.db).get(job.id).state == JobState.NEEDS_ATTENTION
        svc.fake.clear()
        capsys.readouterr()
        # a new paid job needs to be asked for in so many words
        assert run("queue", "again", job.id[:8]) == 2
        assert "NEW PAID JOB" in capsys.readouterr().err
        # the service has it after all: check finds and fetches it, nothing is sent
        assert await _in_thread(run, "queue", "check", job.id[:8]) == 0
        assert "done" in capsys.readouterr().out
        assert svc.count() == 1 and len(svc.fake.requests_to("POST", "/videos")) == 0
    other = JobStore(studio.db)
    assert other.get(job.id).state == JobState.DONE
    assert run("queue", "forget", job.id[:8]) == 1  # a done job is not forgotten
    assert "only failed, cancelled or needs-attention" in capsys.readouterr().err


async def _in_thread(fn, *args):
    import asyncio

    return await asyncio.to_thread(fn, *args)  # the command runs its own event loop

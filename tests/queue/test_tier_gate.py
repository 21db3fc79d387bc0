"""The queue and the CLI check the platform's plan before anything is sent: a shot asking for
more frames than the tier allows is refused when it is queued, in words naming the limit, and
the fake never sees a create."""

from __future__ import annotations

import io
from contextlib import redirect_stderr

import pytest

from app.providers.base import GenerationRequest
from app.services.tier_rules import TierLimitExceeded
from tests.queue.conftest import make_project
from tests.queue.services import enqueue, running


async def test_queueing_past_the_tiers_frames_is_refused_before_any_create(
        studio, sample_clip) -> None:
    project, [sid] = make_project(studio, 1, params={})
    with running("platform", sample_clip, tier="free") as svc:
        queue = svc.queue(studio)
        too_many = GenerationRequest(model="wan-t2v", prompt="a fox",
                                     params={"frames": 121, "steps": 1})
        with pytest.raises(TierLimitExceeded) as caught:
            await enqueue(queue, project.id, sid, svc, request=too_many)
        assert "at most 81 frames" in caught.value.user_message()
        assert svc.fake.requests_to("POST", "/api/generate") == []
        assert queue.store.list() == []  # nothing queued, nothing to resume
        # within the limit it is queued and runs; the plan was read once, not per job
        [job] = await enqueue(queue, project.id, sid, svc)
        await queue.run_until_idle()
        await queue.stop()
        assert queue.store.get(job.id).state.value == "done"
        assert len(svc.fake.requests_to("GET", "/api/auth/check")) == 1
        assert svc.count() == 1


def test_cli_generate_past_the_tier_is_one_line_and_sends_nothing(platform_fake) -> None:
    from app.cli.main import main

    platform_fake.tier = "free"
    err = io.StringIO()
    with redirect_stderr(err):
        code = main(["generate", "platform", "--model", "wan-t2v", "--prompt", "a fox",
                     "--param", "frames=121"])
    lines = err.getvalue().strip().splitlines()
    assert code != 0 and len(lines) == 1, lines
    assert "at most 81 frames" in lines[0] and "Free" in lines[0]
    assert platform_fake.requests_to("POST", "/api/generate") == []

"""OpenAI's remix as a queue job: priced first, sent as `POST /videos/{id}/remix` with the new
prompt, booked in the ledger, landing as a new take of the same shot with the service's
thumbnail and spritesheet kept beside it; a take that cannot be remixed is refused in words;
and the CLI's `remix` prices, queues, and never sends without `queue run`."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from app.cli.main import main
from app.services.follow_ups import FollowUpRefused, plan_remix
from app.services.queue import JobState
from tests.fakes.openai import content_bytes
from tests.queue.conftest import make_project
from tests.queue.services import enqueue, running


async def _first_take(studio, svc):
    project, (shot_id,) = make_project(studio, 1, provider="openai")
    queue = svc.queue(studio)
    try:
        (job,) = await enqueue(queue, project.id, shot_id, svc)
        await queue.run_until_idle()
    finally:
        await queue.stop()
    assert queue.store.get(job.id).state == JobState.DONE
    doc = studio.open_project(project.id)
    (take,) = doc.takes(shot_id)
    return doc, shot_id, take


async def test_a_remix_is_priced_sent_to_the_remix_endpoint_and_lands_a_new_take(
        studio, sample_clip):
    with running("openai", sample_clip) as svc:
        doc, shot_id, first = await _first_take(studio, svc)
        planned = plan_remix(doc.project.id, first, "the same fox, in the snow", number=1)
        queue = svc.queue(studio)
        try:
            (estimate,) = await queue.estimate([planned.spec])
            assert svc.fake.requests_to("POST", f"/videos/{first.remote_ids['remote_id']}"
                                                "/remix") == []  # pricing sends nothing
            (job,) = await queue.enqueue([planned.spec])
            await queue.run_until_idle()
        finally:
            await queue.stop()
        source = first.remote_ids["remote_id"]
        (remix,) = svc.fake.requests_to("POST", f"/videos/{source}/remix")
        creates = svc.fake.requests_to("POST", "/videos")
        made = svc.fake.videos
    assert estimate.amount and estimate.amount > 0 and estimate.currency == "USD"
    assert remix.json() == {"prompt": "the same fox, in the snow"}
    assert len(creates) == 1  # the first take's create only: the remix is not a new create
    job = queue.store.get(job.id)
    assert job.state == JobState.DONE, job.last_error
    assert queue.ledger.creates(job.id) == 1
    takes = studio.open_project(doc.project.id).takes(shot_id)
    assert [t.number for t in takes] == [1, 2]
    new = takes[1]
    assert new.prompt == "the same fox, in the snow"
    assert made[new.remote_ids["remote_id"]]["remixed_from_video_id"] == source
    assert new.remote_ids["remixed_from"] == source  # the take says where it came from
    assert Path(new.assets["spritesheet"]).read_bytes() == content_bytes(
        new.remote_ids["remote_id"], "spritesheet")
    assert Path(new.assets["thumbnail"]).read_bytes() == content_bytes(
        new.remote_ids["remote_id"], "thumbnail")
    assert new.cost == estimate.amount


def test_a_take_from_another_service_cannot_be_remixed(studio):
    from app.domain import Take

    take = Take(shot_id="s", number=3, provider="platform", remote_ids={"remote_id": "job-1"})
    with pytest.raises(FollowUpRefused, match="only an OpenAI .Sora. take can be remixed"):
        plan_remix("p", take, "x", number=1)
    imported = Take(shot_id="s", number=2, provider="openai")
    with pytest.raises(FollowUpRefused, match="has no OpenAI video id"):
        plan_remix("p", imported, "x", number=1)


def _cli(argv):
    out = io.StringIO()
    code = 2
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        with contextlib.suppress(SystemExit):
            code = main(argv)
    return code, out.getvalue()


def test_cli_remix_prices_then_queues_a_new_paid_job(studio, sample_clip, monkeypatch):
    import asyncio

    from app.services.queue.job_store import JobStore

    with running("openai", sample_clip) as svc:
        doc, _, first = asyncio.run(_first_take(studio, svc))
        monkeypatch.setenv("REELROOM_OPENAI_BASE_URL", svc.config.base_url)
        monkeypatch.setenv("REELROOM_OPENAI_API_KEY", svc.config.api_key or "")
        code, out = _cli(["remix", doc.project.name, "--shot", "1", "--prompt", "at night",
                          "--price-only"])
        assert code == 0, out
        assert "Remix take 1 of shot 1: $" in out and "nothing queued" in out
        code, out = _cli(["remix", doc.project.name, "--shot", "1", "--prompt", "at night"])
        assert code == 0, out
        assert "queued as a new paid job" in out
        sent = svc.fake.requests_to("POST", f"/videos/{first.remote_ids['remote_id']}/remix")
        code, bad = _cli(["remix", doc.project.name, "--shot", "1", "--prompt", "x",
                          "--take", "9"])
    assert sent == []  # queued, not sent: `queue run` sends it
    remixes = [j for j in JobStore(studio.db).list()
               if j.request.inputs and j.request.inputs[0].role == "remix"]
    assert len(remixes) == 1 and remixes[0].state == JobState.QUEUED
    assert bad.strip() == "error: shot 1 has no take 9 (takes: 1)"

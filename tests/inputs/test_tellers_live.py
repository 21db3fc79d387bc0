"""The Tellers agent's live words reach the queue's job detail model while it works (not only
once it is done), are kept in the library for after a restart, and the finished take keeps the
agent's final message, its conversation id and its project ids."""

from __future__ import annotations

from app.services.queue import JobState
from app.services.queue.job_detail import JobDetail
from app.storage.job_text import JobTextRepository
from tests.queue.conftest import make_project
from tests.queue.services import enqueue, running


async def test_live_text_reaches_the_job_detail_while_the_agent_works(studio, sample_clip):
    project, (shot_id,) = make_project(studio, 1, provider="tellers")
    with running("tellers", sample_clip) as svc:
        queue = svc.queue(studio)
        detail = JobDetail(queue)
        seen: list[tuple[JobState, str, str]] = []
        detail.changed.connect(lambda: seen.append(
            (detail.job.state, detail.answer, detail.reasoning)))
        try:
            (job,) = await enqueue(queue, project.id, shot_id, svc)
            detail.show(job.id)
            await queue.run_until_idle()
        finally:
            await queue.stop()
            detail.close()
    assert queue.store.get(job.id).state == JobState.DONE
    working = [s for s in seen if not s[0].finished]
    assert ("Cutting the video" in [a for _, a, _ in working])  # shown before it finished
    assert "Looking for forest shots" in [r for _, _, r in working]
    assert [a for _, a, _ in working if a] == sorted(a for _, a, _ in working if a)  # grows
    assert detail.answer == "Cutting the video"
    assert detail.reasoning == "Looking for forest shots"
    assert JobTextRepository(studio.db).get(job.id) == {
        "output": "Cutting the video", "reasoning": "Looking for forest shots"}


async def test_the_take_keeps_the_agent_message_conversation_and_projects(studio, sample_clip):
    project, (shot_id,) = make_project(studio, 1, provider="tellers")
    with running("tellers", sample_clip) as svc:
        queue = svc.queue(studio)
        try:
            (job,) = await enqueue(queue, project.id, shot_id, svc)
            await queue.run_until_idle()
        finally:
            await queue.stop()
        (chat_id,) = svc.fake.conversations
    from app.storage.takes import TakeRepository

    (take,) = TakeRepository(studio.db).for_shot(shot_id)
    assert take.message == "Here is your nature video."
    assert take.remote_ids["chat_id"] == chat_id
    assert take.remote_ids["project_ids"] == [f"proj_{chat_id}"]


async def test_revise_continues_the_same_conversation_as_a_new_paid_job(studio, sample_clip):
    from app.services.follow_ups import plan_revision
    from app.services.tellers_projects import captured_projects
    from app.storage.takes import TakeRepository

    project, (shot_id,) = make_project(studio, 1, provider="tellers")
    with running("tellers", sample_clip) as svc:
        queue = svc.queue(studio)
        try:
            (first_job,) = await enqueue(queue, project.id, shot_id, svc)
            await queue.run_until_idle()
            (first,) = TakeRepository(studio.db).for_shot(shot_id)
            planned = plan_revision(project.id, first, "shorter, and end on the lake", number=1)
            (estimate,) = await queue.estimate([planned.spec])
            (job,) = await queue.enqueue([planned.spec])
            await queue.run_until_idle()
        finally:
            await queue.stop()
        (chat_id,) = svc.fake.conversations
        prompts = svc.fake.conversations[chat_id]
        creates = svc.fake.requests_to("GET", "/create")
    assert estimate.billed_by_service and "Tellers charges" in estimate.basis
    assert queue.store.get(job.id).state == JobState.DONE
    assert prompts == ["a fox", "shorter, and end on the lake"]  # one conversation
    assert creates[-1].arg("chat_id") == chat_id
    assert queue.ledger.creates(job.id) == 1  # the revision is a create of its own
    takes = TakeRepository(studio.db).for_shot(shot_id)
    assert [t.number for t in takes] == [1, 2]
    assert takes[1].remote_ids["chat_id"] == chat_id
    assert takes[1].prompt == "shorter, and end on the lake"
    doc = studio.open_project(project.id)
    assert [c.project_id for c in captured_projects(doc)] == [f"proj_{chat_id}"]

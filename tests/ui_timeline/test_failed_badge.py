"""A shot's red "failed" badge clears once the shot has a good take (another of N takes, a
retry, an imported clip, or one it already had); the card shows the take instead."""

from __future__ import annotations

from app.domain import Take
from app.providers.base import GenerationRequest
from app.services.commands.takes import SetTakeFlags
from app.services.queue import Job, JobState
from ui.timeline.model import StateRole


def _failed_job(window, doc, shot_id):
    queue = window.features.queue.queue
    [job] = queue.store.add([Job(project_id=doc.project.id, shot_id=shot_id, provider="animatic",
                                 model="card", request=GenerationRequest(model="card",
                                                                         prompt="x"))])
    queue.store.transition(job.id, JobState.SUBMITTING)
    job = queue.store.transition(job.id, JobState.FAILED, last_error="the service said no")
    queue.job_changed.emit(job)
    return job


def test_a_failed_badge_clears_once_the_shot_has_a_good_take(window, qtbot):
    project = window.studio.create_project("Film")
    doc = window.open_project(project.id)
    window.actions.add_shot.trigger()
    shot_id = doc.shots[0].id
    model = window.timeline.model
    _failed_job(window, doc, shot_id)
    assert model.index(0, 0).data(StateRole) == "failed"
    take = doc.add_take(Take(shot_id=shot_id, provider="imported"))
    assert model.index(0, 0).data(StateRole) == ""
    doc.set_take_deleted(take, True)  # the good take gone: the failure is news again
    assert model.index(0, 0).data(StateRole) == "failed"


def test_a_good_take_older_than_the_failure_also_clears_it(window, qtbot):
    """Three takes asked for, one failed after the first landed: the shot has a good take."""
    project = window.studio.create_project("Film")
    doc = window.open_project(project.id)
    window.actions.add_shot.trigger()
    shot_id = doc.shots[0].id
    take = doc.add_take(Take(shot_id=shot_id, provider="imported", created=1.0))
    _failed_job(window, doc, shot_id)
    assert window.timeline.model.index(0, 0).data(StateRole) == ""
    window.undo.push(SetTakeFlags(take, rejected=True))  # a rejected take is not a good one
    assert window.timeline.model.index(0, 0).data(StateRole) == "failed"


def _job(queue, doc, shot_id, *states, created):
    [job] = queue.store.add([Job(project_id=doc.project.id, shot_id=shot_id, provider="animatic",
                                 model="card", created=created,
                                 request=GenerationRequest(model="card", prompt="x"))])
    for state in states:
        job = queue.store.transition(job.id, state, **(
            {"last_error": "no"} if state == JobState.FAILED else {}))
    return job


def eager_states(store, doc) -> dict[str, str]:
    """What each card's badge says, read eagerly: every shot's newest job, walked from all of
    the project's jobs, and every shot's takes."""
    from ui.timeline.job_badges import BADGE_WORDS

    newest: dict[str, Job] = {}
    for job in store.list(project_id=doc.project.id):
        current = newest.get(job.shot_id)
        if current is None or current.id == job.id or current.created <= job.created:
            newest[job.shot_id] = job
    out = {}
    for shot in doc.shots:
        job = newest.get(shot.id)
        good = any(not t.rejected for t in doc.takes(shot.id))
        out[shot.id] = ("" if job is None or (job.state == JobState.FAILED and good)
                        else BADGE_WORDS.get(job.state, ""))
    return out


def test_badges_read_card_by_card_equal_the_badges_read_eagerly(window, qtbot):
    """The badges are read when a card first asks (a 10,000-shot open paints a handful), and
    what they say equals reading every job up front, news that came before a card asked
    included; a failure on a shot whose take landed in an earlier session shows no badge."""
    studio = window.studio
    queue = window.features.queue.queue
    doc = studio.open_project(studio.create_project("Film").id)
    doc.insert_shots(0, [doc.new_shot(title=f"S{i}") for i in range(7)])
    s = list(doc.shots)
    doc.add_take(Take(shot_id=s[0].id, provider="imported", created=1.0))
    _job(queue, doc, s[0].id, JobState.SUBMITTING, JobState.FAILED, created=10.0)
    _job(queue, doc, s[1].id, JobState.SUBMITTING, JobState.FAILED, created=10.0)
    _job(queue, doc, s[2].id, created=10.0)  # queued
    _job(queue, doc, s[3].id, JobState.SUBMITTING, JobState.RUNNING, created=10.0)
    _job(queue, doc, s[3].id, JobState.SUBMITTING, JobState.FAILED, created=5.0)  # older
    rejected = doc.add_take(Take(shot_id=s[5].id, provider="imported", created=1.0))
    doc.update_take(rejected.model_copy(update={"rejected": True}))
    _job(queue, doc, s[5].id, JobState.SUBMITTING, JobState.FAILED, created=10.0)
    doc = window.open_project(doc.project.id)
    badges = window.features.takes.badges
    # news before any card of these shots asked: a newer job fails on the shot with a take
    # from before, another starts on a shot that had none
    for shot, states in ((s[0], (JobState.SUBMITTING, JobState.FAILED)),
                         (s[4], (JobState.SUBMITTING, JobState.RUNNING))):
        queue.job_changed.emit(_job(queue, doc, shot.id, *states, created=20.0))
    queue.job_changed.emit(_job(queue, doc, s[6].id, created=1.0))
    lazy = {shot.id: badges.state(shot.id) for shot in doc.shots}
    assert lazy == eager_states(queue.store, doc)
    assert [lazy[shot.id] for shot in s] == ["", "failed", "queued", "running", "running",
                                              "failed", "queued"]
    model = window.timeline.model
    assert [model.index(i, 0).data(StateRole) for i in range(7)] == [lazy[x.id] for x in s]


def test_jobs_just_queued_show_their_badges_without_reading_the_library(window, qtbot,
                                                                        monkeypatch):
    """A batch queued at once: each card says "queued" with no read of the library per shot,
    and what the cards say equals what a fresh read of the library gives."""
    from ui.timeline.job_badges import BADGE_WORDS

    project = window.studio.create_project("Film")
    doc = window.open_project(project.id)
    doc.insert_shots(0, [doc.new_shot(title=f"S{i}", prompt="p") for i in range(5)])
    queue = window.features.queue.queue
    older = _job(queue, doc, doc.shots[0].id, JobState.SUBMITTING, JobState.FAILED, created=1.0)
    model = window.timeline.model
    reads: list[str] = []
    real = queue.store.latest_mark
    monkeypatch.setattr(queue.store, "latest_mark",
                        lambda project_id, shot_id: reads.append(shot_id) or real(project_id,
                                                                                 shot_id))
    jobs = queue.store.add([Job(project_id=doc.project.id, shot_id=shot.id, provider="animatic",
                                model="card", request=GenerationRequest(model="card",
                                                                        prompt="x"))
                            for shot in list(doc.shots)[:4]])
    for job in jobs:
        queue.jobs_added.emit([job])
    assert reads == []
    shown = [model.index(row, 0).data(StateRole) for row in range(5)]
    assert shown == ["queued"] * 4 + [""]
    assert older.shot_id == doc.shots[0].id  # its failure is older than the job just queued
    library = [real(doc.project.id, shot.id) for shot in doc.shots]
    assert [BADGE_WORDS.get(m.state, "") if m else "" for m in library] == shown

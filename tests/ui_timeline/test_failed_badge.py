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

"""How the queue names a job's shot: numbered as the open project stands now (after a move),
without building any shot of the project; another project's jobs carry its name."""

from __future__ import annotations

from app.providers.base import GenerationRequest
from app.services.commands import AddShots, MoveShots
from app.services.queue import Job
from app.storage.shots import ShotRow
from ui.queue.shot_labels import ShotLabels


def job_for(doc, shot_id: str) -> Job:
    return Job(project_id=doc.project.id, shot_id=shot_id, provider="animatic", model="cards",
               request=GenerationRequest(model="cards", prompt="p"))


def test_labels_follow_the_open_project_and_name_other_projects(studio):
    other = studio.open_project(studio.create_project("Teaser").id)
    AddShots(other, 0, [{"title": "Logo"}]).do(other)
    project = studio.create_project("Launch film")
    doc = studio.open_project(project.id)
    AddShots(doc, 0, [{"title": t} for t in ("Harbour", "", "Kitchen")] +
             [{"title": f"S{i}"} for i in range(50)]).do(doc)
    doc = studio.open_project(project.id)  # reopened: its shots are unbuilt rows
    labels = ShotLabels(studio)
    ids = doc.shots.ids()
    assert labels(job_for(doc, ids[2])) == "3. Kitchen"
    assert labels(job_for(doc, ids[1])) == "2. Shot 2"
    built = sum(not isinstance(e, ShotRow) for e in doc.shots.entries())
    assert built == 0  # a label reads its shot's stored title; no shot is built
    lazy = [labels(job_for(doc, i)) for i in ids]
    list(doc.shots)  # every shot built: the same labels from the built shots
    assert [labels(job_for(doc, i)) for i in ids] == lazy
    assert lazy[:3] == ["1. Harbour", "2. Shot 2", "3. Kitchen"]
    MoveShots([ids[2]], 0).do(doc)
    assert labels(job_for(doc, ids[2])) == "1. Kitchen"
    assert labels(job_for(other, other.shots[0].id)) == "Teaser · 1. Logo"
    gone = job_for(doc, "no-such-shot")
    assert labels(gone) == "deleted shot"


def test_a_shot_edit_repaints_only_its_own_jobs_and_the_panel_says_what_a_fresh_read_says(
        window, qtbot):
    """A renamed shot (or a take landing on it) tells the Queue's Shot column about that
    shot's jobs only; what the panel shows afterwards equals labels worked out afresh."""
    from PySide6.QtCore import Qt

    from tests.ui_queue.conftest import open_project_with_shots
    from ui.queue.model import SHOT

    doc = open_project_with_shots(window, 4)
    feature = window.features.queue
    queue = feature.queue
    queue.pause()  # listed, not sent
    jobs = queue.store.add([job_for(doc, doc.shots[i].id) for i in (0, 1, 1, 3)])
    for job in jobs:
        queue.jobs_added.emit([job])
    model = feature.model
    told: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(lambda a, b, *_: told.append((a.row(), b.row(), a.column(),
                                                             b.column())))
    doc.update_shot(doc.shots[1].id, title="Pier at night")
    rows = sorted(model.row_of(j.id) for j in jobs[1:3])
    assert told == [(rows[0], rows[-1], SHOT, SHOT)]
    fresh = ShotLabels(window.studio)
    proxy = feature.panel.proxy
    shown = {proxy.index(r, SHOT).data(Qt.ItemDataRole.DisplayRole) for r in range(4)}
    assert shown == {fresh(j) for j in jobs} == {"1. Shot A", "2. Pier at night",
                                                 "4. Shot D"}

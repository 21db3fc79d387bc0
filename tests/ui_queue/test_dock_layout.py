"""The Queue dock at the size a 1600 px window gives it: every job's shot, state, progress,
place, ETA, cost, elapsed time and service readable without scrolling sideways (two lines a
row), and only the open project's jobs unless the user asks for all."""

from __future__ import annotations

from app.providers.base import GenerationRequest
from app.services.queue import Job
from ui.queue.model import COST, POSITION, PROGRESS, SERVICE, SHOT, STATE, SecondLineRole
from ui.queue.panel import ALL_PROJECTS, THIS_PROJECT


def _job(queue, project_id, shot_id):
    [job] = queue.store.add([Job(project_id=project_id, shot_id=shot_id, provider="animatic",
                                 model="card", estimated_cost=0,
                                 request=GenerationRequest(model="card", prompt="x"))])
    queue.jobs_added.emit([job])
    return job


def test_the_queue_fits_its_dock_and_filters_to_this_project(window, qtbot):
    feature = window.features.queue
    panel, queue = feature.panel, feature.queue
    queue.pause()
    other = window.studio.create_project("Other")
    project = window.studio.create_project("Film")
    doc = window.open_project(project.id)
    window.actions.add_shot.trigger()
    _job(queue, doc.project.id, doc.shots[0].id)
    _job(queue, other.id, None)
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(50)

    assert panel.scope.currentText() == THIS_PROJECT
    assert panel.proxy.rowCount() == 1
    panel.scope.setCurrentText(ALL_PROJECTS)
    assert panel.proxy.rowCount() == 2
    panel.scope.setCurrentText(THIS_PROJECT)
    assert panel.proxy.rowCount() == 1

    view = panel.view
    shown = [c for c in range(panel.model.columnCount()) if not view.isColumnHidden(c)]
    assert shown == [SHOT, STATE, PROGRESS]
    assert not view.horizontalScrollBar().isVisible()
    assert sum(view.columnWidth(c) for c in shown) <= view.viewport().width() + 1
    row = panel.proxy.mapToSource(panel.proxy.index(0, 0)).row()
    second = {c: panel.model.index(row, c).data(SecondLineRole) for c in shown}
    assert second[SHOT] == panel.model.index(row, SERVICE).data()
    assert panel.model.index(row, POSITION).data() in second[STATE]
    assert panel.model.index(row, COST).data() in second[PROGRESS]

"""Timeline cards: job-state badges from the queue, keyboard editing, the duration zoom."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.providers.base import GenerationRequest
from app.services.queue import Job, JobState
from ui.timeline.model import StateRole, TakeCountRole


def open_with_shots(window, n: int, durations=None):
    doc = window.open_project(window.studio.create_project("Film").id)
    durations = durations or [4.0] * n
    doc.insert_shots(0, [doc.new_shot(title=f"S{i}", duration=d)
                         for i, d in enumerate(durations)])
    return doc


def test_cards_show_the_newest_job_state_of_their_shot(window):
    doc = open_with_shots(window, 2)
    queue, model = window.features.queue.queue, window.timeline.model
    shot = doc.shots[1].id
    job = queue.store.add([Job(project_id=doc.project.id, shot_id=shot, provider="animatic",
                               request=GenerationRequest(model="card"))])[0]
    queue.jobs_added.emit([job])  # as the queue announces it
    assert model.index(1, 0).data(StateRole) == "queued"
    assert model.index(0, 0).data(StateRole) == ""
    for state, word in ((JobState.SUBMITTING, "sending"), (JobState.RUNNING, "running"),
                        (JobState.FAILED, "failed")):
        job = queue.store.transition(job.id, state)
        queue.job_changed.emit(job)
        assert model.index(1, 0).data(StateRole) == word
    # reopening the project reads the badges back from the library
    window.open_project(doc.project.id)
    assert window.timeline.model.index(1, 0).data(StateRole) == "failed"
    job = queue.store.transition(job.id, JobState.QUEUED)
    queue.job_changed.emit(job)
    assert window.timeline.model.index(1, 0).data(StateRole) == "queued"


def test_keyboard_arrows_ctrl_arrows_delete_and_duplicate(window, qtbot):
    doc = open_with_shots(window, 3)
    view = window.timeline.view
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view.setFocus()
    window.timeline.select_ids([doc.shots[0].id])
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert window.timeline.selected_ids() == [doc.shots[1].id]
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert [s.title for s in doc.shots] == ["S1", "S0", "S2"]
    qtbot.keyClick(view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert [s.title for s in doc.shots] == ["S1", "S1", "S0", "S2"]
    assert window.timeline.selected_ids() == [doc.shots[1].id]  # the copy is selected
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert [s.title for s in doc.shots] == ["S1", "S0", "S2"]
    for _ in range(3):
        window.actions.undo.trigger()
    assert [s.title for s in doc.shots] == ["S0", "S1", "S2"]
    assert window.timeline.model.index(0, 0).data(TakeCountRole) == 0


def test_duration_zoom_makes_card_width_follow_duration(window):
    open_with_shots(window, 3, durations=[2.0, 8.0, 16.0])
    panel = window.timeline
    view, model = panel.view, panel.model
    widths = [view.visualRect(model.index(r, 0)).width() for r in range(3)]
    assert len(set(widths)) == 1  # fixed width by default
    panel.zoom_btn.click()
    widths = [view.visualRect(model.index(r, 0)).width() for r in range(3)]
    assert widths[0] < widths[1] < widths[2]
    assert abs(widths[2] / widths[1] - 2.0) < 0.05
    panel.zoom_btn.click()
    assert len({view.visualRect(model.index(r, 0)).width() for r in range(3)}) == 1

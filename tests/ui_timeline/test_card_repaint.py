"""A card whose badge or title changes is repainted alone, not the whole strip; in
proportional (zoomed) mode the strip re-lays out as before."""

from __future__ import annotations

from PySide6.QtCore import QRect

from app.providers.base import GenerationRequest
from app.services.queue import Job, JobState
from ui.timeline.view import TimelineView


class _Painted:
    """The viewport areas the strip paints, as they are painted."""

    def __init__(self, view: TimelineView) -> None:
        self.rects: list[QRect] = []
        self._paint = view.paintEvent
        view.paintEvent = self._record

    def _record(self, event) -> None:
        self.rects.append(event.rect())
        self._paint(event)


def _strip(window, qtbot, n: int = 12):
    project = window.studio.create_project("Film")
    doc = window.open_project(project.id)
    doc.insert_shots(0, [doc.new_shot(title=f"Shot {i + 1}") for i in range(n)])
    view = window.timeline.view
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: view.visualRect(view.model().index(2, 0)).isValid())
    return doc, view


def _settled(painted: _Painted, qtbot) -> None:
    """Wait out the strip's first paints (a loaded machine may deliver them late): until a
    tenth of a second passes with nothing painted."""
    def quiet() -> bool:
        painted.rects.clear()
        qtbot.wait(100)
        return not painted.rects

    qtbot.waitUntil(quiet, timeout=10000)


def test_a_badge_change_repaints_only_its_card(window, qtbot):
    doc, view = _strip(window, qtbot)
    painted = _Painted(view)
    _settled(painted, qtbot)
    queue = window.features.queue.queue
    [job] = queue.store.add([Job(project_id=doc.project.id, shot_id=doc.shots[2].id,
                                 provider="animatic", model="card",
                                 request=GenerationRequest(model="card", prompt="x"))])
    queue.jobs_added.emit([job])  # the card's badge: "queued"
    card = view.visualRect(view.model().index(2, 0))
    qtbot.waitUntil(lambda: bool(painted.rects))
    assert all(card.contains(r) for r in painted.rects), (card, painted.rects)
    assert view.model().card(2)[5] == "queued"
    painted.rects.clear()
    job = queue.store.transition(job.id, JobState.SUBMITTING)
    queue.job_changed.emit(job)
    qtbot.waitUntil(lambda: bool(painted.rects))
    assert all(card.contains(r) for r in painted.rects), (card, painted.rects)
    assert view.model().card(2)[5] == "sending"


def test_a_length_change_in_proportional_mode_lays_the_strip_out_again(window, qtbot):
    doc, view = _strip(window, qtbot)
    window.timeline._toggle_zoom(True)
    qtbot.waitUntil(lambda: not view.uniformItemSizes())
    before = view.visualRect(view.model().index(3, 0)).left()
    shot = doc.shots[2]
    doc.update_shot(shot.id, duration=shot.duration + 10)
    qtbot.waitUntil(lambda: view.visualRect(view.model().index(3, 0)).left() > before)


def test_a_badge_change_leaves_the_summary_alone_and_a_length_change_updates_it(window, qtbot):
    doc, view = _strip(window, qtbot, n=3)
    panel = window.timeline
    worked_out: list[int] = []
    real = panel._refresh_summary
    panel._refresh_summary = lambda *a: (worked_out.append(1), real())
    queue = window.features.queue.queue
    [job] = queue.store.add([Job(project_id=doc.project.id, shot_id=doc.shots[0].id,
                                 provider="animatic", model="card",
                                 request=GenerationRequest(model="card", prompt="x"))])
    queue.jobs_added.emit([job])
    assert view.model().card(0)[5] == "queued" and worked_out == []
    shown = panel.total.text()
    real()
    assert panel.total.text() == shown  # what a fresh summary says
    doc.update_shot(doc.shots[1].id, duration=doc.shots[1].duration + 60)
    assert worked_out and panel.total.text() != shown
    updated = panel.total.text()
    real()
    assert panel.total.text() == updated


def test_a_batch_queued_at_once_repaints_its_cards_with_one_signal(window, qtbot):
    """200 shots queued at once were 200 card repaints in a row; one signal now spans them,
    and every card says what the jobs told one by one would have made it say."""
    doc, view = _strip(window, qtbot)
    model = view.model()
    queue = window.features.queue.queue
    jobs = queue.store.add([Job(project_id=doc.project.id, shot_id=doc.shots[k].id,
                                provider="animatic", model="card",
                                request=GenerationRequest(model="card", prompt="x"))
                            for k in (2, 5, 9)])
    spans: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, roles=(): spans.append((a.row(), b.row())))
    queue.jobs_added.emit(jobs)
    assert spans == [(2, 9)]
    batched = [model.card(row) for row in range(model.rowCount())]
    assert [card[5] for card in batched].count("queued") == 3
    badges = window.features.takes.badges
    badges._latest.clear()  # told one by one, from scratch: the same cards
    for job in jobs:
        badges.job_changed(job)
    assert [model.card(row) for row in range(model.rowCount())] == batched

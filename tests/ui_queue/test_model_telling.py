"""The queue model tells its views of a tenth of a second's news at once (ui/queue/model.py):
what the panel lists and shows once told equals what it shows when told of every change as it
happens, and a burst of news is one signal."""

from __future__ import annotations

import random

from PySide6.QtCore import Qt

from app.services.queue import JobState
from ui.queue.model import COLUMNS, SERVICE, TELL_EVERY_MS, JobTableModel, SecondLineRole
from ui.queue.order_proxy import JobOrderProxy

from .test_model import HANDLE, T0, job

STEPS = (JobState.QUEUED, JobState.SUBMITTING, JobState.RUNNING, JobState.DOWNLOADING,
         JobState.DONE)


def shown(proxy: JobOrderProxy) -> list[tuple]:
    """Every row as the panel lists it: the job, then each cell's two lines."""
    return [(proxy.job_at(r).id, *((proxy.index(r, c).data(),
                                    proxy.index(r, c).data(SecondLineRole))
                                   for c in range(len(COLUMNS))))
            for r in range(proxy.rowCount())]


def test_told_late_the_panel_lists_and_shows_what_it_shows_told_at_once(qapp):
    rng = random.Random(7)
    eager, lazy = JobTableModel(clock=lambda: T0 + 50), JobTableModel(clock=lambda: T0 + 50)
    eager_proxy, lazy_proxy = JobOrderProxy(eager), JobOrderProxy(lazy)
    jobs = {j.id: j for j in (job(shot_id=f"s{i}", position=float(i), created=T0 + i)
                              for i in range(12))}
    for model in (eager, lazy):
        model.load(list(jobs.values()))
    comparisons = 0
    for step in range(400):
        roll = rng.random()
        if roll < 0.05:  # more jobs queued: an insert, sorted in among untold changes
            new = [job(shot_id=f"n{step}-{i}", position=float(rng.randrange(-5, 30)),
                       created=T0 + step) for i in range(rng.randrange(1, 4))]
            jobs.update((j.id, j) for j in new)
            for model in (eager, lazy):
                model.jobs_added(new)
        elif roll < 0.08:  # finished ones cleared from view
            gone = [j.id for j in jobs.values() if j.state.finished][:2]
            for model in (eager, lazy):
                model.remove_ids(gone)
        else:
            j = rng.choice(list(jobs.values()))
            if rng.random() < 0.5 and j.state != JobState.DONE:
                nxt = STEPS[STEPS.index(j.state) + 1] if j.state in STEPS else JobState.DONE
                update = {"state": nxt, "updated": T0 + step}
                if nxt == JobState.SUBMITTING:
                    update["started"] = T0 + step
                if nxt == JobState.RUNNING:
                    update["handle"] = HANDLE
                if nxt == JobState.DONE:
                    update["finished"] = T0 + step
            elif j.state == JobState.QUEUED:
                update = {"position": rng.uniform(-5, 30), "priority": rng.randrange(2)}
            else:
                update = {"percent": rng.uniform(0, 100), "eta": rng.uniform(1, 90)}
            j = jobs[j.id] = j.model_copy(update=update)
            for model in (eager, lazy):
                model.job_changed(j)
        eager.tell_views()  # the eager panel is told of every change as it happens
        if rng.random() < 0.15:  # the lazy one only now and then, as its timer fires
            lazy.tell_views()
            assert shown(lazy_proxy) == shown(eager_proxy), step
            comparisons += 1
    lazy.tell_views()
    assert shown(lazy_proxy) == shown(eager_proxy)
    assert comparisons > 30 and lazy.rowCount() > 12


def test_a_burst_of_news_is_one_signal_and_the_first_news_goes_at_the_next_turn(qapp):
    model = JobTableModel()
    proxy = JobOrderProxy(model)
    jobs = [job(position=float(p)) for p in range(6)]
    model.load(jobs)
    told: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(lambda a, b, *_: told.append(
        (a.row(), a.column(), b.row(), b.column())))
    running = [j.model_copy(update={"state": JobState.RUNNING, "started": T0 + i,
                                    "handle": HANDLE}) for i, j in enumerate(jobs[1:4])]
    for j in running:
        model.job_changed(j)
    assert told == []  # in the model already, not yet told
    assert model.index(2, 1).data() == "generating"
    qapp.processEvents()  # nothing was told lately: told at the next turn of the loop
    # the three rows in one signal, up to the sort column since they changed place; then the
    # queue places that moved (the State cells say them on their second line)
    assert told[0] == (1, 0, 3, len(COLUMNS) - 1)
    assert [proxy.job_at(r).id for r in range(3)] == [j.id for j in running]
    told.clear()
    for percent in (10.0, 20.0, 30.0):
        model.job_changed(running[1].model_copy(update={"percent": percent}))
    qapp.processEvents()
    assert told == []  # told a moment ago: the next news waits for its tenth of a second
    assert model._tell_soon.isActive()
    assert 0 < model._tell_soon.interval() <= TELL_EVERY_MS
    model._tell_soon.timeout.emit()  # as the timer does
    assert told == [(2, 0, 2, SERVICE - 1)]  # three ticks, one repaint of their row
    assert model.index(2, 2).data(Qt.ItemDataRole.DisplayRole) == "30%"


def test_a_project_filter_change_tells_the_untold_first(qapp):
    """Rows the project filter lets back in are sorted in among the others by the order the
    proxy was told: a job that changed place meanwhile is told first."""
    from ui.queue.order_proxy import order_key

    model = JobTableModel()
    proxy = JobOrderProxy(model)
    mine = [job(project_id="p", position=float(p)) for p in range(3)]
    other = [job(project_id="q", position=float(p) + 0.5) for p in range(3)]
    model.load(mine + other)
    proxy.set_project("p")
    model.job_changed(mine[2].model_copy(update={"position": -1.0}))
    model.job_changed(mine[0].model_copy(update={"state": JobState.RUNNING, "started": T0,
                                                 "handle": HANDLE}))
    proxy.set_project(None)
    listed = [proxy.job_at(r) for r in range(proxy.rowCount())]
    assert listed == sorted(model.jobs(), key=order_key)

"""The queue table model on its own: rows appear as jobs are added, a progress tick repaints one
row, states and costs read as words, queue positions follow the send order."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.providers.base import CostEstimate, GenerationRequest, RemoteHandle
from app.services.queue import Job, JobState
from ui.queue import texts
from ui.queue.model import (
    COLUMNS,
    COST,
    ELAPSED,
    ETA,
    POSITION,
    PROGRESS,
    SERVICE,
    SHOT,
    STATE,
    JobRole,
    JobTableModel,
    PercentRole,
    SecondLineRole,
)
from ui.queue.order_proxy import JobOrderProxy
from ui.queue.reorder import moved

T0 = 1_700_000_000.0
HANDLE = RemoteHandle(provider="openai", remote_id="video_1")


def job(**kw) -> Job:
    base = dict(project_id="p", shot_id="s1", provider="openai", model="sora-2",
                request=GenerationRequest(model="sora-2", prompt="a harbour at dawn"),
                estimated_cost=0.4, created=T0, updated=T0)
    base.update(kw)
    return Job(**base)


def text(model, row, col):
    return model.index(row, col).data()


class Spy:
    def __init__(self, model):
        self.changed: list[tuple[int, int, int, int]] = []
        self.inserted: list[tuple[int, int]] = []
        model.dataChanged.connect(lambda a, b, *_: self.changed.append(
            (a.row(), a.column(), b.row(), b.column())))
        model.rowsInserted.connect(lambda _p, a, b: self.inserted.append((a, b)))


def counting_proxy(model) -> tuple[JobOrderProxy, list[int]]:
    """The panel's order proxy over `model`, and a list that grows by one per comparison it
    makes (empty: it did not sort)."""
    compared: list[int] = []

    class Counting(JobOrderProxy):
        def lessThan(self, left, right):  # noqa: N802 (Qt API)
            compared.append(1)
            return super().lessThan(left, right)

    return Counting(model), compared


def test_rows_are_inserted_as_jobs_are_added_and_unknown_changes_add_rows(qapp):
    model = JobTableModel(shot_label=lambda j: f"label {j.shot_id}")
    spy = Spy(model)
    a, b = job(), job(shot_id="s2")
    model.job_added(a)
    model.job_added(b)
    assert spy.inserted == [(0, 0), (1, 1)]
    assert model.rowCount() == 2 and model.columnCount() == len(COLUMNS)
    assert text(model, 1, SHOT) == "label s2"
    assert text(model, 0, SERVICE) == "OpenAI Videos (Sora 2) · sora-2"
    # a job the panel never saw (queued by the CLI) arrives as a change: it becomes a row
    model.job_changed(job(shot_id="s3"))
    assert model.rowCount() == 3 and spy.inserted[-1] == (2, 2)


def test_a_progress_tick_repaints_only_its_own_row(qapp):
    model = JobTableModel()
    jobs = [job(), job(), job()]
    model.load(jobs)
    spy = Spy(model)
    running = jobs[1].model_copy(update={"state": JobState.RUNNING, "started": T0,
                                         "handle": HANDLE, "percent": 10.0})
    model.job_changed(running)
    model.tell_views()
    spy.changed.clear()
    model.job_changed(running.model_copy(update={"percent": 42.0}))
    assert spy.changed == []  # views are told with the rest of this tenth of a second's news
    model.tell_views()
    # its row, up to the proxy's sort column (Service): a tick moves no job's place
    assert spy.changed == [(1, 0, 1, SERVICE - 1)]
    assert text(model, 1, PROGRESS) == "42%"
    assert model.index(1, PROGRESS).data(PercentRole) == 42.0
    assert model.index(0, PROGRESS).data(PercentRole) is None


def test_states_in_words_with_the_services_message(qapp):
    model = JobTableModel()
    flagged = "openai: Your prompt was flagged by the moderation system"
    model.load([
        job(),
        job(state=JobState.SUBMITTING, started=T0),
        job(state=JobState.RUNNING, started=T0, handle=HANDLE, queue_position=4),
        job(state=JobState.RUNNING, started=T0, handle=HANDLE, percent=None),
        job(state=JobState.DOWNLOADING, started=T0, handle=HANDLE, percent=100.0),
        job(state=JobState.DONE, started=T0, finished=T0 + 75, handle=HANDLE, percent=100.0),
        job(state=JobState.FAILED, started=T0, finished=T0 + 3, handle=HANDLE,
            last_error=flagged),
        job(state=JobState.CANCELLED, finished=T0,
            last_error="Cancelled before it was sent; not billed."),
        job(state=JobState.NEEDS_ATTENTION, started=T0, finished=T0,
            last_error="Reelroom stopped while sending this job"),
    ])
    states = [text(model, r, STATE) for r in range(model.rowCount())]
    assert states == [
        "queued", "sending", "waiting at the service", "generating", "downloading", "done",
        f"failed — {flagged}", "Cancelled before it was sent; not billed.",
        "needs attention — Reelroom stopped while sending this job",
    ]
    assert model.index(6, STATE).data(Qt.ItemDataRole.ToolTipRole) == flagged
    progress = [text(model, r, PROGRESS) for r in range(model.rowCount())]
    assert progress[:6] == ["", "working…", "working…", "working…", "100%", "100%"]
    assert progress[6] == ""  # a failed job shows no bar
    assert text(model, 2, POSITION) == "4 at OpenAI Videos (Sora 2)"


def test_costs_estimate_booked_unknown_free_and_not_billed(qapp):
    model = JobTableModel()
    model.load([
        job(estimated_cost=0.4),
        job(estimated_cost=0.4, state=JobState.RUNNING, started=T0, handle=HANDLE),
        job(estimated_cost=None),
        job(estimated_cost=0.0, provider="animatic", model="card"),
        job(estimated_cost=12, cost_currency="credits", state=JobState.RUNNING,
            started=T0, handle=HANDLE),
        job(estimated_cost=0.4, state=JobState.CANCELLED, finished=T0),
        job(estimated_cost=0.4, state=JobState.CANCELLED, finished=T0, started=T0,
            handle=HANDLE),
    ])
    costs = [text(model, r, COST) for r in range(model.rowCount())]
    assert costs == ["≈ $0.40", "$0.40", "billed by the service", "free", "12 credits",
                     "not billed", "$0.40"]
    assert "may be billed even if it is cancelled" in model.index(6, COST).data(
        Qt.ItemDataRole.ToolTipRole)


def test_queue_positions_follow_the_send_order_and_update_on_reorder(qapp):
    model = JobTableModel()
    a, b, c, d = (job(position=i) for i in (1, 2, 3, 4))
    model.load([a, b, c, d])
    assert [text(model, r, POSITION) for r in range(4)] == ["1 of 4", "2 of 4", "3 of 4",
                                                            "4 of 4"]
    spy = Spy(model)
    model.job_changed(d.model_copy(update={"position": 2.5}))  # d before c
    assert [text(model, r, POSITION) for r in range(4)] == ["1 of 4", "2 of 4", "4 of 4",
                                                            "3 of 4"]
    # only the rows whose place changed are repainted (a and b kept theirs), in one signal
    # once the batch of changes is over (the loop turns); the State cell with them, whose
    # second line says the place where a narrow dock hides the Position column
    places = [(STATE, POSITION)]
    assert [(r, r2) for r, col, r2, c2 in spy.changed if (col, c2) in places] == []
    qapp.processEvents()
    assert [(r, r2) for r, col, r2, c2 in spy.changed if (col, c2) in places] == [(2, 3)]
    assert model.index(2, STATE).data(SecondLineRole) == "4 of 4"
    assert model.pending_ids() == [a.id, b.id, d.id, c.id]
    # one leaves the line: the others move up, and "of 3" is repainted on all of them
    model.job_changed(a.model_copy(update={"state": JobState.SUBMITTING, "started": T0}))
    assert [text(model, r, POSITION) for r in range(4)] == ["", "1 of 3", "3 of 3", "2 of 3"]


def test_elapsed_and_eta_count_with_the_clock_and_the_ticker_runs_only_while_busy(qapp):
    now = [T0 + 65]
    model = JobTableModel(clock=lambda: now[0])
    waiting = job()
    model.load([waiting])
    assert not model.ticker.isActive()
    running = waiting.model_copy(update={"state": JobState.RUNNING, "started": T0,
                                         "handle": HANDLE, "eta": 30.0, "updated": T0 + 60})
    model.job_changed(running)
    assert model.ticker.isActive()
    assert text(model, 0, ELAPSED) == "1:05"
    assert text(model, 0, ETA) == "~0:25"
    spy = Spy(model)
    now[0] = T0 + 100
    model._tick()
    # the ticking cells and the ones their second lines are folded into (State: the ETA,
    # Progress: the elapsed time), which are all a narrow dock shows of them
    assert spy.changed == [(0, STATE, 0, ELAPSED)]
    assert model.index(0, PROGRESS).data(SecondLineRole).endswith("1:40")
    assert text(model, 0, ELAPSED) == "1:40" and text(model, 0, ETA) == "any moment"
    model.job_changed(running.model_copy(update={"state": JobState.FAILED,
                                                 "finished": T0 + 90}))
    assert not model.ticker.isActive()
    assert text(model, 0, ELAPSED) == "1:30" and text(model, 0, ETA) == ""


def test_proxy_lists_running_then_waiting_in_send_order_then_finished_newest_first(qapp):
    model = JobTableModel()
    proxy = JobOrderProxy(model)
    old_done = job(state=JobState.DONE, started=T0, finished=T0 + 1)
    new_fail = job(state=JobState.FAILED, started=T0, finished=T0 + 9)
    late, early = job(position=5), job(position=2)
    model.load([old_done, late, new_fail, early])
    running = job(state=JobState.RUNNING, started=T0, handle=HANDLE)
    model.job_added(running)
    assert [proxy.job_at(r).id for r in range(5)] == [running.id, early.id, late.id,
                                                      new_fail.id, old_done.id]
    model.job_changed(running.model_copy(update={"state": JobState.DONE,
                                                 "finished": T0 + 20}))
    model.tell_views()
    assert [proxy.job_at(r).id for r in range(5)] == [early.id, late.id, running.id,
                                                      new_fail.id, old_done.id]


def test_repainted_shot_labels_keep_the_order_without_sorting_again(qapp):
    """A project open repaints every row's Shot label; no job changed place, so the proxy
    must not sort the whole queue again (it did: a tenth of a 10,000-shot open)."""
    model = JobTableModel()
    proxy, compared = counting_proxy(model)
    jobs = [job(position=float(p)) for p in (4, 1, 3, 0, 2)]
    model.load(jobs)
    order = [proxy.job_at(r).id for r in range(5)]
    assert order == [jobs[i].id for i in (3, 1, 4, 2, 0)]
    compared.clear()
    model.dataChanged.emit(model.index(0, SHOT), model.index(4, SHOT))
    assert compared == [] and [proxy.job_at(r).id for r in range(5)] == order
    model.job_changed(jobs[0].model_copy(update={"position": -1.0}))  # a job's own change
    model.tell_views()
    assert compared and proxy.job_at(0).id == jobs[0].id


def test_moving_waiting_jobs_as_a_block():
    order = list("ABCDE")
    assert moved(order, ["C"], -1) == list("ACBDE")
    assert moved(order, ["C", "D"], -1) == list("ACDBE")
    assert moved(order, ["A", "B"], -1) == order  # already first
    assert moved(order, ["B", "E"], 1) == list("ACBDE")
    assert moved(order, ["A", "C"], 1) == list("BADCE")


def test_batch_estimates_in_words_and_when_to_ask():
    usd = CostEstimate(amount=0.4)
    assert texts.estimate_summary([usd, usd]) == ("$0.80", True)
    assert texts.estimate_summary([CostEstimate(amount=0.0)] * 3) == ("free", False)
    said, ask = texts.estimate_summary([usd, CostEstimate(amount=None, billed_by_service=True),
                                        CostEstimate(amount=5, currency="credits")])
    assert ask and said == ("$0.40 + 5 credits + 1 job billed by the service at a price it "
                            "does not publish")


def test_a_cell_read_in_one_call_says_what_its_roles_say(qapp):
    """The delegate reads a cell with JobTableModel.cell (and through the order proxy): the
    same texts, state and percentage as data() gives for each role, for every kind of row."""
    from PySide6.QtWidgets import QTableView

    from ui.queue.delegate import _job_cell
    from ui.queue.model import StateRole

    now = T0 + 100
    model = JobTableModel(shot_label=lambda j: f"label {j.shot_id}", clock=lambda: now)
    model.load([
        job(),
        job(priority=1, position=2.0),
        job(state=JobState.RUNNING, started=T0 + 5, handle=HANDLE, percent=33.0, eta=40.0,
            queue_position=None),
        job(state=JobState.RUNNING, started=T0 + 5, handle=HANDLE, queue_position=3),
        job(state=JobState.DOWNLOADING, started=T0 + 5, handle=HANDLE),
        job(state=JobState.DONE, started=T0 + 5, finished=T0 + 65, handle=HANDLE),
        job(state=JobState.FAILED, started=T0, finished=T0 + 9, last_error="rejected"),
        job(state=JobState.CANCELLED, last_error="Cancelled before it was sent; not billed."),
        job(state=JobState.NEEDS_ATTENTION, started=T0, estimated_cost=None),
        job(shot_id=None, estimated_cost=0),
    ])
    proxy = JobOrderProxy(model)
    view = QTableView()
    view.setModel(proxy)
    seen = set()
    for row in range(model.rowCount()):
        for col in range(len(COLUMNS)):
            for m in (model, proxy):
                index = m.index(row, col)
                roles = (index.data(Qt.ItemDataRole.DisplayRole) or "",
                         index.data(SecondLineRole) or "", index.data(StateRole) or "",
                         index.data(PercentRole))
                assert tuple(_job_cell(index)) == roles, (row, col)
                seen.add(roles)
            src = proxy.mapToSource(proxy.index(row, col))
            assert model.cell(src.row(), src.column()) == _job_cell(proxy.index(row, col))
    assert len(seen) > 30  # the rows say many different things: the check can tell


def test_queue_positions_and_the_clock_repaint_without_sorting_again(qapp):
    """Each job that starts moves every waiting job's place ("3 of 7" → "2 of 6"), and the
    running clock repaints ETA and elapsed each second: neither changes the order, so the
    proxy must not sort the waiting rows again (it did for every start, a few ms each with
    200 waiting); a job's own change still re-sorts, into the order order_key gives."""
    from ui.queue.order_proxy import order_key

    clock = [T0]
    model = JobTableModel(clock=lambda: clock[0])
    proxy, compared = counting_proxy(model)
    jobs = [job(position=float(p)) for p in (4, 1, 3, 0, 2)]
    model.load(jobs)
    compared.clear()
    started = jobs[3].model_copy(update={"state": JobState.RUNNING, "started": T0,
                                         "handle": HANDLE})
    model.job_changed(started)  # its own change: sorted into place
    model.tell_views()
    assert compared
    compared.clear()
    model._tell_ranks()  # every waiting job's place moved
    assert text(model, 1, POSITION) == texts.position_text(jobs[1], 1, 4)
    clock[0] += 5
    model._tick()  # the running job's clock
    assert compared == []
    shown = [proxy.job_at(r) for r in range(5)]
    assert shown == sorted(model.jobs(), key=order_key) and shown[0].id == started.id


def test_the_running_count_kept_equals_counting_every_job(qapp):
    """The clock ticks only while a job runs; whether one does is kept as states change
    (counting all 200 jobs at every change was a walk of the queue each time): after each
    step it equals a count of the jobs, and the ticker runs exactly when it is not 0."""
    model = JobTableModel()
    jobs = [job(position=float(p)) for p in range(4)]
    model.load(jobs[:2])

    def check() -> None:
        running = sum(1 for j in model.jobs() if j.state.active)
        assert model._active == running
        assert model.ticker.isActive() == (running > 0)

    check()
    model.job_added(jobs[2])
    check()
    running = [j.model_copy(update={"state": JobState.RUNNING, "started": T0,
                                    "handle": HANDLE}) for j in jobs[:3]]
    for j in running:
        model.job_changed(j)
        check()
    model.job_changed(running[0].model_copy(update={"percent": 40.0}))  # same state
    check()
    model.job_changed(running[1].model_copy(update={"state": JobState.DOWNLOADING}))
    check()
    model.job_added(jobs[3].model_copy(update={"state": JobState.SUBMITTING}))
    check()
    for j in (*running, jobs[3]):
        model.job_changed(j.model_copy(update={"state": JobState.DONE, "finished": T0 + 5}))
        check()
    model.job_changed(running[2].model_copy(update={"state": JobState.RUNNING}))
    check()
    model.remove_ids([running[2].id])
    check()
    model.load([running[0]])
    check()


def test_a_jobs_progress_repaints_its_row_without_sorting_again_and_a_move_re_sorts(qapp):
    """A progress tick or a new ETA changes no job's place: its repaint stops short of the
    sort column, so Qt does not take the row out and sort it in again (a layout change that
    repainted every row, for each of thousands of ticks); a change of place spans it, and the
    proxy's order stays order_key's."""
    from ui.queue.order_proxy import order_key

    model = JobTableModel()
    layouts: list[int] = []
    proxy, compared = counting_proxy(model)
    proxy.layoutChanged.connect(lambda *a: layouts.append(1))
    jobs = [job(position=float(p)) for p in (3, 1, 2, 0)]
    model.load(jobs)
    running = [j.model_copy(update={"state": JobState.RUNNING, "started": T0 + i,
                                    "handle": HANDLE}) for i, j in enumerate(jobs[:2])]
    for j in running:
        model.job_changed(j)
    model.tell_views()
    compared.clear()
    layouts.clear()
    for percent in (5.0, 50.0, 95.0):
        model.job_changed(running[1].model_copy(update={"percent": percent, "eta": 30.0,
                                                        "updated": T0 + percent}))
        model.tell_views()
    assert compared == [] and layouts == []
    assert text(model, model.row_of(running[1].id), PROGRESS) == "95%"
    model.job_changed(running[0].model_copy(update={"state": JobState.DONE,
                                                    "finished": T0 + 9}))
    model.tell_views()
    assert compared
    shown = [proxy.job_at(r) for r in range(4)]
    assert shown == sorted(model.jobs(), key=order_key)
    assert shown[-1].id == running[0].id  # the finished one went below the waiting ones


def test_a_queued_batch_is_one_insert_equal_to_adding_its_jobs_one_by_one(qapp):
    """200 shots queued at once reach the model as one batch: one insert (one re-sort in the
    panel's proxy) instead of 200, and the rows, places and order equal adding them singly.
    A job already shown is changed in place; one given twice keeps its last news."""
    shown = job(shot_id="s0", state=JobState.RUNNING, started=T0)
    batch = [job(shot_id=f"s{i}", position=i, created=T0 + i) for i in range(1, 201)]
    again = shown.model_copy(update={"progress": 0.5})
    twice = batch[7].model_copy(update={"priority": 3})

    one_by_one, batched = JobTableModel(), JobTableModel()
    for model in (one_by_one, batched):
        model.job_added(shown)
    for j in [*batch, again, twice]:
        one_by_one.job_added(j)
    spy = Spy(batched)
    batched.jobs_added([*batch, again, twice])
    assert spy.inserted == [(1, 200)]

    def state(model):
        proxy = JobOrderProxy(model)
        return ([[text(model, r, c) for c in range(len(COLUMNS))]
                 for r in range(model.rowCount())],
                [proxy.index(r, 0).data(JobRole).id
                 for r in range(proxy.rowCount())],
                model._active)

    assert state(batched) == state(one_by_one)

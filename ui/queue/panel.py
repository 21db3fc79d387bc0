"""The Queue dock: every job with its progress, position, ETA and cost; a toolbar and context
menu to pause, cancel, retry and reorder; a summary of what runs, what waits, what the waiting
jobs will cost and what was spent today."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.services.queue import Job, JobState, Queue
from app.services.queue.job_detail import JobDetail
from app.services.queue.jobs import RETRYABLE
from app.validation_text import user_text
from ui.queue import asking
from ui.queue.delegate import JobDelegate
from ui.queue.job_detail_view import JobDetailView
from ui.queue.model import COLUMNS, SECOND_LINE, SHOT, STATE, JobTableModel
from ui.queue.order_proxy import JobOrderProxy
from ui.queue.reorder import moved
from ui.queue.tasks import TaskKeeper
from ui.queue.texts import money
from ui.scroll_bars import paint_scroll_bars_alone

EMPTY_TEXT = (
    "Generation queue\n\nJobs you send to video services appear here with their progress, "
    "queue position, cost and ETA.\n\nSelect shots in the timeline and press Ctrl+Enter "
    "(Generate → Generate Take) to start. The offline animatic is free.")

_WIDTHS = {"Shot": 150, "State": 230, "Progress": 132, "Position": 104, "ETA": 56,
           "Cost": 136, "Elapsed": 60, "Service": 130}
ROW_HEIGHT = 42
THIS_PROJECT, ALL_PROJECTS = "This project", "All projects"


class QueuePanel(QWidget):
    play_requested = Signal(object)  # Job (finished, with a take)
    show_shot_requested = Signal(object)  # Job
    message = Signal(str)  # what just happened, for the status bar

    def __init__(self, queue: Queue, model: JobTableModel, *, pause_action: QAction,
                 cancel_pending_action: QAction, tasks: TaskKeeper | None = None,
                 parent=None) -> None:
        super().__init__(parent)
        self.queue = queue
        self.model = model
        self.proxy = JobOrderProxy(model, self)
        self.tasks = tasks or TaskKeeper(self.tell)
        self.today: Callable[[], str] = lambda: time.strftime("%Y-%m-%d")

        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.setItemDelegate(JobDelegate(self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.verticalHeader().hide()
        # two lines a row: Shot, State and Progress carry the other columns as their second
        # line, so the dock fits its width at 1600 px instead of scrolling sideways
        self.view.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        for i, name in enumerate(COLUMNS):
            header.resizeSection(i, _WIDTHS[name])
        for folded in {c for cols in SECOND_LINE.values() for c in cols}:
            self.view.setColumnHidden(folded, True)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(STATE, QHeaderView.ResizeMode.Stretch)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        paint_scroll_bars_alone(self.view)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.doubleClicked.connect(self._double_clicked)

        # -- actions on the selected jobs (the queue-wide ones come from ui.actions) --------
        self.pause_action = pause_action
        self.cancel_pending_action = cancel_pending_action
        self.cancel_action = self._act("Cancel", self.cancel_selected, "Cancel the selected jobs")
        self.cancel_action.setShortcut(QKeySequence(Qt.Key.Key_Delete))
        self.cancel_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.retry_action = self._act(
            "Retry", self.retry_selected,
            "Fetch a job the service holds again, check the service for one that got no "
            "answer, or send one the service never accepted; never pays twice")
        # the ways out of needs-attention, and the one action that pays again on purpose
        self.check_action = self._act(
            "Check the Service", self.check_selected,
            "Ask the service again whether it received the selected needs-attention jobs")
        self.resend_action = self._act(
            "It Was Not Received: Send Again (New Paid Job)…", self.resend_selected,
            "You checked the service's history and the job is not there: send it again")
        self.again_action = self._act(
            "Generate Again (New Paid Job)…", self.generate_again_selected,
            "Send the selected jobs' requests again as new paid jobs")
        self.forget_action = self._act(
            "Forget It", self.forget_selected,
            "Stop asking about the selected needs-attention or failed jobs")
        self.up_action = self._act("Move Up", lambda: self.move_selected(-1),
                                   "Send the selected waiting jobs sooner")
        self.down_action = self._act("Move Down", lambda: self.move_selected(1),
                                     "Send the selected waiting jobs later")
        self.play_action = self._act("Play Take", self.play_selected, "Play the finished take")
        self.show_action = self._act("Show Shot", self.show_selected,
                                     "Select the job's shot in the timeline")
        self.clear_action = self._act("Clear Finished", self.clear_finished,
                                      "Remove finished jobs from this list (history is kept)")
        self.addActions([self.cancel_action])

        bar = QToolBar(self)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for a in (self.pause_action, None, self.cancel_action, self.cancel_pending_action,
                  self.retry_action, self.check_action, None, self.up_action,
                  self.down_action, None, self.clear_action):
            if a is None:
                bar.addSeparator()
            else:
                bar.addAction(a)
        self.scope = QComboBox(self)
        self.scope.addItems([THIS_PROJECT, ALL_PROJECTS])
        self.scope.setToolTip("Show the open project's jobs, or every project's")
        self.scope.currentIndexChanged.connect(lambda *_: self._apply_scope())
        self.project_id: str | None = None
        self.toolbar = bar

        self.summary = QLabel(self)
        self.summary.setObjectName("queueSummary")
        self.summary.setWordWrap(True)  # never force the dock wider than the user made it
        self.notice = QLabel(self)
        self.notice.setObjectName("queueNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.empty = QLabel(EMPTY_TEXT, self)
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # the selected job's detail: an agent's live answer while it works
        self.detail = JobDetail(queue)
        self.detail_view = JobDetailView(self.detail, self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.view)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(bar)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.detail_view)
        layout.addWidget(self.notice)
        foot = QHBoxLayout()  # the project filter stays in sight, not in the tool bar's »
        foot.setContentsMargins(0, 0, 6, 4)
        foot.addWidget(self.summary, 1)
        foot.addWidget(self.scope, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(foot)
        self.summary.setContentsMargins(6, 2, 6, 4)
        self.notice.setContentsMargins(6, 2, 6, 2)

        # the summary reads the ledger; coalesce bursts of progress into one refresh
        self._closed = False
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(150)
        self._refresh_timer.timeout.connect(self.refresh)
        for sig in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            sig.connect(self._rows_changed)
        model.dataChanged.connect(self._schedule_refresh)
        self.view.selectionModel().selectionChanged.connect(self._update_actions)
        self.view.selectionModel().selectionChanged.connect(self._show_detail)
        self.refresh()

    def _act(self, text: str, slot, tip: str) -> QAction:
        a = QAction(text, self)
        a.setStatusTip(tip)
        a.setToolTip(tip)
        a.triggered.connect(slot)
        return a

    # -- state shown -----------------------------------------------------------------------
    def shutdown(self) -> None:
        """The window is closing (and the library with it): read nothing more."""
        self._closed = True
        self.detail.close()
        self._refresh_timer.stop()

    def _schedule_refresh(self, *args) -> None:
        if not self._closed and not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def _rows_changed(self, *args) -> None:
        self._show_list_or_empty()
        self._schedule_refresh()

    def _show_list_or_empty(self) -> None:
        self.stack.setCurrentWidget(self.view if self.model.rowCount() else self.empty)

    def set_project(self, project_id: str | None) -> None:
        """The open project: "This project" shows its jobs only."""
        self.project_id = project_id
        self._apply_scope()

    def _apply_scope(self) -> None:
        this = self.scope.currentText() == THIS_PROJECT and self.project_id is not None
        self.proxy.set_project(self.project_id if this else None)

    def refresh(self) -> None:
        if self._closed:
            return
        self._show_list_or_empty()
        self.summary.setText(self.summary_text())
        paused = self.queue.paused
        self.pause_action.setChecked(paused)
        self.pause_action.setText("&Resume Queue" if paused else "&Pause Queue")
        self._update_actions()

    def summary_text(self) -> str:
        counts = self.model.counts()
        running = sum(n for s, n in counts.items() if s.active)
        queued = counts.get(JobState.QUEUED, 0)
        pending = [j for j in self.model.jobs() if j.state == JobState.QUEUED]
        usd = sum(j.estimated_cost or 0 for j in pending if j.cost_currency == "USD")
        unknown = sum(1 for j in pending if j.estimated_cost is None)
        parts = [f"{running} running", f"{queued} queued"]
        if pending:
            est = f"waiting jobs ≈ {money(usd)}"
            if unknown:
                est += f" + {unknown} billed by the service"
            parts.append(est)
        parts.append(f"spent today {money(self.queue.ledger.total(day=self.today()))}")
        text = " · ".join(parts)
        if self.queue.paused:
            text = "Paused: nothing new is sent (jobs already sent carry on) · " + text
        return text

    def _update_actions(self, *args) -> None:
        jobs = self.selected_jobs()
        self.cancel_action.setEnabled(any(j.state == JobState.QUEUED or j.state.active
                                          for j in jobs))
        self.retry_action.setEnabled(any(j.state in RETRYABLE for j in jobs))
        attention = [j for j in jobs if j.state == JobState.NEEDS_ATTENTION]
        self.check_action.setEnabled(bool(attention))
        self.resend_action.setEnabled(any(j.handle is None for j in attention))
        self.again_action.setEnabled(any(j.state in RETRYABLE and not (
            j.state == JobState.NEEDS_ATTENTION and j.handle is None) for j in jobs))
        self.forget_action.setEnabled(any(j.state in (JobState.NEEDS_ATTENTION,
                                                      JobState.FAILED) for j in jobs))
        waiting = any(j.state == JobState.QUEUED for j in jobs)
        self.up_action.setEnabled(waiting)
        self.down_action.setEnabled(waiting)
        self.play_action.setEnabled(len(jobs) == 1 and jobs[0].state == JobState.DONE)
        self.show_action.setEnabled(len(jobs) == 1 and jobs[0].shot_id is not None)
        self.cancel_pending_action.setEnabled(self.model.counts().get(JobState.QUEUED, 0) > 0)
        self.clear_action.setEnabled(any(j.state.finished for j in self.model.jobs()))

    def tell(self, text: str) -> None:
        """Show what just happened under the list (and in the status bar). What a command
        did shows in its rows at once, not with the next tenth of a second's news
        (ui/queue/model.py)."""
        self.model.tell_views()
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        self.message.emit(text)

    # -- selection -------------------------------------------------------------------------
    def _show_detail(self, *args) -> None:
        jobs = self.selected_jobs()
        self.detail.show(jobs[0].id if len(jobs) == 1 else None)

    def selected_jobs(self) -> list[Job]:
        rows = sorted({ix.row() for ix in self.view.selectionModel().selectedRows()})
        return [self.proxy.job_at(r) for r in rows]

    def select_job(self, job_id: str) -> None:
        row = self.model.row_of(job_id)
        if row is None:
            return
        ix = self.proxy.mapFromSource(self.model.index(row, SHOT))
        self.view.selectionModel().select(
            ix, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(ix)

    # -- commands --------------------------------------------------------------------------
    def toggle_pause(self) -> None:
        if self.queue.paused:
            self.queue.resume()
            self.tell("Queue resumed: waiting jobs are sent again.")
        else:
            self.queue.pause()
            self.tell("Queue paused: nothing new is sent; jobs already sent carry on.")
        self.refresh()

    def cancel_pending(self):
        return self.tasks.spawn(self._cancel_pending(), "Cancel all pending")

    async def _cancel_pending(self) -> list[Job]:
        jobs = await self.queue.cancel_pending()
        self.tell(f"Cancelled {len(jobs)} waiting job{'s' if len(jobs) != 1 else ''}; "
                  "they were never sent, so nothing is billed." if jobs
                  else "Nothing was waiting to be sent.")
        return jobs

    def cancel_selected(self):
        jobs = [j for j in self.selected_jobs() if j.state == JobState.QUEUED or j.state.active]
        if not jobs:
            return None
        return self.tasks.spawn(self._cancel(jobs), "Cancel")

    async def _cancel(self, jobs: list[Job]) -> list[Job]:
        sent = [j for j in jobs if j.state.active]
        if sent:
            services = ", ".join(sorted({j.provider for j in sent}))
            n = len(sent)
            ok = await asking.confirm(
                self, "Cancel running jobs",
                f"{n} of these job{'s' if n != 1 else ''} {'were' if n != 1 else 'was'} already "
                f"sent to {services}.\n\nA job already sent may still be billed, even if "
                "it is cancelled now.", "Cancel Anyway",
                informative="Waiting jobs are cancelled at no cost.",
                icon=QMessageBox.Icon.Warning)
            if not ok:
                return []
        done = [await self.queue.cancel(j.id) for j in jobs]
        said = [j.last_error for j in done if j.last_error]
        self.tell(" ".join(dict.fromkeys(said)) or "Cancelled.")
        return done

    def retry_selected(self) -> list[Job]:
        again = []
        for job in self.selected_jobs():
            if job.state not in RETRYABLE:
                continue
            try:
                again.append(self.queue.retry(job.id))
            except (ValueError, KeyError) as exc:
                self.tell(user_text(exc))
                return again
        if again:
            fetched = sum(1 for j in again if j.handle is not None)
            checked = sum(1 for j in again if j.state == JobState.SUBMITTING)
            sent = len(again) - fetched - checked
            parts = [f"{n} {what}" for n, what in (
                (fetched, "fetched again from the service"), (checked, "being checked with "
                 "the service"), (sent, "queued to send (the service never accepted it)"))
                if n]
            self.tell("Retry: " + "; ".join(parts) + ". Nothing is paid twice.")
        return again

    def check_selected(self) -> list[Job]:
        done = []
        for job in self.selected_jobs():
            if job.state != JobState.NEEDS_ATTENTION:
                continue
            done.append(self.queue.check_service(job.id))
        if done:
            self.tell(f"Checking {len(done)} job{'s' if len(done) != 1 else ''} with the "
                      "service; nothing is sent again.")
        return done

    def resend_selected(self):
        jobs = [j for j in self.selected_jobs()
                if j.state == JobState.NEEDS_ATTENTION and j.handle is None]
        if not jobs:
            return None
        return self.tasks.spawn(self._pay_again(jobs, resend=True), "Send again")

    def generate_again_selected(self):
        jobs = [j for j in self.selected_jobs() if j.state in RETRYABLE
                and not (j.state == JobState.NEEDS_ATTENTION and j.handle is None)]
        if not jobs:
            return None
        return self.tasks.spawn(self._pay_again(jobs, resend=False), "Generate again")

    async def _pay_again(self, jobs: list[Job], *, resend: bool) -> list[Job]:
        """The one path that pays for a job again: it says so, with the price, and asks."""
        n = len(jobs)
        usd = sum(j.estimated_cost or 0 for j in jobs if j.cost_currency == "USD")
        other = sum(1 for j in jobs if j.cost_currency != "USD" or j.estimated_cost is None)
        price = money(usd) + (f" + {other} billed by the service" if other else "")
        services = ", ".join(sorted({j.provider for j in jobs}))
        what = (f"You checked {services} and {'these jobs are' if n != 1 else 'the job is'} "
                "not there." if resend else "")
        ok = await asking.confirm(
            self, "Send a new paid job" if n == 1 else "Send new paid jobs",
            f"{what} Sending {n} new paid job{'s' if n != 1 else ''} to {services} costs "
            f"money: about {price}.".strip(),
            "Send Again (New Paid Job)" if resend else "Generate Again (New Paid Job)",
            informative="If the service did receive the earlier one, you will pay twice.",
            icon=QMessageBox.Icon.Warning)
        if not ok:
            return []
        done = []
        for job in jobs:
            try:
                done.append(self.queue.generate_again(job.id))
            except (ValueError, KeyError) as exc:
                self.tell(str(exc))
                return done
            except Exception as exc:  # noqa: BLE001 - the budget cap says by how much
                self.tell(str(exc))
                return done
        self.tell(f"Sent {len(done)} new paid job{'s' if len(done) != 1 else ''}.")
        return done

    def forget_selected(self) -> list[Job]:
        done = [self.queue.forget(j.id) for j in self.selected_jobs()
                if j.state in (JobState.NEEDS_ATTENTION, JobState.FAILED)]
        if done:
            self.tell(" ".join(dict.fromkeys(j.last_error or "" for j in done)).strip())
        return done

    def move_selected(self, delta: int) -> None:
        chosen = [j.id for j in self.selected_jobs() if j.state == JobState.QUEUED]
        if not chosen:
            return
        order = [j.id for j in self.queue.store.pending()]
        new = moved(order, chosen, delta)
        if new == order:
            return
        try:
            self.queue.reorder(new)
        except ValueError as exc:  # one was sent meanwhile
            self.tell(user_text(exc))
            return
        self.model.tell_views()  # the rows move as the user asked, then are selected
        self.select_ids(chosen)

    def select_ids(self, job_ids: list[str]) -> None:
        sm = self.view.selectionModel()
        sm.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for jid in job_ids:
            row = self.model.row_of(jid)
            if row is not None:
                sm.select(self.proxy.mapFromSource(self.model.index(row, 0)), flags)

    def clear_finished(self) -> None:
        finished = [j.id for j in self.model.jobs() if j.state.finished]
        self.model.remove_ids(finished)
        if finished:
            self.tell(f"Cleared {len(finished)} finished job{'s' if len(finished) != 1 else ''}"
                      " from this list; their takes and the spending history are kept.")

    def play_selected(self) -> None:
        jobs = self.selected_jobs()
        if len(jobs) == 1 and jobs[0].state == JobState.DONE:
            self.play_requested.emit(jobs[0])

    def show_selected(self) -> None:
        jobs = self.selected_jobs()
        if len(jobs) == 1 and jobs[0].shot_id is not None:
            self.show_shot_requested.emit(jobs[0])

    # -- mouse -----------------------------------------------------------------------------
    def _double_clicked(self, index: QModelIndex) -> None:
        job = self.proxy.job_at(index.row())
        if job.state == JobState.DONE:
            self.play_requested.emit(job)
        elif job.shot_id is not None:
            self.show_shot_requested.emit(job)

    def _context_menu(self, pos: QPoint) -> None:
        menu = self.context_menu()
        menu.popup(self.view.viewport().mapToGlobal(pos))

    def context_menu(self) -> QMenu:
        self._update_actions()
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for a in (self.play_action, self.show_action, None, self.cancel_action,
                  self.retry_action, self.check_action, self.resend_action,
                  self.again_action, self.forget_action, None, self.up_action,
                  self.down_action, None, self.pause_action, self.cancel_pending_action,
                  self.clear_action):
            if a is None:
                menu.addSeparator()
            else:
                menu.addAction(a)
        return menu

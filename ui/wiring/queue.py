"""Wiring of the queue feature: one Queue for the running app, started on the asyncio loop and
stopped when the window closes; the Queue panel in its dock; the Generate menu; notices when
work finishes. Generation acts on the editor state's selection."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, QTimer

from app.services.editor_state import EditorState
from app.services.library_reads import take_by_id
from app.services.queue import Job, Queue
from ui.queue import asking
from ui.queue.generate import Generator
from ui.queue.model import SHOT, JobTableModel
from ui.queue.notifier import JobNotifier, TrayOrStatusSink
from ui.queue.panel import QueuePanel
from ui.queue.shot_labels import ShotLabels
from ui.queue.tasks import TaskKeeper

log = logging.getLogger(__name__)

# finished jobs shown when the app starts (older ones stay in the library's history)
RECENT_FINISHED = 300
# how long endings are gathered into one notice
NOTICE_GROUP_MS = 1500


class QueueFeature(QObject):
    def __init__(self, window, studio, editor: EditorState, queue: Queue | None = None,
                 sink=None) -> None:
        super().__init__(window)
        self.window = window  # the shell: its actions, menus, docks and status bar
        self.studio = studio
        self.editor = editor
        self.queue = queue or Queue(studio)
        self.labels = ShotLabels(studio)
        self.model = JobTableModel(self, shot_label=self.labels)
        self.tasks = TaskKeeper(self._failed)
        a = window.actions
        self.panel = QueuePanel(self.queue, self.model, pause_action=a.pause_queue,
                                cancel_pending_action=a.cancel_pending, tasks=self.tasks)
        window.docks["queue"].setWidget(self.panel)
        self.generator = Generator(self.queue, window)
        self._sink = sink or TrayOrStatusSink(window)
        # endings within a couple of seconds are told as one notice, not one tray message each;
        # the timer belongs to the window, so a notice due when it closes is dropped with it
        self.notifier = JobNotifier(self._sink, self.labels,
                                    defer=lambda flush: QTimer.singleShot(NOTICE_GROUP_MS, window,
                                                                            flush))
        self.start_task: asyncio.Task | None = None
        self.stop_task: asyncio.Task | None = None
        # Others using the queue's adapters (model listings, the platform balance): each
        # cancels its requests and gives back the tasks. They have unwound before the queue
        # closes the adapters: a request still connecting behind a closed client would keep
        # its socket open for good.
        self.before_stop: list[Callable[[], Iterable[asyncio.Task]]] = []
        self._doc = None

        self._build_menu()
        self._connect()
        self.model.load(self._initial_jobs())
        self.panel.refresh()
        if studio.document is not None:
            self._project_opened(studio.document)
        else:
            self._sync_actions()
        window.installEventFilter(self)
        self.start()

    # -- set-up ----------------------------------------------------------------------------
    def _initial_jobs(self) -> list[Job]:
        return self.queue.store.current_and_recent(RECENT_FINISHED)

    def _build_menu(self) -> None:
        a, w = self.window.actions, self.window
        menu = w.menuBar().addMenu("&Generate")
        w.menuBar().insertMenu(w.menus["view"].menuAction(), menu)  # before View
        for x in (a.generate_take, a.generate_takes, a.generate_missing):
            menu.addAction(x)
        menu.addSeparator()
        menu.addAction(a.pause_queue)
        menu.addAction(a.cancel_pending)
        w.menus["generate"] = menu
        self.menu = menu

    def _connect(self) -> None:
        a, q = self.window.actions, self.queue
        a.generate_take.triggered.connect(lambda: self.generate(1))
        a.generate_takes.triggered.connect(self.generate_several)
        a.generate_missing.triggered.connect(self.generate_missing)
        a.pause_queue.triggered.connect(lambda *_: self.panel.toggle_pause())
        a.cancel_pending.triggered.connect(lambda *_: self.panel.cancel_pending())
        q.jobs_added.connect(self._jobs_added)
        q.job_changed.connect(self._job_changed)
        q.batch_finished.connect(self.notifier.batch_finished)
        self.studio.project_opened.connect(self._project_opened)
        self.panel.play_requested.connect(self.play_take)
        self.panel.show_shot_requested.connect(self.show_shot)
        self.panel.message.connect(lambda text: self.window.statusBar().showMessage(text, 10000))

    def _jobs_added(self, jobs: list[Job]) -> None:
        self.model.jobs_added(jobs)
        for job in jobs:
            self.notifier.job_changed(job)

    def _job_changed(self, job: Job) -> None:
        self.model.job_changed(job)
        self.notifier.job_changed(job)

    # -- the open project ------------------------------------------------------------------
    def _project_opened(self, doc) -> None:
        if self._doc is not None:
            self._watch(self._doc, False)
        self._doc = doc
        self._watch(doc, True)
        self.panel.set_project(doc.project.id)
        self._labels_changed()
        self._sync_actions()

    def _watch(self, doc, on: bool) -> None:
        s = doc.shots
        for sig in (s.inserted, s.removed, s.reordered):
            (sig.connect if on else sig.disconnect)(self._labels_changed)
        (s.changed.connect if on else s.changed.disconnect)(self._shot_changed)

    def _shot_changed(self, index: int) -> None:
        """One shot changed (a take landed, its title, its prompt): no other shot's number or
        title moved, so only that shot's jobs say it again — not every row's Shot cell, which
        was a repaint of the whole column each time a generation finished."""
        doc = self._doc
        if doc is None or not 0 <= index < len(doc.shots):
            self._labels_changed()
            return
        rows = self.model.rows_for_shot(doc.shots[index].id)
        if rows:
            self.model.dataChanged.emit(self.model.index(min(rows), SHOT),
                                        self.model.index(max(rows), SHOT))

    def _labels_changed(self, *args) -> None:
        """Shot numbers or titles changed: the Shot column says them again."""
        self.labels.forget()
        rows = self.model.rowCount()
        if rows:
            self.model.dataChanged.emit(self.model.index(0, SHOT), self.model.index(rows - 1, SHOT))

    def _sync_actions(self) -> None:
        has_project = self.studio.document is not None
        a = self.window.actions
        for x in (a.generate_take, a.generate_takes, a.generate_missing):
            x.setEnabled(has_project)

    # -- running the queue -----------------------------------------------------------------
    def start(self) -> None:
        """Start the queue on the running asyncio loop. A window built before the loop runs
        (tests, tools) tries again once events flow; generating also starts it."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            QTimer.singleShot(0, self._start_if_running)
            return
        if self.start_task is None:
            self.start_task = loop.create_task(self.queue.start(), name="queue start")

    def _start_if_running(self) -> None:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return  # no asyncio here (yet): the first generation starts the queue
        self.start()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.shutdown()
        return False

    def shutdown(self) -> asyncio.Task | None:
        """The window is closing: stop the queue without touching any job, so whatever was
        running resumes next start (it was paid for)."""
        if self.stop_task is not None:
            return self.stop_task
        q = self.queue
        for sig, slot in ((q.jobs_added, self._jobs_added), (q.job_changed, self._job_changed),
                          (q.batch_finished, self.notifier.batch_finished),
                          (self.studio.project_opened, self._project_opened)):
            sig.disconnect(slot)
        if self._doc is not None:
            self._watch(self._doc, False)
            self._doc = None
        self.model.ticker.stop()
        self.panel.shutdown()
        if isinstance(self._sink, TrayOrStatusSink):
            self._sink.close()
        # a question left open, a cancel half-way: the jobs stay as written
        ended = self.tasks.cancel_all()
        for cancel in self.before_stop:
            ended += cancel()
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return None  # never started on a loop: nothing runs
        self.stop_task = loop.create_task(self._stop(ended), name="queue stop")
        return self.stop_task

    async def _stop(self, ended: list[asyncio.Task]) -> None:
        await asyncio.gather(*ended, return_exceptions=True)
        await self.queue.stop()

    def _failed(self, text: str) -> None:
        self.panel.tell(text)

    # -- generating ------------------------------------------------------------------------
    def _project_and_selection(self) -> tuple[str | None, list[str]]:
        doc = self.editor.document
        if doc is None:
            return None, []
        return doc.project.id, self.editor.selected_ids

    def generate(self, count: int = 1):
        project_id, shots = self._project_and_selection()
        if project_id is None:
            return None
        return self.tasks.spawn(self._generate(project_id, shots, count), "Generate")

    async def _generate(self, project_id: str, shots: list[str], count: int) -> list[Job]:
        await self.queue.start()
        jobs = await self.generator.takes(project_id, shots, count)
        self._queued(jobs)
        return jobs

    def generate_several(self):
        project_id, shots = self._project_and_selection()
        if project_id is None:
            return None

        async def go() -> list[Job]:
            if not shots:
                return await self.generator.takes(project_id, shots)  # says what to select
            count = await asking.ask_count(
                self.window, "Generate takes",
                "How many takes of the selected shot?" if len(shots) == 1 else
                f"How many takes of each of the {len(shots)} selected shots?", 3)
            if count is None:
                return []
            return await self._generate(project_id, shots, count)

        return self.tasks.spawn(go(), "Generate takes")

    def generate_missing(self):
        project_id, _ = self._project_and_selection()
        if project_id is None:
            return None

        async def go() -> list[Job]:
            await self.queue.start()
            jobs = await self.generator.missing(project_id)
            self._queued(jobs)
            return jobs

        return self.tasks.spawn(go(), "Generate missing takes")

    def _queued(self, jobs: list[Job]) -> None:
        if not jobs:
            return
        self.window.docks["queue"].show()
        self.panel.tell(f"Queued {len(jobs)} job{'s' if len(jobs) != 1 else ''}"
                        + (" (the queue is paused)." if self.queue.paused else "."))

    # -- from a job to its take and shot ---------------------------------------------------
    def play_take(self, job: Job) -> None:
        take = take_by_id(self.queue.db, job.take_id) if job.take_id else None
        path = (take.media_path if take is not None else None) or job.media_path
        if not path:
            self.panel.tell("This job has no video to play.")
            return
        self.show_shot(job)
        self.window.play_path(path)

    def show_shot(self, job: Job) -> None:
        if job.shot_id is None:
            return
        doc = self.studio.document
        if doc is None or doc.project.id != job.project_id:
            try:
                doc = self.window.open_project(job.project_id)
            except KeyError:
                self.panel.tell("The project of this job was deleted.")
                return
        if job.shot_id not in doc.shots.ids():
            self.panel.tell("The shot of this job was deleted; its takes stay in the library.")
            return
        self.editor.select([job.shot_id])

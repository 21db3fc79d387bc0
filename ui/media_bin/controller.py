"""The media bin's behaviour in the window: one MediaLibrary per open project, imports run as
asyncio tasks (the copying, hashing and probing happen off the GUI thread inside the library),
and file drops on the timeline become undoable storyboard edits once the files are in the
library. Messages name each file that could not land and why; dialogs open with `open()`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.services.commands.media import RemoveMediaItems
from app.services.media_drops import DropPlan, plan_drop_between, plan_drop_on_shot
from app.services.media_library import ImportResult, MediaLibrary, summarize
from ui.file_places import file_dialog
from ui.media_bin.panel import MediaBinPanel

log = logging.getLogger(__name__)

MEDIA_FILTER = ("Media (*.mp4 *.mov *.m4v *.webm *.mkv *.avi *.png *.jpg *.jpeg *.webp *.gif "
                "*.bmp *.tif *.tiff *.wav *.mp3 *.m4a *.aac *.flac *.ogg);;All files (*)")


class MediaBinController(QObject):
    busy_changed = Signal(bool)
    imported = Signal(list)  # [ImportResult] of a finished import or drop
    problem = Signal(str)  # what could not land, in words (also shown in a message box)

    def __init__(self, window, panel: MediaBinPanel, editor) -> None:
        super().__init__(panel)
        self.window = window  # the shell: studio, undo, status bar, dialog parent, player
        self.editor = editor
        self.panel = panel
        self.library: MediaLibrary | None = None
        self._tasks: set[asyncio.Task] = set()
        self._box: QMessageBox | None = None
        panel.import_requested.connect(self.choose_files)
        panel.files_dropped.connect(self.import_files)
        panel.play_requested.connect(self.play_item)
        panel.delete_requested.connect(self.remove_items)

    # -- binding --------------------------------------------------------------------------
    def set_document(self, doc) -> None:
        studio = self.window.studio
        self.library = MediaLibrary.for_studio(studio, doc.project.id) if doc else None
        self.panel.model.set_library(self.library)
        self.panel.show_status("")

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> asyncio.Task:
        task = asyncio.get_event_loop().create_task(coro)
        self._tasks.add(task)
        self.busy_changed.emit(True)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            exc = task.exception()
            log.error("media import failed", exc_info=exc)
            self._tell(f"Importing stopped: {exc}")
        self.busy_changed.emit(self.busy)

    # -- importing into the bin -------------------------------------------------------------
    def choose_files(self) -> QFileDialog | None:
        if self.library is None:
            self.window.statusBar().showMessage("Open a project first: media belongs to one", 5000)
            return None
        dialog = file_dialog(self.window, "Import media", "media")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilter(MEDIA_FILTER)
        dialog.filesSelected.connect(lambda files: self.import_files([Path(f) for f in files]))
        dialog.open()  # window-modal, no nested event loop
        return dialog

    def import_files(self, paths: Sequence[Path]) -> asyncio.Task | None:
        library = self.library
        if library is None or not paths:
            return None

        async def run() -> None:
            results = await self._import(library, paths)
            if library is not self.library:
                return  # another project was opened meanwhile; its bin shows its own items
            self._report(results, [r.error for r in results if r.error])
            new = [r.item.id for r in results if r.item is not None]
            self.select(new)

        return self._spawn(run())

    async def _import(self, library: MediaLibrary, paths: Sequence[Path]) -> list[ImportResult]:
        def progress(n: int, count: int, name: str) -> None:
            self.panel.show_status(f"Importing {n + 1} of {count}: {name}…")

        return await library.import_files(list(paths), progress)

    def _report(self, results: list[ImportResult], problems: list[str],
                outcome: str = "") -> None:
        text = summarize(results)
        if outcome:  # a drop on the storyboard: say what it did to the shots
            new = sum(1 for r in results if r.ok and not r.duplicate)
            text = outcome + (f" ({text.lower()} into the media bin)" if new else "")
        self.panel.show_status(text)
        self.window.statusBar().showMessage(text, 10000)
        self.imported.emit(results)
        if problems:
            self._tell("\n\n".join(problems))

    def _tell(self, text: str) -> None:
        self.problem.emit(text)
        box = self._box = QMessageBox(QMessageBox.Icon.Warning, "Media",
                                      "Some files could not be used:", parent=self.window)
        box.setInformativeText(text)
        box.open()

    def select(self, item_ids: list[str]) -> None:
        view, model = self.panel.view, self.panel.model
        rows = [r for r in (model.row_of(i) for i in item_ids) if r is not None]
        if rows:
            view.clearSelection()
            select = QItemSelectionModel.SelectionFlag.Select
            for r in rows:
                view.selectionModel().select(model.index(r), select)
            view.scrollTo(model.index(rows[0]))

    # -- drops on the storyboard ------------------------------------------------------------
    def files_dropped_on_timeline(self, paths: list, row: int, shot_id: str | None) -> None:
        library, doc = self.library, self.window.studio.document
        if library is None or doc is None or not paths:
            return

        async def run() -> None:
            results = await self._import(library, [Path(p) for p in paths])
            if self.window.studio.document is not doc:
                return  # the project changed while importing: the files are in its bin
            try:
                plan = (plan_drop_on_shot(doc, shot_id, results) if shot_id is not None
                        else plan_drop_between(doc, row, results))
            except KeyError:  # the shot was deleted while its files were being imported
                plan = plan_drop_between(doc, len(doc.shots), results)
            self._apply(plan)
            self._report(results, plan.messages, plan.outcome(doc))

        self._spawn(run())

    def _apply(self, plan: DropPlan) -> None:
        if plan.command is None:
            return
        self.window.undo.push(plan.command)
        if plan.shot_ids:
            self.editor.select(plan.shot_ids)

    # -- playing and removing -------------------------------------------------------------
    def play_item(self, item_id: str) -> None:
        item = self.library.get(item_id) if self.library else None
        if item is not None:
            self.window.play_path(item.path)

    def remove_items(self, item_ids: list[str]) -> QMessageBox | None:
        library = self.library
        if library is None or not item_ids:
            return None
        items = [i for i in (library.get(x) for x in item_ids) if i is not None]
        used = [(i, library.users(i)) for i in items]
        blocked = [f"{i.name} is used by {', '.join(u)}" for i, u in used if u]
        if blocked:
            box = self._box = QMessageBox(
                QMessageBox.Icon.Information, "Remove from the media bin",
                "Items that shots still use stay in the bin:", parent=self.window)
            box.setInformativeText("\n".join(blocked) + "\n\nRemove the take or reference "
                                   "first, then remove the item.")
            box.open()
            return box
        names = ", ".join(i.name for i in items[:3]) + (" …" if len(items) > 3 else "")
        box = self._box = QMessageBox(
            QMessageBox.Icon.Question, "Remove from the media bin",
            f"Remove {names} from the media bin?", QMessageBox.StandardButton.Yes
            | QMessageBox.StandardButton.Cancel, self.window)
        box.setInformativeText("The project keeps the file, so Edit → Undo brings it back.")
        box.setDefaultButton(QMessageBox.StandardButton.Yes)

        def answered(button: int) -> None:
            if button == QMessageBox.StandardButton.Yes and library is self.library:
                self.window.undo.push(RemoveMediaItems(library, [i.id for i in items]))

        box.finished.connect(answered)
        box.open()
        return box

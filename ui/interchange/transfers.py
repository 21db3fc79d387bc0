"""File → Export Timeline / Import Timeline / Export Project Bundle / Import Project Bundle.

Each asks for a file (a window-modal QFileDialog opened with `open()`, never a nested loop),
then runs the core's async export or import on qasync's loop while the window stays live, and
ends with a message saying what happened — or what was wrong and what to do. The `*_to(path)`
/ `*_from(path)` methods are the accept paths, callable directly (tests, drops)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.interchange.errors import InterchangeError
from ui.file_places import file_dialog, start_folder

TIMELINE_FILTERS = "OpenTimelineIO (*.otio);;CMX 3600 EDL (*.edl)"
BUNDLE_FILTER = "Reelroom project bundle (*.reelroom)"


def _safe_stem(name: str) -> str:
    return "".join(c if c.isalnum() or c in " -_" else "_" for c in name).strip() or "project"


class Transfers:
    def __init__(self, window, editor) -> None:
        self.window = window
        self.editor = editor
        self.task: asyncio.Task[Any] | None = None
        self.dialog: QFileDialog | None = None
        self.message: QMessageBox | None = None  # the last result shown, kept for tests
        self.actions: list = []  # disabled while a transfer runs

    # -- asking ---------------------------------------------------------------------------
    def _ask(self, title: str, filters: str, save: bool, default: str,
             then: Callable[[Path], Any]) -> QFileDialog:
        dialog = file_dialog(self.window, title, "project", filters, default)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save
                             else QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile if save
                           else QFileDialog.FileMode.ExistingFile)
        if save:
            dialog.setDefaultSuffix(Path(default).suffix.lstrip(".") or "otio")
        dialog.fileSelected.connect(lambda chosen: then(Path(chosen)))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _default(self, suffix: str) -> str:
        doc = self.window.studio.document
        name = _safe_stem(doc.project.name) if doc else "project"
        return str(Path(start_folder("project")) / f"{name}{suffix}")

    def _need_project(self) -> bool:
        if self.window.studio.document is None:
            self._show("No project is open", "Open or create a project first.", error=True)
            return False
        return True

    def ask_export_timeline(self) -> QFileDialog | None:
        if not self._need_project():
            return None
        return self._ask("Export Timeline", TIMELINE_FILTERS, True, self._default(".otio"),
                         self.export_timeline_to)

    def ask_import_timeline(self) -> QFileDialog:
        return self._ask("Import Timeline", "Timelines (*.otio *.edl);;" + TIMELINE_FILTERS,
                         False, start_folder("project"), self.import_timeline_from)

    def ask_export_bundle(self) -> QFileDialog | None:
        if not self._need_project():
            return None
        return self._ask("Export Project Bundle", BUNDLE_FILTER, True,
                         self._default(".reelroom"), self.export_bundle_to)

    def ask_import_bundle(self) -> QFileDialog:
        return self._ask("Import Project Bundle", BUNDLE_FILTER, False, start_folder("project"),
                         self.import_bundle_from)

    # -- doing ----------------------------------------------------------------------------
    def export_timeline_to(self, path: Path) -> asyncio.Task[Any] | None:
        from app.interchange.timelines import export_timeline

        if not self._need_project():
            return None
        doc = self.window.studio.document

        async def work() -> str:
            return (await export_timeline(doc, Path(path))).summary()

        return self._start("Exporting timeline", work)

    def import_timeline_from(self, path: Path) -> asyncio.Task[Any]:
        from app.interchange.import_command import ImportTimeline
        from app.interchange.timelines import prepare_timeline_import

        async def work() -> str:
            studio = self.window.studio
            if studio.document is None:  # nothing open: the timeline becomes a new project
                project = studio.create_project(Path(path).stem)
                self.window.open_project(project.id)
            doc = studio.document
            prepared = await prepare_timeline_import(studio.paths, doc.project, Path(path))
            if self.window.studio.document is not doc:
                raise InterchangeError("Another project was opened meanwhile; import again.")
            self.window.undo.push(ImportTimeline(doc, prepared))
            self.editor.select(doc.shots.ids()[-len(prepared.shots):])
            return prepared.summary() + " Undo (Ctrl+Z) removes them again."

        return self._start("Importing timeline", work)

    def export_bundle_to(self, path: Path) -> asyncio.Task[Any] | None:
        from app.interchange.bundle import export_bundle

        if not self._need_project():
            return None
        studio = self.window.studio
        project_id = studio.document.project.id

        async def work() -> str:
            return (await export_bundle(studio.db, project_id, Path(path))).summary()

        return self._start("Exporting project bundle", work)

    def import_bundle_from(self, path: Path) -> asyncio.Task[Any]:
        from app.interchange.bundle import import_bundle

        async def work() -> str:
            studio = self.window.studio
            report = await import_bundle(studio.db, studio.paths, Path(path))
            self.window.open_project(report.project.id)
            return report.summary("Imported") + "\nIt is open now."

        return self._start("Importing project bundle", work)

    # -- plumbing -------------------------------------------------------------------------
    def _start(self, what: str, work: Callable[[], Awaitable[str]]) -> asyncio.Task[Any]:
        self._busy(True)
        self.window.statusBar().showMessage(f"{what}…")
        self.task = asyncio.ensure_future(self._finish(what, work))
        return self.task

    async def _finish(self, what: str, work: Callable[[], Awaitable[str]]) -> None:
        try:
            text = await work()
        except (InterchangeError, ValueError) as exc:
            self._show(f"{what} failed", str(exc), error=True)
        except OSError as exc:
            self._show(f"{what} failed", f"{exc.filename or ''}: {exc.strerror or exc}",
                       error=True)
        else:
            self._show(f"{what}: done", text)
        finally:
            self._busy(False)

    def _busy(self, busy: bool) -> None:
        for action in self.actions:
            action.setEnabled(not busy)

    def _show(self, title: str, text: str, *, error: bool = False) -> None:
        self.window.statusBar().showMessage(text.splitlines()[0], 10_000)
        box = QMessageBox(QMessageBox.Icon.Warning if error else QMessageBox.Icon.Information,
                          title, text, QMessageBox.StandardButton.Ok, self.window)
        self.message = box
        box.open()

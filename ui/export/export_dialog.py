"""File → Export film…: size, file, destination and a summary of what will be in the film;
then progress with an ETA and Cancel, and when done “Show in folder” and “Play”.

The export runs as an asyncio task on the app's (qasync) loop — ffmpeg is an async
subprocess, so the dialog stays responsive without threads or nested loops.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.domain.service_errors import ProviderError
from app.media.errors import MediaError
from app.media.export_settings import PRESETS, size_for
from app.services.exporting import (
    EXPORT_SERVICES,
    ExportCancelled,
    ExportError,
    ExportProgress,
    FilmExport,
    collect,
    configured_services,
    export_film,
    export_to_platform,
    export_to_tellers,
    platform_export_credits,
    service_adapter,
)
from app.services.project_document import ProjectDocument
from app.services.tellers_projects import captured_projects
from app.validation_text import user_text
from ui.export.file_field import FileField
from ui.export.sound_options import SoundOptions
from ui.theme import colour, set_tone

LOCAL = "local"
_ERROR_STYLE = "error"  # tones (ui.theme), not colours
_NOTE_STYLE = "warning"  # worth knowing, not wrong
_PRESET_LABELS = {"480p": "480p", "720p": "720p (HD)", "1080p": "1080p (Full HD)", "4k": "4K"}


def running_time(seconds: float) -> str:
    m, s = divmod(max(0.0, seconds), 60)
    return f"{int(m)}:{s:04.1f}"


def default_output(name: str) -> Path:
    """`<project name>.mp4` in the user's Videos folder (home when there is none), never over
    an existing file."""
    videos = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.MoviesLocation)
    folder = Path(videos) if videos and Path(videos).is_dir() else Path.home()
    stem = "".join("_" if c in '/\\:*?"<>|' else c for c in name).strip() or "film"
    path = folder / f"{stem}.mp4"
    n = 2
    while path.exists():
        path = folder / f"{stem} ({n}).mp4"
        n += 1
    return path


class ExportDialog(QDialog):
    exported = Signal(object)  # FilmExport

    def __init__(self, studio, doc: ProjectDocument, *, play: Callable[[Path], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.studio, self.doc, self._play = studio, doc, play
        self.setWindowTitle(f"Export film — {doc.project.name}")
        self.task: asyncio.Task | None = None
        self.cancel_event: asyncio.Event | None = None
        self.result: FilmExport | None = None

        project = doc.project
        self.preset = QComboBox()
        for key in PRESETS:
            self.preset.addItem(_PRESET_LABELS.get(key, key), key)
        self.preset.setCurrentIndex(list(PRESETS).index("720p"))
        self.size_note = QLabel()
        size_row = QHBoxLayout()
        size_row.addWidget(self.preset)
        size_row.addWidget(self.size_note, 1)

        self.output = FileField("save", "Export the film as", "Video (*.mp4)")
        self.output.set_path(default_output(project.name))

        self.destination = QComboBox()
        self.destination.addItem("This computer", LOCAL)
        for name in configured_services(studio):
            self.destination.addItem(EXPORT_SERVICES[name], name)
        self.tellers_project = QLineEdit()
        self.tellers_project.setPlaceholderText("the Tellers project id, e.g. proj_123")
        self.tellers_label = QLabel("Tellers project")
        # the projects the agent built for this project's takes: offered, newest first
        self.captured = captured_projects(doc)
        if self.captured:
            self.tellers_project.setText(self.captured[0].project_id)
            self.tellers_project.setCompleter(QCompleter(
                [c.project_id for c in self.captured], self.tellers_project))

        self.fill = QCheckBox("Fill shots without a take with their animatic card")

        form = QFormLayout()
        form.addRow("Size", size_row)
        form.addRow("Save as", self.output)
        form.addRow("Destination", self.destination)
        form.addRow(self.tellers_label, self.tellers_project)
        form.addRow("", self.fill)
        self.sound = SoundOptions(doc, self)
        form.addRow(self.sound)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        box = QFrame()
        box.setFrameShape(QFrame.Shape.StyledPanel)
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(self.summary)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.status = QLabel(" ")
        self.status.setWordWrap(True)
        self.eta = QLabel("")

        self.show_folder_btn = QPushButton("Show in folder")
        self.play_btn = QPushButton("Play")
        self.export_btn = QPushButton("Export")
        self.export_btn.setDefault(True)
        self.close_btn = QPushButton("Close")
        for b in (self.show_folder_btn, self.play_btn):
            b.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_folder_btn)
        buttons.addWidget(self.play_btn)
        buttons.addStretch(1)
        buttons.addWidget(self.export_btn)
        buttons.addWidget(self.close_btn)

        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.eta)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{project.name}</b> · {project.aspect} · "
                                f"{project.fps:g} fps"))
        layout.addLayout(form)
        layout.addWidget(box)
        layout.addWidget(self.progress)
        layout.addLayout(status_row)
        layout.addLayout(buttons)
        self.resize(620, 0)

        self.preset.currentIndexChanged.connect(self.refresh)
        self.destination.currentIndexChanged.connect(self.refresh)
        self.tellers_project.textChanged.connect(self.refresh)
        self.fill.toggled.connect(self.refresh)
        self.export_btn.clicked.connect(self.start)
        self.close_btn.clicked.connect(self.reject)
        self.show_folder_btn.clicked.connect(self.show_in_folder)
        self.play_btn.clicked.connect(self.play)
        doc.takes_changed.connect(self.refresh)
        self.finished.connect(self._unbind)
        app = QApplication.instance()
        if app is not None:  # quitting mid-export: stop ffmpeg, leave no partial file
            app.aboutToQuit.connect(self.cancel)
        self.refresh()

    def _unbind(self, *_args) -> None:
        self.doc.takes_changed.disconnect(self.refresh)  # psygnal: no-op when not connected

    # -- what will be exported --------------------------------------------------------------
    @property
    def destination_key(self) -> str:
        return self.destination.currentData()

    def refresh(self, *_args) -> None:
        project = self.doc.project
        preset = self.preset.currentData()
        try:
            w, h = size_for(preset, project.aspect)
            self.size_note.setText(f"{w} × {h} ({project.aspect}, from the project)")
        except ValueError as exc:
            self.size_note.setText(user_text(exc))
        dest = self.destination_key
        tellers = dest == "tellers"
        self.tellers_label.setVisible(tellers)
        self.tellers_project.setVisible(tellers)
        self.fill.setEnabled(dest == LOCAL)
        self.sound.setEnabled(dest == LOCAL)
        summary = collect(self.doc)
        fill = self.fill.isChecked() and dest == LOCAL
        n = len(summary.shots)
        lines = [f"<b>{n} shot{'s' if n != 1 else ''}</b> · running time "
                 f"<b>{running_time(summary.running_time(fill))}</b>"]
        if not n:
            lines = ["<b>No shots yet.</b> Add shots to the timeline first."]
        if dest == "tellers":
            lines = ["Tellers renders the project its agent built (enter its id above); "
                     "this timeline is not sent."]
            chosen = next((c for c in self.captured
                           if c.project_id == self.tellers_project.text().strip()), None)
            if chosen is not None:
                lines.append(f"Project {chosen.project_id} was built for {chosen.label}.")
            elif self.captured:
                lines.append("Projects from this project's takes: "
                             + ", ".join(c.project_id for c in self.captured) + ".")
        else:
            if summary.missing:
                style = _NOTE_STYLE if fill else _ERROR_STYLE
                lines.append(f"<span style='color:{colour(style).name()}'>"
                             f"{summary.missing_message(fill)}</span>")
            if dest == "platform":
                linked = [c for c in summary.ready if c.take and c.take.provider == "platform"]
                lines.append(f"{len(linked)} of {n} shots have a platform take; the platform "
                             f"charges about {platform_export_credits(len(linked))} credits.")
        self.summary.setText("<br>".join(lines))
        self.export_btn.setEnabled(self.task is None)

    # -- running --------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.done()

    def start(self) -> asyncio.Task | None:
        if self.running:
            return self.task
        output = self.output.path()
        if output is None:
            self._fail("Choose where to save the film (Save as).")
            return None
        self.result = None
        self.cancel_event = asyncio.Event()
        self._busy(True)
        set_tone(self.status, "normal")
        self.status.setText("Starting…")
        self.task = asyncio.ensure_future(self._run(output))
        return self.task

    async def _run(self, output: Path) -> None:
        try:
            done = await self._export(output)
        except asyncio.CancelledError:
            raise  # the app is closing: there is no one to tell
        except ExportCancelled as exc:
            self.status.setText(f"Cancelled: {exc}")
            self.progress.setValue(0)
        except (ExportError, MediaError, ProviderError) as exc:
            message = exc.user_message() if isinstance(exc, ProviderError) else str(exc)
            self._fail(message)
        else:
            self.result = done
            self._finished(done)
        finally:
            self.task = None
            if isValid(self.close_btn):  # the window may be gone (the app is quitting)
                self._busy(False)

    async def _export(self, output: Path) -> FilmExport:
        preset, dest = self.preset.currentData(), self.destination_key
        common = {"preset": preset, "on_progress": self._on_progress,
                  "cancel": self.cancel_event}
        if dest == LOCAL:
            return await export_film(self.doc, output, fill_missing=self.fill.isChecked(),
                                     work_dir=self.studio.paths.cache, **common,
                                     **self.sound.options())
        adapter = service_adapter(self.studio, dest)
        try:
            if dest == "platform":
                return await export_to_platform(self.doc, adapter, output, **common)
            return await export_to_tellers(adapter, self.tellers_project.text(), output,
                                           **common)
        finally:
            await adapter.aclose()

    def _on_progress(self, p: ExportProgress) -> None:
        if p.fraction is None:
            self.progress.setRange(0, 0)  # busy indicator while the length is unknown
        else:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(p.fraction * 1000))
        self.status.setText(p.message)
        self.eta.setText(f"about {p.eta:.0f} s left" if p.eta else "")

    def _finished(self, done: FilmExport) -> None:
        self.progress.setRange(0, 1000)
        self.progress.setValue(1000)
        self.eta.setText("")
        what = f"Exported {done.path.name}"
        if done.duration:
            what += f" — {running_time(done.duration)}, {done.width} × {done.height}"
        if done.skipped:
            what += f". Left out: {', '.join(c.label for c in done.skipped)}"
        if done.sidecar is not None:
            what += f". Subtitles: {done.sidecar.name}"
        self.status.setText(what)
        self.show_folder_btn.setEnabled(True)
        self.play_btn.setEnabled(True)
        self.exported.emit(done)

    def _fail(self, message: str) -> None:
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.eta.setText("")
        set_tone(self.status, _ERROR_STYLE)
        self.status.setText(message)

    def _busy(self, busy: bool) -> None:
        for w in (self.preset, self.output, self.destination, self.tellers_project, self.fill,
                  self.sound, self.export_btn):
            w.setEnabled(not busy)
        if not busy:
            self.fill.setEnabled(self.destination_key == LOCAL)
            self.sound.setEnabled(self.destination_key == LOCAL)
        self.close_btn.setText("Cancel" if busy else "Close")
        if busy:
            self.show_folder_btn.setEnabled(False)
            self.play_btn.setEnabled(False)

    def cancel(self) -> None:
        if self.running and self.cancel_event is not None:
            self.status.setText("Cancelling…")
            self.cancel_event.set()

    # -- after ----------------------------------------------------------------------------
    def show_in_folder(self) -> None:
        if self.result is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result.path.parent)))

    def play(self) -> None:
        if self.result is not None:
            self._play(self.result.path)

    def reject(self) -> None:
        """Close — but while exporting, Cancel (the button, Esc, the window's ×) stops the
        export instead, and the dialog stays to say that nothing was left behind."""
        if self.running:
            self.cancel()
            return
        super().reject()

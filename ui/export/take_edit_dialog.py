"""Shot → Edit take…: a page per operation on the selected shot's take. Apply renders the edit
(progress, Cancel) as an asyncio task; the result becomes a new take through the `on_take`
callback, which pushes the undoable command. Frames and GIFs are written where the page says
and make no take."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.domain import Take
from app.media.errors import MediaCancelled, MediaError
from app.media.probe import probe
from app.media.progress import ProgressInfo
from app.services.take_edits import TakeEdit, TakeEditor
from app.validation_text import user_text
from ui.export.take_edit_pages import (
    AudioPage,
    CropPage,
    EditPage,
    FramesPage,
    GifPage,
    ResizePage,
    SpeedPage,
    SubtitlesPage,
    TextPage,
    TrimPage,
    WatermarkPage,
)
from ui.theme import set_tone

_ERROR_STYLE = "error"  # a tone (ui.theme), not a colour


class TakeEditDialog(QDialog):
    def __init__(
        self,
        take: Take,
        shot_label: str,
        editor: TakeEditor,
        *,
        on_take: Callable[[Take, TakeEdit], None],
        aspect: str = "16:9",
        marks: tuple[float | None, float | None] = (None, None),
        save_folder: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.take, self.editor, self.on_take = take, editor, on_take
        self.setWindowTitle(f"Edit take {take.number} — {shot_label}")
        self.task: asyncio.Task | None = None
        self.cancel_event: asyncio.Event | None = None
        self.written: list[Path] = []
        self.new_take: Take | None = None

        media = Path(take.media_path or "take.mp4")
        duration = take.duration or 0.0
        # frames and GIFs are the user's files: they go where the user keeps things, named
        # after the shot, never into the library's cache
        folder = save_folder or Path.home()
        safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in shot_label).strip()
        stem = f"{safe or 'shot'} take {take.number}"
        self.pages: list[EditPage] = [
            TrimPage(duration, marks), SpeedPage(), CropPage(), ResizePage(aspect),
            TextPage(duration), SubtitlesPage(), AudioPage(), WatermarkPage(),
            FramesPage(folder / f"{stem} frames"),
            GifPage(folder / f"{stem}.gif"),
        ]
        self.nav = QListWidget()
        self.stack = QStackedWidget()
        for page in self.pages:
            self.nav.addItem(page.title)
            self.stack.addWidget(page)
        self.nav.setFixedWidth(160)
        self.nav.setSpacing(2)
        self.nav.currentRowChanged.connect(self._page_changed)

        self.about = QLabel(f"Take {take.number} · {duration:.2f} s · the original is kept; "
                            "the result is a new take, selected.")
        self.about.setWordWrap(True)
        self.message = QLabel(" ")
        self.message.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.apply_btn = QPushButton("Make new take")
        self.apply_btn.setDefault(True)
        self.close_btn = QPushButton("Close")
        self.apply_btn.clicked.connect(self.apply)
        self.close_btn.clicked.connect(self.reject)

        body = QHBoxLayout()
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.apply_btn)
        buttons.addWidget(self.close_btn)
        layout = QVBoxLayout(self)
        layout.addWidget(self.about)
        layout.addLayout(body, 1)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        self.resize(640, 420)
        self.nav.setCurrentRow(0)
        self._probe_task = asyncio.ensure_future(self._learn_clip(media))

    async def _learn_clip(self, media: Path) -> None:
        """Size-dependent defaults (crop) once the take is probed, off the GUI thread."""
        with contextlib.suppress(MediaError, OSError):
            info = await probe(media)
            for page in self.pages:
                page.clip_known(info)

    # -- pages ----------------------------------------------------------------------------
    def page(self, title: str) -> EditPage:
        """The page called `title`, made current (what clicking it in the list does)."""
        row = next(i for i, p in enumerate(self.pages) if p.title == title)
        self.nav.setCurrentRow(row)
        return self.pages[row]

    @property
    def current(self) -> EditPage:
        return self.pages[self.stack.currentIndex()]

    def _page_changed(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        page = self.pages[row]
        self.apply_btn.setText("Make new take" if page.makes_take else "Save")
        self._say(" ")

    # -- running --------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.done()

    def apply(self) -> asyncio.Task | None:
        if self.running:
            return self.task
        page = self.current
        try:
            edit = page.edit()
            target = page.target()
        except ValueError as exc:
            self._say(user_text(exc), error=True)
            return None
        self.cancel_event = asyncio.Event()
        self._busy(True)
        self._say(f"{edit.label}…")
        self.task = asyncio.ensure_future(self._run(edit, target))
        return self.task

    async def _run(self, edit: TakeEdit, target: Path | None) -> None:
        try:
            if edit.makes_take:
                new = await self.editor.make_take(self.take, edit, on_progress=self._progress,
                                                  cancel=self.cancel_event)
            else:
                assert target is not None
                self.written = await self.editor.save_file(
                    self.take, edit, target, on_progress=self._progress,
                    cancel=self.cancel_event)
        except asyncio.CancelledError:
            raise  # the app is closing: there is no one to tell
        except MediaCancelled:
            self.progress.setValue(0)
            self._say("Cancelled; nothing was made.")
        except (ValueError, MediaError) as exc:
            self.progress.setValue(0)
            self._say(user_text(exc), error=True)
        else:
            self.progress.setValue(1000)
            if edit.makes_take:
                self.on_take(new, edit)
                self.new_take = new
                self.accept()
            else:
                where = target if len(self.written) != 1 else self.written[0]
                self._say(f"Saved {len(self.written)} file(s) to {where}")
        finally:
            self.task = None
            if isValid(self.close_btn):  # the window may be gone (the app is quitting)
                self._busy(False)

    def _progress(self, p: ProgressInfo) -> None:
        if p.fraction is not None:
            self.progress.setValue(int(p.fraction * 1000))

    def _busy(self, busy: bool) -> None:
        self.nav.setEnabled(not busy)
        self.stack.setEnabled(not busy)
        self.apply_btn.setEnabled(not busy)
        self.close_btn.setText("Cancel" if busy else "Close")

    def _say(self, text: str, *, error: bool = False) -> None:
        set_tone(self.message, _ERROR_STYLE if error else "normal")
        self.message.setText(text)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def reject(self) -> None:
        """While an edit renders, Cancel stops it (the dialog stays); otherwise close."""
        if self.running and self.cancel_event is not None:
            self.cancel_event.set()
            return
        if self._probe_task is not None and not self._probe_task.done():
            self._probe_task.cancel()
        super().reject()

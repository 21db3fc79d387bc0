"""Wiring of the shot inputs: the inspector's input slots (ui/inspector/input_slots.py) import
what is dropped or chosen into the project's media bin, then set it on the shot with one
undoable edit; a file of the wrong kind is refused by name on the slot and in the status bar.
The media bin offers its items of the slot's kind, and supplies each slot's poster frame."""

from __future__ import annotations

import asyncio
import logging

from PySide6.QtWidgets import QFileDialog

from app.domain.shot_inputs import remote_reference, slot
from app.services.shot_inputs import InputRefused, input_from_file, set_input
from ui.file_places import file_dialog
from ui.inspector.input_slots import Held

log = logging.getLogger(__name__)

_FILTERS = {
    "image": "Images (*.png *.jpg *.jpeg *.webp);;All files (*)",
    "video": "Videos (*.mp4 *.mov *.m4v *.webm *.mkv);;All files (*)",
    "audio": "Audio (*.wav *.mp3 *.m4a *.aac *.flac *.ogg);;All files (*)",
}


class ShotInputsFeature:
    def __init__(self, window, inspector, media_controller) -> None:
        self.window = window
        self.inspector = inspector
        self.media = media_controller
        self.slots = inspector.inputs
        self._tasks: set[asyncio.Task] = set()
        self._dialog: QFileDialog | None = None
        self.slots.set_sources(describe=self._describe, bin_items=self._bin_items)
        self.slots.file_chosen.connect(self.set_from_file)
        self.slots.clear_requested.connect(self.clear)
        self.slots.file_dialog_requested.connect(self.choose_file)
        self.slots.reference_requested.connect(self.ask_reference)

    # -- what the slots show ----------------------------------------------------------------
    def _describe(self, value: str) -> Held:
        if remote_reference(value):
            return Held(value, "fetched by the service")
        library = self.media.library
        item = library.owned(value) if library is not None else None
        if item is None:
            from pathlib import Path

            return Held(Path(value).name, "" if Path(value).exists() else "file missing")
        return Held(item.name, item.details(), item.thumbnail_path)

    def _bin_items(self, kind: str) -> list[tuple[str, str]]:
        library = self.media.library
        if library is None:
            return []
        return [(i.name, i.path) for i in library.items() if i.kind == kind]

    # -- edits ------------------------------------------------------------------------------
    def set_from_file(self, role: str, path: str) -> asyncio.Task | None:
        doc, shot_id = self.inspector.doc, self.inspector.shot_id
        library = self.media.library
        if doc is None or shot_id is None or library is None:
            return None
        task = asyncio.get_event_loop().create_task(
            self._set(doc, library, shot_id, role, path))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _set(self, doc, library, shot_id: str, role: str, path: str) -> None:
        label = slot(role).label.lower()
        self._tell(f"Adding the {label}…")
        try:
            change = await input_from_file(doc, library, shot_id, role, path)
        except InputRefused as exc:
            self.slots.show_problem(role, str(exc))
            self._tell(f"Not set: {exc}")
            return
        if self.inspector.doc is not doc:
            return  # the project was closed meanwhile; the file stays in its bin
        self.window.undo.push(change.command)
        self._tell(f"{change.command.text} ({change.path.rsplit('/', 1)[-1]})")

    def clear(self, role: str) -> None:
        doc, shot_id = self.inspector.doc, self.inspector.shot_id
        if doc is None or shot_id is None or role not in doc.shots.get(shot_id).inputs:
            return
        command = set_input(doc, shot_id, role, None)
        self.window.undo.push(command)
        self._tell(command.text)

    def choose_file(self, role: str) -> QFileDialog:
        kind = slot(role).kind
        dialog = file_dialog(self.window, f"Choose the {slot(role).label.lower()}", kind,
                             _FILTERS[kind])
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(lambda chosen: chosen and self.set_from_file(role, chosen))
        self._dialog = dialog
        dialog.open()
        return dialog

    def ask_reference(self, role: str):
        """A URL or an OpenAI file id for an image slot (the service fetches it itself)."""
        from ui.queue import asking

        async def go() -> None:
            text = await asking.ask_text(
                self.window, f"The {slot(role).label.lower()} by URL or file id",
                "An https:// URL of the image, or an OpenAI file id (file-…):")
            text = (text or "").strip()
            if not text:
                return
            if not remote_reference(text):
                self.slots.show_problem(role, f"{text!r} is neither an https:// URL nor a "
                                              "file id (file-…)")
                return
            self.set_from_file(role, text)

        task = asyncio.get_event_loop().create_task(go())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def _tell(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)

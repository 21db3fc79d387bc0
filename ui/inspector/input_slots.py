"""The inspector's input slots: one well per input the chosen model takes (first frame, last
frame, driving video, audio clip — app.services.shot_inputs says which), each showing what it
holds and taking a file dropped from the file manager or the media bin, or chosen with
"Choose…" (a file, or an item already in the media bin). The slots only ask: the shot inputs
feature (ui/wiring/shot_inputs.py) imports the file and pushes the undoable edit."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.shot_inputs import remote_reference
from ui.theme import set_tone

THUMB = QSize(64, 40)
_KIND_SUFFIXES = {
    "image": {".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".tif", ".tiff"},
    "video": {".mp4", ".mov", ".m4v", ".webm", ".mkv", ".avi"},
    "audio": {".wav", ".mp3", ".m4a", ".aac", ".flac", ".ogg"},
}


@dataclass(frozen=True)
class SlotSpec:
    role: str
    label: str
    kind: str  # image | video | audio


@dataclass(frozen=True)
class Held:
    """What a slot shows for its value: a name, a line of details, a poster frame."""

    name: str
    details: str = ""
    thumbnail: str | None = None


Describe = Callable[[str], Held]
BinItems = Callable[[str], Sequence[tuple[str, str]]]  # kind → [(name, library path)]


def _describe(path: str) -> Held:
    return Held(path if remote_reference(path) else Path(path).name)


def _local_files(event) -> list[str]:
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]


class InputSlot(QFrame):
    """One well. Emits `chosen(path)` for a dropped or picked file, `cleared()`."""

    chosen = Signal(str)
    cleared = Signal()
    choose_file = Signal()  # "Choose ▸ From a File…": the feature opens the dialog
    choose_reference = Signal()  # "Choose ▸ A URL or OpenAI File Id…"

    def __init__(self, spec: SlotSpec, parent=None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.value: str | None = None
        self.bin_items: BinItems = lambda kind: []
        self.setObjectName("inputSlot")
        self.setAcceptDrops(True)
        self.setAccessibleName(spec.label)
        self.thumb = QLabel()
        self.thumb.setFixedSize(THUMB)
        self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel(f"<b>{spec.label}</b>")
        self.name = QLabel()
        self.name.setWordWrap(True)
        self.name.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.choose = QPushButton("Choose…")
        self.choose.setToolTip(f"Pick the {spec.label.lower()}: a file, or an item in the "
                               "media bin")
        self.choose.clicked.connect(self._open_menu)
        self.clear = QPushButton("Clear")
        self.clear.setToolTip(f"Empty the {spec.label.lower()} (undoable)")
        self.clear.clicked.connect(self.cleared.emit)
        text = QVBoxLayout()
        text.setSpacing(1)
        text.addWidget(self.title)
        text.addWidget(self.name)
        buttons = QVBoxLayout()
        buttons.setSpacing(2)
        buttons.addWidget(self.choose)
        buttons.addWidget(self.clear)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 4)
        row.addWidget(self.thumb)
        row.addLayout(text, 1)
        row.addLayout(buttons)
        self.show_value(None, None)

    def show_value(self, value: str | None, held: Held | None) -> None:
        self.value = value
        self.setProperty("filled", bool(value))
        self.clear.setEnabled(bool(value))
        if value and held is not None:
            self.name.setText(held.name + (f"\n{held.details}" if held.details else ""))
            set_tone(self.name, "normal")
            pix = QPixmap(held.thumbnail) if held.thumbnail else QPixmap()
            if pix.isNull():
                self.thumb.setPixmap(QPixmap())
                self.thumb.setText({"audio": "♪", "video": "▶"}.get(self.spec.kind, "▧"))
            else:
                self.thumb.setPixmap(pix.scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio,
                                                Qt.TransformationMode.SmoothTransformation))
        else:
            self.thumb.setPixmap(QPixmap())
            self.thumb.setText("")
            self.name.setText(f"Drop {_article(self.spec.kind)} here")
            set_tone(self.name, "muted")
        self._repolish()

    def show_problem(self, text: str) -> None:
        self.name.setText(text)
        set_tone(self.name, "error")

    # -- choosing -------------------------------------------------------------------------
    def _open_menu(self) -> None:
        self.menu().popup(self.choose.mapToGlobal(self.choose.rect().bottomLeft()))

    def menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addAction("From a File…", self.choose_file.emit)
        if self.spec.kind == "image":
            # OpenAI takes its reference image as a URL or a file id as well as a file
            menu.addAction("A URL or OpenAI File Id…", self.choose_reference.emit)
        items = list(self.bin_items(self.spec.kind))
        sub = menu.addMenu("From the Media Bin")
        sub.setEnabled(bool(items))
        for name, path in items:
            sub.addAction(name, lambda p=path: self.chosen.emit(p))
        return menu

    # -- dropping -------------------------------------------------------------------------
    def _usable(self, event) -> list[str]:
        files = _local_files(event)
        wanted = _KIND_SUFFIXES[self.spec.kind]
        return [f for f in files if Path(f).suffix.lower() in wanted] or files[:1]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt API)
        if self._usable(event):
            event.acceptProposedAction()
            self._dropping(True)
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802 (Qt API)
        if self._usable(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event) -> None:  # noqa: N802 (Qt API)
        self._dropping(False)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt API)
        self._dropping(False)
        files = self._usable(event)
        if not files:
            event.ignore()
            return
        event.acceptProposedAction()
        # a slot holds one file: the first usable one (the feature says if it is the wrong kind)
        self.chosen.emit(files[0])

    def _dropping(self, on: bool) -> None:
        self.setProperty("dropping", on)
        self._repolish()

    def _repolish(self) -> None:
        self.style().unpolish(self)
        self.style().polish(self)


class InputSlots(QWidget):
    """The slots for the chosen model, with a line saying what it takes (or that it takes
    only the prompt). Signals carry the slot's role."""

    file_chosen = Signal(str, str)  # role, path
    clear_requested = Signal(str)  # role
    file_dialog_requested = Signal(str)  # role
    reference_requested = Signal(str)  # role: ask for a URL or file id

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.describe: Describe = _describe
        self.bin_items: BinItems = lambda kind: []
        self.slots: dict[str, InputSlot] = {}
        self.note = QLabel()
        self.note.setWordWrap(True)
        set_tone(self.note, "muted")
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(4)
        self._column.addWidget(self.note)
        self._specs: tuple[SlotSpec, ...] = ()

    def set_sources(self, *, describe: Describe | None = None,
                    bin_items: BinItems | None = None) -> None:
        if describe is not None:
            self.describe = describe
        if bin_items is not None:
            self.bin_items = bin_items
            for slot in self.slots.values():
                slot.bin_items = bin_items

    def show_slots(self, specs: Sequence[SlotSpec], values: dict[str, str],
                   note: str = "") -> None:
        specs = tuple(specs)
        if specs != self._specs:
            for slot in self.slots.values():
                self._column.removeWidget(slot)
                slot.deleteLater()
            self.slots = {}
            for spec in specs:
                slot = InputSlot(spec, self)
                slot.bin_items = self.bin_items
                slot.chosen.connect(lambda path, r=spec.role: self.file_chosen.emit(r, path))
                slot.cleared.connect(lambda r=spec.role: self.clear_requested.emit(r))
                slot.choose_file.connect(lambda r=spec.role: self.file_dialog_requested.emit(r))
                slot.choose_reference.connect(
                    lambda r=spec.role: self.reference_requested.emit(r))
                self._column.addWidget(slot)
                self.slots[spec.role] = slot
            self._specs = specs
        for role, slot in self.slots.items():
            value = values.get(role)
            if value != slot.value:
                slot.show_value(value, self.describe(value) if value else None)
        self.note.setText(note)
        self.note.setVisible(bool(note))

    def show_problem(self, role: str, text: str) -> None:
        if role in self.slots:
            self.slots[role].show_problem(text)


def _article(kind: str) -> str:
    return {"image": "an image", "audio": "an audio file"}.get(kind, f"a {kind}")


def input_slots_for(shot, info) -> tuple[list[SlotSpec], dict[str, str], str]:
    """(slots, values, note) the inspector shows for `shot` with the chosen model `info`."""
    from app.services.shot_inputs import slot_label, slots_for, unused_inputs

    specs = [SlotSpec(s.role, slot_label(s.role, info), s.kind) for s in slots_for(info)]
    unused = unused_inputs(shot, info)
    note = ""
    if unused:
        from app.domain.shot_inputs import slot

        names = ", ".join(slot(r).label.lower() for r in unused)
        note = f"Kept but not sent to this model: the {names}."
    return specs, dict(shot.inputs), note

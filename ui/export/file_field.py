"""A path field with a “Choose…” button. The chooser opens window-modal with open() and
reports through a signal, so no nested event loop ever runs inside the app's asyncio loop."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QWidget

from ui.file_places import file_dialog, kind_of

Mode = str  # "open" (an existing file) | "save" (a file to write) | "folder"


class FileField(QWidget):
    changed = Signal(str)

    def __init__(self, mode: Mode, caption: str, name_filter: str = "",
                 placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode, self.caption, self.name_filter = mode, caption, name_filter
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(placeholder)
        self.edit.textChanged.connect(self.changed)
        self.button = QPushButton("Choose…", self)
        self.button.clicked.connect(self.choose)
        self.chooser: QFileDialog | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)

    def path(self) -> Path | None:
        text = self.edit.text().strip()
        return Path(text).expanduser() if text else None

    def set_path(self, path: Path | str) -> None:
        self.edit.setText(str(path))

    def choose(self) -> QFileDialog:
        current = self.path()
        start = str(current) if current else ""
        chooser = file_dialog(self, self.caption, kind_of(self.name_filter or "image"),
                              self.name_filter, start)
        if self.mode == "save":
            chooser.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            chooser.setFileMode(QFileDialog.FileMode.AnyFile)
        elif self.mode == "folder":
            chooser.setFileMode(QFileDialog.FileMode.Directory)
        else:
            chooser.setFileMode(QFileDialog.FileMode.ExistingFile)
        chooser.fileSelected.connect(self.set_path)
        self.chooser = chooser
        chooser.open()
        return chooser

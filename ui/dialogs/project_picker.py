"""First-start and File → Open: create a project or open an existing one."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from app.services.studio import Studio
from app.validation_text import user_text
from ui.theme import set_tone


class ProjectPicker(QDialog):
    def __init__(self, studio: Studio, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reelroom — Projects")
        self.studio = studio
        self.chosen_id: str | None = None

        self.name = QLineEdit()
        self.name.setPlaceholderText("New project name, e.g. “Spring campaign”")
        self.create_btn = QPushButton("Create")
        self.create_btn.setDefault(True)
        self.create_btn.clicked.connect(self._create)
        self.name.returnPressed.connect(self._create)
        self.error = QLabel("")
        set_tone(self.error, "error")
        row = QHBoxLayout()
        row.addWidget(self.name, 1)
        row.addWidget(self.create_btn)

        self.list = QListWidget()
        for p in studio.list_projects():
            when = datetime.fromtimestamp(p.updated).strftime("%Y-%m-%d %H:%M")
            item = QListWidgetItem(f"{p.name}    —  edited {when}")
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            self.list.addItem(item)
        self.list.itemActivated.connect(lambda item: self._open(item))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(lambda: self._open(self.list.currentItem()))
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Start a new project</b>"))
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(QLabel("<b>…or open one</b>" if self.list.count()
                                else "No projects yet."))
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(460, 380)

    def _create(self) -> None:
        try:
            project = self.studio.create_project(self.name.text())
        except ValueError as exc:
            self.error.setText(f"{user_text(exc)}: type a name above, then press Create.")
            return
        self.chosen_id = project.id
        self.accept()

    def _open(self, item: QListWidgetItem | None) -> None:
        if item is None:
            self.error.setText("Pick a project in the list, or create a new one.")
            return
        self.chosen_id = item.data(Qt.ItemDataRole.UserRole)
        self.accept()

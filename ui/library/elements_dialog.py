"""Shot → Elements…: the project's characters, props and locations. Each has a one-word name
(used as @Name in prompts), a kind, a description and a reference image the library keeps its
own copy of. Add, edit and delete are undoable."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QSize, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain import Element, ElementKind
from app.services import element_library
from app.services.commands import AddElement, DeleteElement, UpdateElement
from app.services.studio import Studio
from app.validation_text import user_text
from ui.file_places import file_dialog
from ui.library.element_model import ElementListModel, load_thumbnail
from ui.library.tasks import Tasks
from ui.library.templates_dialog import ERROR_STYLE, OK_STYLE
from ui.theme import set_tone
from ui.undo import UndoController

PREVIEW = QSize(200, 150)
IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.webp *.gif *.bmp)"


class ElementsDialog(QDialog):
    def __init__(self, studio: Studio, undo: UndoController, parent=None) -> None:
        super().__init__(parent)
        assert undo.doc is not None
        self.studio, self.undo, self.doc = studio, undo, undo.doc
        self.setWindowTitle(f"Elements — {self.doc.project.name}")
        self.tasks = Tasks()
        self.editing: Element | None = None
        self.image_path: str | None = None

        self.model = ElementListModel(self)
        self.model.set_document(self.doc)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setIconSize(QSize(64, 48))
        self.list.setSpacing(2)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.new_btn = QPushButton("New element")
        self.new_btn.clicked.connect(self.new_element)
        self.empty = QLabel("No elements yet. Describe a character, prop or location once and "
                            "use it in any prompt as @Name.")
        self.empty.setWordWrap(True)
        self.empty.setObjectName("emptyState")
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.list, 1)
        lv.addWidget(self.empty)
        lv.addWidget(self.new_btn)

        self.name = QLineEdit()
        self.name.setPlaceholderText("One word, e.g. Mara or RedCar")
        self.kind = QComboBox()
        for k in ElementKind:
            self.kind.addItem(k.value.capitalize(), k.value)
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText(
            "What @Name expands to in a prompt, e.g. “a tall sailor in a yellow raincoat, "
            "grey beard”")
        self.image = QLabel("No reference image")
        self.image.setFixedSize(PREVIEW)
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setStyleSheet("border: 1px solid palette(mid); color: palette(placeholder-text)")
        self.choose_btn = QPushButton("Choose image…")
        self.choose_btn.clicked.connect(self.choose_image)
        self.clear_img_btn = QPushButton("Remove image")
        self.clear_img_btn.clicked.connect(lambda: self._set_image(None))
        img_buttons = QVBoxLayout()
        img_buttons.addWidget(self.choose_btn)
        img_buttons.addWidget(self.clear_img_btn)
        img_buttons.addStretch(1)
        img_row = QHBoxLayout()
        img_row.addWidget(self.image)
        img_row.addLayout(img_buttons)
        img_row.addStretch(1)

        self.save_btn = QPushButton("Add element")
        self.save_btn.setDefault(True)
        self.save_btn.clicked.connect(self.save)
        self.delete_btn = QPushButton("Delete")
        self.delete_btn.clicked.connect(self.delete)
        actions = QHBoxLayout()
        actions.addWidget(self.save_btn)
        actions.addWidget(self.delete_btn)
        actions.addStretch(1)

        form_box = QWidget()
        form = QFormLayout(form_box)
        form.addRow("Name", self.name)
        form.addRow("Kind", self.kind)
        form.addRow("Description", self.description)
        form.addRow("Reference", img_row)
        form.addRow(actions)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(form_box)
        split.setSizes([240, 480])
        split.setChildrenCollapsible(False)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.resize(760, 460)
        self.doc.elements_changed.connect(self._list_changed)
        self._list_changed()
        if self.model.rowCount():
            self.select(self.model.element(0).id)
        else:
            self.new_element()

    # -- list -----------------------------------------------------------------------------
    def _list_changed(self) -> None:
        has = self.model.rowCount() > 0
        self.list.setVisible(has)
        self.empty.setVisible(not has)

    def select(self, element_id: str) -> None:
        row = self.model.row_of(element_id)
        if row >= 0:
            self.list.selectionModel().setCurrentIndex(
                self.model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _current_changed(self, current, _previous) -> None:
        e = self.model.element(current.row()) if current.isValid() else None
        if e is not None:
            self._load(e)

    def _load(self, e: Element | None) -> None:
        if e is None or self.editing is None or e.id != self.editing.id:
            self.say("")  # a message about another element no longer applies
        self.editing = e
        self.name.setText(e.name if e else "")
        self.kind.setCurrentIndex(self.kind.findData((e.kind if e else ElementKind.CHARACTER)
                                                     .value))
        self.description.setPlainText(e.description if e else "")
        self._set_image(e.reference_image if e else None)
        self.save_btn.setText("Save changes" if e else "Add element")
        self.delete_btn.setEnabled(e is not None)

    def new_element(self) -> None:
        self.list.selectionModel().clearSelection()
        self.list.setCurrentIndex(self.model.index(-1))
        self._load(None)
        self.name.setFocus()

    # -- image ----------------------------------------------------------------------------
    def choose_image(self) -> QFileDialog:
        chooser = file_dialog(self, "Choose a reference image", "image", IMAGE_FILTER)
        chooser.setFileMode(QFileDialog.FileMode.ExistingFile)
        chooser.fileSelected.connect(self.use_image_file)
        chooser.open()  # window-modal without a nested event loop
        self.chooser = chooser
        return chooser

    def use_image_file(self, path: str) -> asyncio.Task:
        """Copy the chosen file into the project's library (hashing and copying run in an
        executor), then show it."""
        data, project_id = self.studio.paths.data, self.doc.project.id

        async def copy() -> Path:
            loop = asyncio.get_event_loop()
            return await loop.run_in_executor(
                None, element_library.import_reference_image, data, project_id, Path(path))

        self.say("Copying the image into the project…")
        return self.tasks.start(copy(), lambda p: (self._set_image(str(p)), self.say("")),
                                lambda text: self.say(text, error=True))

    def _set_image(self, path: str | None) -> None:
        self.image_path = path
        self.clear_img_btn.setEnabled(path is not None)
        self.image.setPixmap(QPixmap())
        self.image.setText("Loading…" if path else "No reference image")
        if not path:
            return

        async def thumb():
            loop = asyncio.get_event_loop()
            return await loop.run_in_executor(None, load_thumbnail, path, PREVIEW)

        def show(image) -> None:
            if self.image_path != path:
                return  # another image was chosen meanwhile
            if image.isNull():
                self.image.setText("Image missing or unreadable")
            else:
                self.image.setPixmap(QPixmap.fromImage(image))

        self.tasks.start(thumb(), show, lambda text: self.image.setText(text))

    # -- edits ----------------------------------------------------------------------------
    def say(self, text: str, error: bool = False) -> None:
        set_tone(self.status, ERROR_STYLE if error else OK_STYLE)
        self.status.setText(text)

    def save(self) -> Element | None:
        try:
            element = element_library.build_element(
                self.doc, name=self.name.text(), kind=self.kind.currentData(),
                description=self.description.toPlainText(), reference_image=self.image_path,
                element_id=self.editing.id if self.editing else None)
            if self.editing is None:
                self.undo.push(AddElement(element))
                verb = "Added"
            elif element != self.editing:
                self.undo.push(UpdateElement(self.editing, element))
                verb = "Saved"
            else:
                self.say("Nothing changed.")
                return self.editing
        except ValueError as exc:
            self.say(f"{user_text(exc)}.", error=True)
            return None
        self.select(element.id)
        self._load(element)
        self.say(f"{verb} @{element.name}. Use it in a prompt as @{element.name}.")
        return element

    def delete(self) -> None:
        if self.editing is None:
            return
        gone = self.editing
        self.undo.push(DeleteElement(gone))
        self.say(f"Deleted @{gone.name} (Edit → Undo brings it back).")
        if self.model.rowCount():
            self.select(self.model.element(0).id)
        else:
            self.new_element()

    def done(self, result: int) -> None:
        self.tasks.cancel_all()
        self.doc.elements_changed.disconnect(self._list_changed)
        self.model.set_document(None)
        super().done(result)

"""Shot inspector: the selected shot's fields in tabs ("Shot" here; other features add theirs
through `tabs`). Every change is an undoable command; typing in a field merges into one undo
step per field.

The Shot tab is where a prompt is written: the editor colours and completes placeholders and
@elements, a form fills the placeholders, and a preview shows exactly what the chosen model
will receive (composed by app.services.queue.planning, the same code the queue sends with)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain import CameraMove, Shot, ShotType, Transition
from app.services.commands import UpdateShot
from app.services.model_catalog import ModelCatalog
from app.services.project_document import ProjectDocument
from app.services.prompting import placeholder_names
from app.services.queue.planning import SHOT_PROVIDED_PARAMS, compose_for_shot, target_for_shot
from ui.choice_delegate import choice_label
from ui.inspector.input_slots import InputSlots, input_slots_for
from ui.inspector.model_picker import ModelPicker
from ui.inspector.param_fields import fit_params
from ui.inspector.param_form import ParamForm
from ui.inspector.placeholder_form import PlaceholderForm
from ui.inspector.prompt_editor import PromptEditor
from ui.inspector.prompt_preview import PromptPreview
from ui.undo import UndoController


def _section(title: str) -> QLabel:
    label = QLabel(title)
    label.setStyleSheet("font-weight: 600; margin-top: 6px;")
    return label


class ShotInspector(QWidget):
    def __init__(self, undo: UndoController, parent=None) -> None:
        super().__init__(parent)
        self.undo = undo
        self.doc: ProjectDocument | None = None
        self.shot_id: str | None = None
        self._loading = False
        self._template_names: Callable[[], Sequence[str]] = list

        self.title = QLineEdit()
        self.title.setPlaceholderText("Shot title")
        self.picker = ModelPicker()
        self.prompt = PromptEditor()
        self.prompt.set_sources(placeholders=self._placeholder_choices)
        self.placeholders = PlaceholderForm()
        self.preview = PromptPreview()
        self.negative = QPlainTextEdit()
        self.negative.setPlaceholderText("What to avoid (optional)")
        self.negative.setMaximumHeight(60)
        self.duration = QDoubleSpinBox()
        self.duration.setRange(0.1, 600)
        self.duration.setDecimals(1)
        self.duration.setSuffix(" s")
        self.shot_type = self._combo(ShotType)
        self.camera_move = self._combo(CameraMove)
        self.transition = self._combo(Transition)
        self.params = ParamForm()
        self.inputs = InputSlots()  # first/last frame, driving video, audio: what the model takes
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("Notes for yourself or the team")
        self.notes.setMaximumHeight(60)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._shot_tab(), "Shot")

        self.empty = QLabel("Select a shot in the timeline to edit its prompt, duration, "
                            "camera and takes.")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName("emptyState")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.tabs)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.stack)

        self.title.textEdited.connect(lambda t: self._edit(title=t))
        self.prompt.textChanged.connect(lambda: self._edit(prompt=self.prompt.toPlainText()))
        self.negative.textChanged.connect(
            lambda: self._edit(negative_prompt=self.negative.toPlainText()))
        self.notes.textChanged.connect(lambda: self._edit(notes=self.notes.toPlainText()))
        self.duration.valueChanged.connect(lambda v: self._edit(duration=round(v, 3)))
        self.shot_type.currentIndexChanged.connect(
            lambda: self._edit(shot_type=self.shot_type.currentData()))
        self.camera_move.currentIndexChanged.connect(
            lambda: self._edit(camera_move=self.camera_move.currentData()))
        self.transition.currentIndexChanged.connect(
            lambda: self._edit(transition=self.transition.currentData()))
        self.placeholders.value_edited.connect(self._placeholder_edited)
        self.params.params_edited.connect(lambda p: self._edit(params=p))
        self.picker.choice_made.connect(self._model_chosen)
        self.picker.models_loaded.connect(lambda provider: self._refresh_model_parts())

    def _shot_tab(self) -> QWidget:
        top = QFormLayout()
        top.addRow("Title", self.title)

        framing = QFormLayout()
        framing.addRow("Negative", self.negative)
        framing.addRow("Duration", self.duration)
        framing.addRow("Shot type", self.shot_type)
        framing.addRow("Camera", self.camera_move)
        framing.addRow("Transition", self.transition)

        settings = QGroupBox("Model settings")
        box = QVBoxLayout(settings)
        box.setContentsMargins(8, 6, 8, 8)
        box.addWidget(self.inputs)
        box.addWidget(self.params)

        page = QWidget()
        col = QVBoxLayout(page)
        col.setContentsMargins(6, 6, 6, 6)
        col.setSpacing(6)
        col.addLayout(top)
        col.addWidget(self.picker)
        col.addWidget(_section("Prompt"))
        col.addWidget(self.prompt)
        col.addWidget(self.placeholders)
        col.addWidget(self.preview)
        col.addLayout(framing)
        col.addWidget(settings)
        col.addWidget(_section("Notes"))
        col.addWidget(self.notes)
        col.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        return scroll

    @staticmethod
    def _combo(enum) -> QComboBox:
        box = QComboBox()
        for member in enum:
            box.addItem(choice_label(member.value), member)
        return box

    # -- services --------------------------------------------------------------------------
    def set_services(self, *, catalog: ModelCatalog | None = None,
                     history: Callable[[str], Sequence[str]] | None = None,
                     template_placeholders: Callable[[], Sequence[str]] | None = None) -> None:
        """Connect the model catalog, prompt history (for completion) and the names used by
        templates (for `{` completion). Called by ui/wiring/storyboard.py."""
        if template_placeholders is not None:
            self._template_names = template_placeholders
        if history is not None:
            self.prompt.set_sources(history=history)
        if catalog is not None:
            self.picker.set_catalog(catalog)
        self._refresh_model_parts()

    def _placeholder_choices(self) -> list[str]:
        names = placeholder_names(self.prompt.toPlainText())
        shot = self._shot()
        if shot is not None:
            names += list(shot.template_values)
        names += list(self._template_names())
        return list(dict.fromkeys(names))

    # -- showing a shot ----------------------------------------------------------------------
    def set_document(self, doc: ProjectDocument | None) -> None:
        if self.doc is not None:
            self.doc.shots.changed.disconnect(self._shot_changed)
            self.doc.elements_changed.disconnect(self._elements_changed)
        self.doc = doc
        if doc is not None:
            doc.shots.changed.connect(self._shot_changed)
            doc.elements_changed.connect(self._elements_changed)
        self.show_shot(None)

    def show_shot(self, shot_id: str | None) -> None:
        self.shot_id = shot_id
        if self.doc is None or shot_id is None:
            self.stack.setCurrentWidget(self.empty)
            return
        self.stack.setCurrentWidget(self.tabs)
        self._load(self.doc.shots.get(shot_id))

    def _shot(self) -> Shot | None:
        if self.doc is None or self.shot_id is None:
            return None
        try:
            return self.doc.shots.get(self.shot_id)
        except KeyError:
            return None

    def _shot_changed(self, row: int) -> None:
        shot = self.doc.shots[row]
        if shot.id == self.shot_id:
            self._load(shot)

    def _elements_changed(self) -> None:
        shot = self._shot()
        if shot is not None:
            self._load(shot)

    def _load(self, shot: Shot) -> None:
        """Show the shot's values without turning them into new edits; keep the cursor where
        the user is typing when the change came from their own keystroke."""
        self._loading = True
        try:
            if self.title.text() != shot.title:
                self.title.setText(shot.title)
            for box, value in ((self.prompt, shot.prompt), (self.negative, shot.negative_prompt),
                               (self.notes, shot.notes)):
                if box.toPlainText() != value:
                    box.setPlainText(value)
            if abs(self.duration.value() - shot.duration) > 1e-6:
                self.duration.setValue(shot.duration)
            for box, value in ((self.shot_type, shot.shot_type),
                               (self.camera_move, shot.camera_move),
                               (self.transition, shot.transition)):
                box.setCurrentIndex(max(0, box.findData(value)))
            self.prompt.set_context([e.name for e in self.doc.elements], shot.template_values)
            self.placeholders.show_placeholders(placeholder_names(shot.prompt),
                                                shot.template_values)
            target = target_for_shot(shot)  # the animatic's unnamed model is its card
            if (self.picker.provider, self.picker.model) != target:
                self.picker.show_choice(*target)
        finally:
            self._loading = False
        self._refresh_model_parts(shot)

    def _refresh_model_parts(self, shot: Shot | None = None) -> None:
        """The preview and the parameter form depend on the chosen model's description,
        which may arrive after the shot is shown."""
        shot = shot or self._shot()
        if shot is None or self.doc is None:
            return
        provider, _ = target_for_shot(shot)
        info = self.picker.model_info()
        composed = compose_for_shot(shot, self.doc.elements, provider, info)
        label = info.name if info is not None else (
            self.picker.provider_box.currentText() or provider)
        self.preview.show_result(composed, label)
        waiting = ("Loading the model's settings…" if self.picker.catalog is not None
                   and self.picker.catalog.cached(provider) is None
                   else "Choose a model to see its settings.")
        self.params.set_model(provider, info,
                              SHOT_PROVIDED_PARAMS.get(provider, frozenset()), waiting)
        self.params.set_values(shot.params)
        self.inputs.show_slots(*input_slots_for(shot, info))

    # -- edits -----------------------------------------------------------------------------
    def _placeholder_edited(self, name: str, value: str) -> None:
        shot = self._shot()
        if shot is not None:
            self._edit(template_values={**shot.template_values, name: value})

    def _model_chosen(self, provider: str, model: str) -> None:
        shot = self._shot()
        if shot is None:
            return
        info = self.picker.catalog.model(provider, model) if self.picker.catalog else None
        params: dict[str, Any]
        if info is not None:
            params = fit_params(info.params, shot.params)
        else:  # not described yet: keep values only within the same provider
            params = dict(shot.params) if provider == shot.provider else {}
        self._edit(provider=provider, model=model, params=params)

    def _edit(self, **changes) -> None:
        if self._loading or self.doc is None or self.shot_id is None:
            return
        shot = self.doc.shots.get(self.shot_id)
        if all(getattr(shot, k) == v for k, v in changes.items()):
            return
        self.undo.push(UpdateShot(self.doc, self.shot_id, **changes))

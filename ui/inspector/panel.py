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
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
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
from app.services.queue.planning import (
    ANIMATIC,
    SHOT_PROVIDED_PARAMS,
    compose_for_shot,
    target_for_shot,
)
from app.services.shot_length import LengthParam, fit_length, length_param
from ui.choice_delegate import choice_label
from ui.inspector.duration_box import DurationBox
from ui.inspector.form_label import form_label
from ui.inspector.input_slots import InputSlots, input_slots_for
from ui.inspector.model_picker import ModelPicker
from ui.inspector.param_fields import fit_params
from ui.inspector.param_form import ParamForm
from ui.inspector.placeholder_form import PlaceholderForm
from ui.inspector.prompt_editor import PromptEditor
from ui.inspector.prompt_preview import PromptPreview
from ui.inspector.section import Section
from ui.theme import set_tone
from ui.undo import UndoController


def _short(text: str, limit: int = 40) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[:limit - 1] + "…"


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
        self.duration = DurationBox()
        self.duration.setMinimumWidth(90)
        # what the last snap of the Duration changed, and the Duration it left: said while
        # the shot still has that Duration
        self._length_note: tuple[str, float] = ("", 0.0)
        self.length_hint = QLabel("")
        self.length_hint.setWordWrap(True)
        set_tone(self.length_hint, "muted")
        self.length_hint.setFixedHeight(
            int(QFontMetricsF(self.length_hint.font()).lineSpacing() * 2 + 2))
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
        self.duration.valueChanged.connect(self._duration_edited)
        self.shot_type.currentIndexChanged.connect(
            lambda: self._edit(shot_type=self.shot_type.currentData()))
        self.camera_move.currentIndexChanged.connect(
            lambda: self._edit(camera_move=self.camera_move.currentData()))
        self.transition.currentIndexChanged.connect(
            lambda: self._edit(transition=self.transition.currentData()))
        self.placeholders.value_edited.connect(self._placeholder_edited)
        self.params.params_edited.connect(self._params_edited)
        self.picker.choice_made.connect(self._model_chosen)
        self.picker.models_loaded.connect(lambda provider: self._refresh_model_parts())

    def _shot_tab(self) -> QWidget:
        """Title, then folding sections in the order a shot is made: the model (with its
        settings right under its pickers, and the one duration), the prompt, the framing and
        notes. Every part has a fixed height or changes only when the user changes the model,
        so nothing moves under the pointer while typing (see fixed_strip)."""
        top = QFormLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addRow(form_label("Title"), self.title)

        model = Section("model", "Model")
        model.content.addWidget(self.picker)
        length = QFormLayout()
        length.setContentsMargins(0, 0, 0, 0)
        length.addRow(form_label("Duration"), self._duration_row())
        model.content.addLayout(length)
        model.set_summary(self._model_summary)

        settings = Section("settings", "Model settings", expanded=False)
        settings.content.addWidget(self.params)
        settings.set_summary(self.params.summary)

        inputs = Section("inputs", "Inputs")
        inputs.content.addWidget(self.inputs)
        self.no_inputs = QLabel("")
        self.no_inputs.setWordWrap(True)
        set_tone(self.no_inputs, "muted")
        inputs.content.addWidget(self.no_inputs)
        inputs.set_summary(self._inputs_summary)

        prompt = Section("prompt", "Prompt")
        prompt.content.addWidget(self.prompt)
        prompt.content.addWidget(self.placeholders)
        prompt.content.addWidget(self.preview)
        prompt.set_summary(lambda: _short(self.prompt.toPlainText()))

        framing = Section("framing", "Framing")
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(form_label("Negative"), self.negative)
        form.addRow(form_label("Shot type"), self.shot_type)
        form.addRow(form_label("Camera"), self.camera_move)
        form.addRow(form_label("Transition"), self.transition)
        framing.content.addLayout(form)
        framing.set_summary(self._framing_summary)

        notes = Section("notes", "Notes", expanded=False)
        notes.content.addWidget(self.notes)
        notes.set_summary(lambda: _short(self.notes.toPlainText()))

        page = QWidget()
        self.column = col = QVBoxLayout(page)
        col.setContentsMargins(6, 6, 6, 6)
        col.setSpacing(4)
        col.addLayout(top)
        col.addStretch(1)
        self.sections: dict[str, Section] = {}
        for section in (model, settings, prompt, inputs, framing, notes):
            self.add_section(section)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(page)
        return self.scroll

    def add_section(self, section: Section, *, after: str | None = None) -> None:
        """Add a folding section to the Shot tab: at the end, or right after the section
        named `after` ("model", "settings", "prompt", "inputs", "framing", "notes"). Other features (a shot's
        inputs) add theirs here."""
        if after is None:
            index = self.column.count() - 1  # before the stretch
        else:
            index = self.column.indexOf(self.sections[after]) + 1
        self.column.insertWidget(index, section)
        self.sections[section.key] = section

    def remember_folds(self, folded: Sequence[str] | None,
                       remember: Callable[[list[str]], None]) -> None:
        """Fold the sections the user had folded (None: keep the defaults), and report each
        fold or unfold to `remember` (the settings keep them across restarts)."""
        if folded is not None:
            for key, section in self.sections.items():
                section.set_expanded(key not in folded)
        for section in self.sections.values():
            section.toggled.connect(lambda _on: remember(
                [k for k, s in self.sections.items() if not s.is_expanded()]))

    def _duration_row(self) -> QWidget:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.duration)
        line.addWidget(self.length_hint, 1)
        return row

    def _model_summary(self) -> str:
        return " · ".join(p for p in (self.picker.model_box.currentText(),
                                      self.duration.text()) if p)

    def _inputs_summary(self) -> str:
        held = sum(1 for slot in self.inputs.slots.values() if slot.value)
        return f"{held} of {len(self.inputs.slots)} filled" if self.inputs.slots else ""

    def _framing_summary(self) -> str:
        parts = [box.currentText() for box in (self.shot_type, self.camera_move, self.transition)
                 if box.currentIndex() > 0]
        return " · ".join(parts)

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
        if shot_id != self.shot_id:
            self._length_note = ("", 0.0)
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
        length = self._length_param(provider)
        hidden = SHOT_PROVIDED_PARAMS.get(provider, frozenset())
        if length is not None:
            hidden = hidden | {length.name}  # the Duration is its one control
        self.params.set_model(provider, info, hidden, waiting)
        self.params.set_values(shot.params)
        self.inputs.show_slots(*input_slots_for(shot, info))
        # the section stays (a header that comes and goes would move what is below it)
        self.no_inputs.setText("" if self.inputs.slots else
                               f"{label} takes no image, video or audio input.")
        self.no_inputs.setVisible(not self.inputs.slots)
        self._show_length(shot, length, label)
        for section in self.sections.values():
            section.refresh_header()

    def _length_param(self, provider: str) -> LengthParam | None:
        info = self.picker.model_info()
        return length_param(info.params) if info is not None else None

    def _model_label(self) -> str:
        info = self.picker.model_info()
        return info.name if info is not None else (self.picker.model_box.currentText()
                                                   or "This model")

    def _show_length(self, shot: Shot, length: LengthParam | None, label: str) -> None:
        """Say what the Duration is sent as, or what the last snap changed."""
        self.duration.set_stops([length.to_seconds(v, shot.params) for v in length.allowed]
                                if length is not None else ())
        note, noted = self._length_note
        if note and abs(noted - shot.duration) < 1e-6:
            text, tone = note, "warning"
        elif length is not None:
            fitted = fit_length(length, shot.duration, shot.params, label)
            text, tone = f"Sent as {fitted.sent_as}.", "muted"
        elif self.picker.model_info() is not None:
            text, tone = f"{label} has no length setting: it picks its own.", "muted"
        else:
            text, tone = "", "muted"
        self.length_hint.setText(text)
        self.length_hint.setToolTip(text)
        set_tone(self.length_hint, tone)

    def _fitted(self, shot: Shot, provider: str, seconds: float, params: dict[str, Any],
                info=None) -> tuple[float, dict[str, Any], str]:
        """(Duration, params, note) with the model's length parameter set from `seconds`."""
        length = length_param(info.params) if info is not None else self._length_param(provider)
        if length is None or provider == ANIMATIC:  # the card reads the shot's Duration itself
            return round(seconds, 3), params, ""
        label = info.name if info is not None else self._model_label()
        fitted = fit_length(length, seconds, params, label)
        return fitted.seconds, {**params, length.name: fitted.value}, fitted.note

    # -- edits -----------------------------------------------------------------------------
    def _duration_edited(self, value: float) -> None:
        shot = self._shot()
        if self._loading or shot is None:
            return
        provider, _ = target_for_shot(shot)
        seconds, params, note = self._fitted(shot, provider, value, dict(shot.params))
        self._length_note = (note, seconds)
        self._edit(duration=seconds, params=params)
        self._load(self._shot() or shot)  # a snapped value shows what the shot now is

    def _params_edited(self, params: dict[str, Any]) -> None:
        """A setting changed; a length in frames follows a new frame rate, so the Duration
        stays what it is."""
        shot = self._shot()
        if shot is None:
            return
        provider, _ = target_for_shot(shot)
        seconds, params, note = self._fitted(shot, provider, shot.duration, params)
        self._length_note = (note, seconds)
        self._edit(duration=seconds, params=params)

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
        duration = shot.duration
        if info is not None:
            duration, params, note = self._fitted(shot, provider, shot.duration, params, info)
            self._length_note = (note, duration)
        self._edit(provider=provider, model=model, params=params, duration=duration)

    def _edit(self, **changes) -> None:
        if self._loading or self.doc is None or self.shot_id is None:
            return
        shot = self.doc.shots.get(self.shot_id)
        if all(getattr(shot, k) == v for k, v in changes.items()):
            return
        self.undo.push(UpdateShot(self.doc, self.shot_id, **changes))

"""Shot → Edit on the Platform…: choose one of the platform's edit tools, set its parameters,
see what it costs, and run it. A video result arrives as a new take of the shot; images and
GIFs are saved in the project's folder and the dialog says where."""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain import Take
from app.domain.service_errors import ProviderError
from app.services.project_document import ProjectDocument
from app.services.remote_edits import EDIT_TOOLS, EditOutcome, EditTool, RemoteEdits
from ui.interchange.param_form import ParamForm
from ui.theme import set_tone

_RESULT = {"video": "Result: a new take of this shot (this take is kept as it is).",
           "images": "Result: image files saved in the project's folder, to use as references.",
           "file": "Result: a GIF saved in the project's folder."}
ERROR_STYLE = "error"  # a tone (ui.theme), not a colour
_MADE_WITH = {"platform": "the studio platform", "imported": "an imported file",
              "animatic": "the offline animatic"}


class PlatformEditDialog(QDialog):
    edit_done = Signal(object)  # EditOutcome

    def __init__(self, edits: RemoteEdits, doc: ProjectDocument, shot_id: str,
                 parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit on the Platform")
        self.setMinimumWidth(520)
        self.edits, self.doc = edits, doc
        shot = doc.shots.get(shot_id)
        self.take: Take | None = doc.take(shot.selected_take_id) if shot.selected_take_id \
            else None
        self.following = self._following_takes(shot_id)
        self._task: asyncio.Task[Any] | None = None
        self.outcome: EditOutcome | None = None

        label = shot.title or f"shot {doc.shots.index_of(shot_id) + 1}"
        if self.take is not None:
            made = _MADE_WITH.get(self.take.provider, self.take.provider or "an unknown source")
            head = f"<b>Take {self.take.number}</b> of “{label}” — made with {made}"
        else:
            head = f"“{label}” has no take yet: only the image tools can run."
        self.heading = QLabel(head)
        self.heading.setWordWrap(True)

        self.tool_box = QComboBox()
        self.pages = QStackedWidget()
        self.forms: dict[str, ParamForm] = {}
        for t in EDIT_TOOLS.values():
            text = t.label + (f"  ({t.needs})" if t.needs else "")
            self.tool_box.addItem(text, t.key)
            self.pages.addWidget(self._page(t))
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: palette(placeholder-text)")

        self.cost = QLabel()
        font = self.cost.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.cost.setFont(font)
        self.basis = QLabel()
        self.basis.setStyleSheet("color: palette(placeholder-text)")
        self.error = QLabel()
        self.error.setWordWrap(True)
        set_tone(self.error, ERROR_STYLE)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # the platform reports no progress for edits
        self.progress.hide()
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.run_btn = QPushButton("Run")
        self.run_btn.setDefault(True)
        self.run_btn.clicked.connect(self.run)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.run_btn)

        form = QFormLayout()
        form.addRow("Tool", self.tool_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.note)
        box = QGroupBox("Parameters")
        inner = QVBoxLayout(box)
        inner.addWidget(self.pages)
        layout.addWidget(box)
        layout.addSpacing(6)
        layout.addWidget(self.cost)
        layout.addWidget(self.basis)
        layout.addWidget(self.error)
        layout.addWidget(self.progress)
        layout.addWidget(self.result)
        layout.addStretch(1)
        layout.addLayout(buttons)

        self.tool_box.currentIndexChanged.connect(self._tool_changed)
        self._tool_changed()

    # -- building -------------------------------------------------------------------------
    def _following_takes(self, shot_id: str) -> list[Take]:
        """Selected takes of the shots right after this one, up to the first without one:
        what "merge with the next shots" joins."""
        takes: list[Take] = []
        for shot in list(self.doc.shots)[self.doc.shots.index_of(shot_id) + 1:]:
            take = self.doc.take(shot.selected_take_id) if shot.selected_take_id else None
            if take is None or len(takes) >= 19:
                break
            takes.append(take)
        return takes

    def _page(self, t: EditTool) -> QWidget:
        if t.key == "merge":
            page = QWidget()
            lay = QFormLayout(page)
            lay.setContentsMargins(0, 0, 0, 0)
            self.merge_count = QSpinBox()
            self.merge_count.setRange(1 if self.following else 0, len(self.following))
            self.merge_count.setValue(len(self.following))
            self.merge_count.setSuffix(" shot(s)")
            self.merge_count.valueChanged.connect(self._refresh)
            lay.addRow("Join with the next", self.merge_count)
            return page
        f = ParamForm(t.params)
        f.changed.connect(self._refresh)
        self.forms[t.key] = f
        return f

    # -- state ----------------------------------------------------------------------------
    @property
    def tool(self) -> EditTool:
        return EDIT_TOOLS[self.tool_box.currentData()]

    def params(self) -> dict[str, Any]:
        form = self.forms.get(self.tool.key)
        return form.values() if form else {}

    def others(self) -> list[Take]:
        return self.following[: self.merge_count.value()] if self.tool.key == "merge" else []

    def select_tool(self, key: str) -> None:
        self.tool_box.setCurrentIndex(self.tool_box.findData(key))

    def _tool_changed(self) -> None:
        self.pages.setCurrentIndex(self.tool_box.currentIndex())
        t = self.tool
        text = _RESULT[t.gives]
        if t.needs:
            text += f" Needs the platform's {t.needs}."
        if t.key == "merge":
            text += f" {len(self.following)} shot(s) after this one have a take to join."
        self.note.setText(text)
        self.result.clear()
        self._refresh()

    def _refresh(self) -> None:
        """Price what is in the form; say what is wrong instead when it cannot be sent."""
        t = self.tool
        problem = None
        if t.input != "none" and self.take is None:
            problem = f"{t.label} works on a take; this shot has none yet."
        elif t.key == "merge" and not self.following:
            problem = "Merge joins this take with the next shots' takes; the next shot has none."
        quote = None
        if problem is None:
            try:
                quote = self.edits.quote(t.key, self.params(), self.take, self.others())
            except ProviderError as exc:
                problem = exc.message
        busy = self._task is not None and not self._task.done()
        if quote is not None and quote.amount is not None:
            credits = f"{quote.amount:g} credit{'s' if quote.amount != 1 else ''}"
            self.cost.setText(f"Costs {credits}")
            self.basis.setText(quote.basis)
            self.run_btn.setText(f"Run on the platform — {credits}")
        else:
            self.cost.setText("Cannot run yet")
            self.basis.clear()
            self.run_btn.setText("Run on the platform")
        self.error.setText(problem or "")
        self.run_btn.setEnabled(problem is None and not busy)

    # -- running --------------------------------------------------------------------------
    def run(self) -> asyncio.Task[Any] | None:
        """The run button is the confirmation: it shows the price it will spend."""
        if not self.run_btn.isEnabled():
            return None
        self._task = asyncio.ensure_future(self._run(self.tool.key, self.params(),
                                                     self.others()))
        return self._task

    async def _run(self, key: str, params: dict[str, Any], others: list[Take]) -> None:
        self._set_busy(True)
        self.result.setText("Sending to the platform…")
        failure = None
        try:
            outcome = await self.edits.run(self.doc, key, params, self.take, others)
        except ProviderError as exc:
            failure = exc.user_message()
        except Exception as exc:  # noqa: BLE001 - shown, not swallowed: the user must know
            failure = f"The edit failed: {exc}"
        else:
            self.outcome = outcome
            self.result.setText(outcome.summary())
            self.edit_done.emit(outcome)
        self._set_busy(False)
        if failure:
            self.result.clear()
            self.error.setText(failure)

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.tool_box.setEnabled(not busy)
        self.pages.setEnabled(not busy)
        if busy:
            self.error.clear()
            self.run_btn.setEnabled(False)
        else:
            self._task = None
            self._refresh()

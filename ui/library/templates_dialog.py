"""Shot → Templates…: find a template, see what it holds, apply it to the selected shots (one
undo step), keep your own (save the shot's prompt, rename, delete) and sync with the studio
platform."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain import Template
from app.services import template_library
from app.services.prompt_tools import PromptTools, connection_problem
from app.services.studio import Studio
from app.validation_text import user_text
from ui.library.tasks import Tasks
from ui.library.template_model import TemplateListModel
from ui.theme import colour, set_tone
from ui.undo import UndoController

ERROR_STYLE = "error"  # tones (ui.theme.set_tone), not colours
OK_STYLE = "normal"


def preview_html(t: Template) -> str:
    tint, muted = colour("template-placeholder").name(), colour("muted").name()

    def marked(text: str) -> str:
        return re.sub(r"\{(\w+)\}", rf'<span style="color:{tint}"><b>{{\1}}</b></span>',
                      html.escape(text))

    parts = [f"<h3 style='margin:0'>{html.escape(t.name)}</h3>",
             f"<p style='color:{muted};margin-top:2px'>"
             f"{'Built-in (read-only)' if t.builtin else 'Your template'}"
             f"{' — ' + html.escape(t.description) if t.description else ''}</p>",
             f"<p><b>Prompt</b><br>{marked(t.body)}</p>"]
    if t.negative_prompt:
        parts.append(f"<p><b>Negative prompt</b><br>{html.escape(t.negative_prompt)}</p>")
    rows = "".join(
        f"<tr><td style='padding-right:12px'><code>{{{html.escape(p)}}}</code></td>"
        f"<td>{html.escape(str(t.defaults[p])) if p in t.defaults else '<i>fill per shot</i>'}"
        f"</td></tr>" for p in t.placeholders())
    if rows:
        parts.append(f"<p><b>Placeholders</b> (default values)</p><table>{rows}</table>")
    return "".join(parts)


class TemplatesDialog(QDialog):
    def __init__(self, studio: Studio, undo: UndoController,
                 selected: Callable[[], list[str]], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Templates")
        self.studio, self.undo, self.selected = studio, undo, selected
        self.tasks = Tasks()
        # asked once per opening: a keyring lookup on every selection change could be slow
        self.platform_problem = connection_problem(studio)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search templates (name, words in the prompt, placeholders)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refresh)
        self.model = TemplateListModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setUniformItemSizes(True)
        self.list.selectionModel().currentChanged.connect(self._show_current)
        self.list.doubleClicked.connect(lambda _ix: self.apply_to_selection())
        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.search)
        lv.addWidget(self.list, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.preview)
        split.setSizes([300, 440])
        split.setChildrenCollapsible(False)

        self.apply_btn = QPushButton("Apply to selected shots")
        self.apply_btn.setDefault(True)
        self.apply_btn.clicked.connect(self.apply_to_selection)
        self.save_btn = QPushButton("Save shot's prompt as template…")
        self.save_btn.clicked.connect(self.ask_save_from_shot)
        self.rename_btn = QPushButton("Rename…")
        self.rename_btn.clicked.connect(self.ask_rename)
        self.delete_btn = QPushButton("Delete")
        self.delete_btn.clicked.connect(self.ask_delete)
        self.sync_btn = QPushButton("Sync with platform")
        self.sync_btn.clicked.connect(self.sync)
        self.push_btn = QPushButton("Send to platform")
        self.push_btn.clicked.connect(self.push_current)
        row1 = QHBoxLayout()
        for b in (self.apply_btn, self.save_btn):
            row1.addWidget(b)
        row1.addStretch(1)
        for b in (self.rename_btn, self.delete_btn):
            row1.addWidget(b)
        row2 = QHBoxLayout()
        row2.addWidget(self.sync_btn)
        row2.addWidget(self.push_btn)
        row2.addStretch(1)

        self.status = QLabel("")
        self.status.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        row2.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(row1)
        layout.addWidget(self.status)
        layout.addLayout(row2)
        self.resize(820, 540)
        self.refresh()
        self.say("Double-click a template to apply it to the selected shots. Built-ins are "
                 "read-only; save a shot's prompt to make your own.")

    # -- list and preview -----------------------------------------------------------------
    def refresh(self, *_args, keep: str | None = None) -> None:
        current = keep or (self.current().id if self.current() else None)
        self.model.set_templates(template_library.search(self.studio.templates(),
                                                         self.search.text()))
        row = self.model.row_of(current) if current else -1
        if row < 0 and self.model.rowCount():
            row = 0
        if row >= 0:
            self.list.selectionModel().setCurrentIndex(
                self.model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self._show_current()

    def current(self) -> Template | None:
        ix = self.list.currentIndex()
        return self.model.template(ix.row()) if ix.isValid() else None

    def select(self, template_id: str) -> None:
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.refresh(keep=template_id)

    def _show_current(self, *_args) -> None:
        t = self.current()
        self.preview.setHtml(preview_html(t) if t else
                             f"<p style='color:{colour('muted').name()}'>No template matches the search.</p>")
        self._update_buttons()

    def _update_buttons(self) -> None:
        t = self.current()
        n = len(self.selected()) if self.undo.doc is not None else 0
        self.apply_btn.setText(f"Apply to {n} selected shot{'s' if n != 1 else ''}")
        self.apply_btn.setEnabled(t is not None and n > 0)
        self.apply_btn.setToolTip("" if n else "Select shots in the timeline first")
        self.save_btn.setEnabled(n > 0)
        own = t is not None and not t.builtin
        for b in (self.rename_btn, self.delete_btn):
            b.setEnabled(own)
            b.setToolTip("" if own else "Built-in templates are read-only")
        problem = self.platform_problem
        for b in (self.sync_btn, self.push_btn):
            b.setEnabled(problem is None and not self.tasks.busy)
            b.setToolTip(problem or "")
        if problem is None:
            self.push_btn.setEnabled(own and not self.tasks.busy)

    def say(self, text: str, error: bool = False) -> None:
        set_tone(self.status, ERROR_STYLE if error else OK_STYLE)
        self.status.setText(text)

    # -- applying -------------------------------------------------------------------------
    def apply_to_selection(self) -> None:
        t, ids = self.current(), self.selected()
        if t is None or self.undo.doc is None:
            return
        try:
            self.undo.push(template_library.apply_command(self.undo.doc, t, ids))
        except (ValueError, KeyError) as exc:
            self.say(user_text(exc), error=True)
            return
        extra = " — fill its placeholders per shot in the inspector" if t.placeholders() else ""
        self.say(f"Applied “{t.name}” to {len(ids)} shot{'s' if len(ids) != 1 else ''}{extra}. "
                 "Edit → Undo takes it back.")

    # -- the user's own -------------------------------------------------------------------
    def _ask_text(self, title: str, label: str, text: str, done: Callable[[str], None]):
        ask = QInputDialog(self)
        ask.setWindowTitle(title)
        ask.setLabelText(label)
        ask.setTextValue(text)
        ask.textValueSelected.connect(done)
        ask.open()  # window-modal, no nested event loop
        self.asking = ask
        return ask

    def ask_save_from_shot(self):
        ids = self.selected()
        if not ids or self.undo.doc is None:
            self.say("Select the shot whose prompt you want to keep, then try again.", True)
            return None
        shot = self.undo.doc.shots.get(ids[0])
        return self._ask_text("Save as template", "Name of the new template:",
                              shot.title, lambda name: self.save_from_shot(shot.id, name))

    def save_from_shot(self, shot_id: str, name: str) -> Template | None:
        try:
            shot = self.undo.doc.shots.get(shot_id)
            t = template_library.save_from_shot(self.studio, shot, name)
        except (ValueError, KeyError) as exc:
            self.say(user_text(exc), error=True)
            return None
        self.select(t.id)
        self.say(f"Saved “{t.name}” to your templates.")
        return t

    def ask_rename(self):
        t = self.current()
        if t is None or t.builtin:
            return None
        return self._ask_text("Rename template", "New name:", t.name,
                              lambda name: self.rename(t.id, name))

    def rename(self, template_id: str, name: str) -> None:
        try:
            t = template_library.rename(self.studio, template_id, name)
        except (ValueError, KeyError) as exc:
            self.say(user_text(exc), error=True)
            return
        self.select(t.id)
        self.say(f"Renamed to “{t.name}”.")

    def ask_delete(self):
        t = self.current()
        if t is None or t.builtin:
            return None
        box = QMessageBox(QMessageBox.Icon.Question, "Delete template",
                          f"Delete your template “{t.name}”? Shots that use it keep their "
                          "prompts.", QMessageBox.StandardButton.Yes
                          | QMessageBox.StandardButton.Cancel, self)
        box.button(QMessageBox.StandardButton.Yes).clicked.connect(lambda: self.delete(t.id))
        box.open()
        self.asking = box
        return box

    def delete(self, template_id: str) -> None:
        try:
            gone = template_library.delete(self.studio, template_id)
        except (ValueError, KeyError) as exc:
            self.say(user_text(exc), error=True)
            return
        self.refresh()
        self.say(f"Deleted “{gone.name}”.")

    # -- the platform ---------------------------------------------------------------------
    def sync(self):
        async def run():
            async with PromptTools.connect(self.studio) as tools:
                return await template_library.pull_from_platform(self.studio, tools.api)

        def done(report) -> None:
            self.refresh()
            self.say(report.summary() + ".")

        return self._start(run(), done, "Fetching the platform's templates…")

    def push_current(self):
        t = self.current()
        if t is None or t.builtin:
            return None

        async def run():
            async with PromptTools.connect(self.studio) as tools:
                return await template_library.push_to_platform(self.studio, tools.api, t.id)

        return self._start(run(), lambda _r: self.say(f"“{t.name}” is on the platform."),
                           f"Sending “{t.name}” to the platform…")

    def _start(self, coro, done, busy_text: str):
        def finish(result) -> None:
            done(result)
            self._update_buttons()

        def failed(text: str) -> None:
            self.say(text, error=True)
            self._update_buttons()

        task = self.tasks.start(coro, finish, failed)
        self.say(busy_text)
        self._update_buttons()
        return task

    def done(self, result: int) -> None:
        self.tasks.cancel_all()
        super().done(result)

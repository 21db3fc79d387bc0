"""Completion in the prompt editor: element names after `@`, placeholder names after `{`, and
whole prompts from the user's history when the text typed so far begins one of them (or on
Ctrl+Space, any history prompt containing it).

`completion_context` is the Qt-free decision of what to offer at the cursor; `PromptCompleter`
is the popup (a QCompleter over a QStringListModel)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QPlainTextEdit

_AT_WORD = re.compile(r"(?<!\w)@([\w-]*)$")
_BRACE_WORD = re.compile(r"\{(\w*)$")
HISTORY_MIN_CHARS = 3  # fewer would offer the whole history on every first letter


@dataclass(frozen=True)
class Context:
    kind: str  # element | placeholder | history
    prefix: str  # what the completion must start with (history: the text so far)
    start: int  # where the replaced text begins


def completion_context(text: str, cursor: int) -> Context | None:
    before = text[:cursor]
    if m := _AT_WORD.search(before):
        return Context("element", m.group(1), m.start())
    if m := _BRACE_WORD.search(before):
        return Context("placeholder", m.group(1), m.start())
    if len(before.strip()) >= HISTORY_MIN_CHARS and "\n" not in before:
        return Context("history", before, 0)
    return None


def _insertion(kind: str, choice: str) -> str:
    if kind == "element":
        return f"@{choice}"
    if kind == "placeholder":
        return f"{{{choice}}}"
    return choice


class PromptCompleter(QCompleter):
    """Completes in `editor` from the sources given; `elements()` and `placeholders()` are
    asked each time so new elements and templates show up without rewiring."""

    def __init__(self, editor: QPlainTextEdit, elements: Callable[[], Sequence[str]],
                 placeholders: Callable[[], Sequence[str]],
                 history: Callable[[str], Sequence[str]]) -> None:
        super().__init__(editor)
        self.editor = editor
        self.sources = {"element": elements, "placeholder": placeholders}
        self.history = history
        self.model_ = QStringListModel(self)
        self.setModel(self.model_)
        self.setWidget(editor)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setMaxVisibleItems(8)
        self.context: Context | None = None
        self.activated[str].connect(self.insert)

    def candidates(self, ctx: Context, *, anywhere: bool = False) -> list[str]:
        if ctx.kind == "history":
            low = ctx.prefix.lower()
            found = self.history(ctx.prefix)
            if anywhere:
                return [p for p in found if p.lower() != low]
            return [p for p in found if p.lower().startswith(low) and p.lower() != low]
        low = ctx.prefix.lower()
        return [n for n in dict.fromkeys(self.sources[ctx.kind]()) if n.lower().startswith(low)]

    def update_for_cursor(self, *, explicit: bool = False) -> bool:
        """Show, refill or hide the popup for where the cursor is. Returns whether it shows."""
        cursor = self.editor.textCursor()
        ctx = completion_context(self.editor.toPlainText(), cursor.position())
        if explicit and ctx is None:
            ctx = Context("history", self.editor.toPlainText()[:cursor.position()], 0)
        if ctx is None or (ctx.kind == "history" and not explicit and cursor.hasSelection()):
            self.popup().hide()
            return False
        items = self.candidates(ctx, anywhere=explicit and ctx.kind == "history")
        if not items:
            self.popup().hide()
            return False
        self.context = ctx
        self.model_.setStringList(items)
        # the model is already filtered; an empty prefix keeps QCompleter from refiltering
        self.setCompletionPrefix("")
        rect = self.editor.cursorRect()
        rect.setWidth(max(260, self.popup().sizeHintForColumn(0) + 24))
        self.complete(rect)
        self.popup().setCurrentIndex(self.completionModel().index(0, 0))
        return True

    def insert(self, choice: str) -> None:
        ctx = self.context
        if ctx is None:
            return
        cursor = self.editor.textCursor()
        end = cursor.position()
        cursor.setPosition(ctx.start)
        cursor.setPosition(end, cursor.MoveMode.KeepAnchor)
        cursor.insertText(_insertion(ctx.kind, choice))
        self.editor.setTextCursor(cursor)
        self.context = None
        self.popup().hide()

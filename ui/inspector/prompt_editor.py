"""The prompt editor: a plain-text editor that colours `{placeholders}` and `@elements` and
completes them (and whole prompts from history) as the user types."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF, QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit

from ui.inspector.completer import PromptCompleter
from ui.inspector.highlighter import PromptHighlighter

_POPUP_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab,
               Qt.Key.Key_Escape, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp,
               Qt.Key.Key_PageDown}


LINES = 6  # lines of prompt shown


class PromptEditor(QPlainTextEdit):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(
            "Describe what the camera sees: subject, action, place, light. Type @ for a "
            "character, prop or location, { for a placeholder; Ctrl+Space for past prompts.")
        self.setTabChangesFocus(True)
        lines = QFontMetricsF(self.font()).lineSpacing()
        # one height, whatever is typed or applied: a longer prompt scrolls inside, and nothing
        # under the box moves while the user aims at it
        self.setFixedHeight(int(lines * LINES + 12))
        self.highlighter = PromptHighlighter(self.document())
        self._elements: list[str] = []
        self._placeholders: Callable[[], Sequence[str]] = list
        self._history: Callable[[str], Sequence[str]] = lambda text: []
        self.completer = PromptCompleter(self, lambda: self._elements,
                                         lambda: self._placeholders(),
                                         lambda text: self._history(text))

    def set_sources(self, *, placeholders: Callable[[], Sequence[str]] | None = None,
                    history: Callable[[str], Sequence[str]] | None = None) -> None:
        """Where placeholder names (templates) and past prompts come from."""
        if placeholders is not None:
            self._placeholders = placeholders
        if history is not None:
            self._history = history

    def set_context(self, element_names: Iterable[str], values: Mapping[str, str]) -> None:
        self._elements = list(element_names)
        self.highlighter.set_context(self._elements, values)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        popup = self.completer.popup()
        if popup.isVisible() and event.key() in _POPUP_KEYS:
            event.ignore()  # the completer's popup takes these (choose, dismiss, move)
            return
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if ctrl and event.key() == Qt.Key.Key_Space:
            self.completer.update_for_cursor(explicit=True)
            return
        super().keyPressEvent(event)
        if event.text() and not ctrl:
            self.completer.update_for_cursor()
        elif popup.isVisible() and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right,
                                                   Qt.Key.Key_Home, Qt.Key.Key_End):
            self.completer.update_for_cursor()

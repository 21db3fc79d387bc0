"""A combo box the user can type into to find an entry among many (52 languages): matching
anywhere in the name, any case, and never adding what was typed as a new entry."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget


class SearchablePicker(QComboBox):
    def __init__(self, items: Sequence[tuple[str, str]], current: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for value, name in items:
            self.addItem(name, value)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        completer.activated[str].connect(self._chosen)
        if current is not None:
            self.set_value(current)

    def _chosen(self, text: str) -> None:
        index = self.findText(text)
        if index >= 0:
            self.setCurrentIndex(index)

    def set_value(self, value: str) -> None:
        index = self.findData(value)
        if index >= 0:
            self.setCurrentIndex(index)

    def value(self) -> str | None:
        """The chosen entry's value; None when what is typed names no entry."""
        index = self.findText(self.currentText(), Qt.MatchFlag.MatchFixedString)
        return self.itemData(index) if index >= 0 else None

    def matches(self, text: str) -> list[str]:
        """The names that typing `text` offers (what the completer's list shows)."""
        return [self.itemText(i) for i in range(self.count())
                if text.casefold() in self.itemText(i).casefold()]

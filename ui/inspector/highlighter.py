"""Colours `{placeholders}` and `@element` references in the prompt editor, with the same
parser composition uses (app.services.prompting), so what is coloured is what gets expanded.

Known elements are green, unknown ones red with a wavy underline; a placeholder with a value is
blue, one still waiting for its value amber. The colours are mid-tones that read on both the
light and the dark theme."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from app.services.prompting import find_element_refs, find_placeholders
from ui.theme import colour as theme_colour
from ui.theme import current as current_theme

# theme roles (resources/theme/*.json), not colours
KNOWN_ELEMENT = "known-element"
UNKNOWN_ELEMENT = "unknown-element"
FILLED_PLACEHOLDER = "filled-placeholder"
UNFILLED_PLACEHOLDER = "unfilled-placeholder"


def _format(role: str, *, bold: bool = False, wavy: bool = False,
            background: bool = False) -> QTextCharFormat:
    colour = theme_colour(role)
    fmt = QTextCharFormat()
    fmt.setForeground(colour)
    if bold:
        fmt.setFontWeight(QFont.Weight.DemiBold)
    if wavy:
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        fmt.setUnderlineColor(colour)
    if background:
        tint = QColor(colour)
        tint.setAlpha(40)
        fmt.setBackground(tint)
    return fmt


class PromptHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._names: list[str] = []
        self._values: dict[str, str] = {}
        self._theme = ""
        self._build_formats()

    def _build_formats(self) -> None:
        self._theme = current_theme()
        self.formats = {
            "element": _format(KNOWN_ELEMENT, bold=True),
            "unknown_element": _format(UNKNOWN_ELEMENT, wavy=True),
            "placeholder": _format(FILLED_PLACEHOLDER, bold=True, background=True),
            "unfilled_placeholder": _format(UNFILLED_PLACEHOLDER, bold=True, background=True),
        }

    def set_context(self, element_names: Iterable[str], values: Mapping[str, str]) -> None:
        """Re-colour when the project's elements or the shot's placeholder values change."""
        names, values = list(element_names), {k: v for k, v in values.items() if v.strip()}
        if names != self._names or values != self._values:
            self._names, self._values = names, values
            self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        if self._theme != current_theme():
            self._build_formats()
        for ref in find_placeholders(text):
            key = "placeholder" if ref.name in self._values else "unfilled_placeholder"
            self.setFormat(ref.start, ref.end - ref.start, self.formats[key])
        for ref in find_element_refs(text, self._names):
            key = "element" if ref.known else "unknown_element"
            self.setFormat(ref.start, ref.end - ref.start, self.formats[key])

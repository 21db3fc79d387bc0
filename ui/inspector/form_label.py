"""The label of one inspector row. Every form in the inspector (pickers, duration, the model's
settings, framing) is its own layout; one label width for all of them keeps their fields in one
column, and a long setting name wraps instead of pushing its field out of line."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel

WIDEST = "Transition"  # the longest of the inspector's own labels


def form_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setFixedWidth(QFontMetrics(label.font()).horizontalAdvance(WIDEST) + 12)
    return label

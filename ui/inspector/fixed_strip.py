"""A strip of messages that keeps one height whatever it holds: it scrolls when its labels need
more lines than it shows. The inspector puts every message that comes and goes (a provider's
notice, the preview's warnings) in one of these, so a message appearing never moves the fields
under it."""

from __future__ import annotations

from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget


def fixed_strip(labels: list[QLabel], lines: int) -> QScrollArea:
    inner = QWidget()
    inner.setAutoFillBackground(False)
    column = QVBoxLayout(inner)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    for label in labels:
        label.setWordWrap(True)
        column.addWidget(label)
    column.addStretch(1)
    strip = QScrollArea()
    strip.setObjectName("fixedStrip")
    strip.setWidgetResizable(True)
    strip.setFrameShape(QFrame.Shape.NoFrame)
    strip.setWidget(inner)
    strip.viewport().setAutoFillBackground(False)
    font = labels[0].font() if labels else strip.font()
    strip.setFixedHeight(int(QFontMetricsF(font).lineSpacing() * lines + 4))
    return strip

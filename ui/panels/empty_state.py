from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class EmptyState(QWidget):
    """A panel that says what will appear in it and how to get it there."""

    def __init__(self, text: str, parent=None) -> None:
        super().__init__(parent)
        self.label = QLabel(text)
        self.label.setObjectName("emptyState")
        self.label.setWordWrap(True)
        # Centred by a style property, not setAlignment(Qt.AlignmentFlag...): these panels
        # are shown before the first paint, and touching any Qt-namespace enum from Python
        # builds the whole namespace (~12 ms, a tenth of start-up).
        self.label.setStyleSheet("qproperty-alignment: AlignCenter;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)

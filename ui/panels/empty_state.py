from __future__ import annotations

from PySide6.QtWidgets import QLabel


class EmptyState(QLabel):
    """A panel that says what will appear in it and how to get it there.

    The label is the panel, with no widget or layout around it: the window's shell shows one
    in its first frame (the timeline's "Opening your library…"; ui/main_window.py says why the
    other docks are blank). Centred and coloured by the stylesheet (QLabel#panelPlaceholder
    in resources/theme/style.qss), not by setAlignment(Qt.AlignmentFlag...) — touching any
    Qt-namespace enum from Python builds the whole namespace (~12 ms, a tenth of start-up) — nor
    by a sheet of its own, which would give each placeholder its own style object to build."""

    # the margins of the layout that used to hold the label, so the text sits where it did
    MARGIN = 9

    def __init__(self, text: str, parent=None) -> None:
        super().__init__(text, parent)
        self.setObjectName("panelPlaceholder")
        self.setWordWrap(True)
        self.setContentsMargins(self.MARGIN, self.MARGIN, self.MARGIN, self.MARGIN)

"""A titled part of the inspector that folds away: a header button (arrow, title and, while
folded, a one-line summary of what is inside) over a body. The inspector is short at the default
window size, so a user folds what they do not need instead of scrolling past it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QSizePolicy, QToolButton, QVBoxLayout, QWidget

from ui.theme import themed_icon


class Section(QWidget):
    toggled = Signal(bool)  # expanded

    def __init__(self, key: str, title: str, *, expanded: bool = True, parent=None) -> None:
        super().__init__(parent)
        self.key = key
        self.title = title
        self._summary: Callable[[], str] = str
        self.header = QToolButton()
        self.header.setObjectName("sectionHeader")
        self.header.setCheckable(True)
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.setAutoRaise(True)
        self.header.setIconSize(QSize(12, 12))
        self.header.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.header.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.body = QWidget()
        self.content = QVBoxLayout(self.body)
        self.content.setContentsMargins(0, 4, 0, 6)
        self.content.setSpacing(6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.body)
        self.header.toggled.connect(self._toggled)
        self.header.setChecked(expanded)
        self._toggled(expanded)

    def set_summary(self, summary: Callable[[], str]) -> None:
        """What the header says about the body while it is folded (e.g. "1280×720, 24 fps")."""
        self._summary = summary
        self.refresh_header()

    def refresh_header(self) -> None:
        expanded = self.header.isChecked()
        summary = "" if expanded else self._summary()
        self.header.setText(f"{self.title}  ·  {summary}" if summary else self.title)
        self.header.setToolTip(f"Click to fold {self.title}" if expanded else
                               f"Click to show {self.title}")

    def is_expanded(self) -> bool:
        return self.header.isChecked()

    def set_expanded(self, expanded: bool) -> None:
        self.header.setChecked(expanded)

    def _toggled(self, expanded: bool) -> None:
        themed_icon(self.header, "arrow-down" if expanded else "arrow-right")
        self.body.setVisible(expanded)
        self.refresh_header()
        self.toggled.emit(expanded)

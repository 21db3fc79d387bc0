"""The native child window libvlc draws into."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget


class VlcSurface(QWidget):
    """A black widget with its own native window handle for ``set_xwindow``/``set_hwnd``.

    The handle changes when the widget is re-parented (e.g. going full screen), and libvlc
    must then be pointed at the new one, hence ``handle_changed``.
    """

    handle_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
        # Only this widget needs a native window; forcing one on every ancestor breaks
        # docking and translucency elsewhere in the main window.
        self.setAttribute(Qt.WidgetAttribute.WA_DontCreateNativeAncestors)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(0, 0, 0))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 90)

    def sizeHint(self) -> QSize:
        return QSize(640, 360)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WinIdChange:
            self.handle_changed.emit()
        return super().event(event)

"""Drag-and-drop as a window system delivers it: enter, move, drop, with real QMimeData."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget


def drop(target: QWidget, pos: QPoint, mime: QMimeData,
         action: Qt.DropAction = Qt.DropAction.MoveAction) -> QDropEvent:
    # QPointF positions: the QPoint constructors are deprecated in Qt 6
    args = (pos.toPointF(), action, mime, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, QDragEnterEvent(*args))
    QApplication.sendEvent(target, QDragMoveEvent(*args))
    event = QDropEvent(*args)
    QApplication.sendEvent(target, event)
    return event

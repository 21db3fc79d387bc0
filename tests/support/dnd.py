"""Drag-and-drop as a window system delivers it: enter, move, drop, with real QMimeData."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget


def drop(target: QWidget, pos: QPoint, mime: QMimeData,
         action: Qt.DropAction = Qt.DropAction.MoveAction) -> QDropEvent:
    args = (pos, action, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, QDragEnterEvent(*args))
    QApplication.sendEvent(target, QDragMoveEvent(*args))
    event = QDropEvent(pos.toPointF(), *args[1:])
    QApplication.sendEvent(target, event)
    return event

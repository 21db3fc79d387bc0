"""Drag-and-drop as a window system delivers it: enter, move, drop, with real QMimeData."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget


def drag_event(kind, pos: QPoint, *rest):
    # PySide6 6.12 takes a QPointF and deprecates the QPoint form; 6.11 (what pyproject
    # installs) has only the QPoint form. Use the current one where it exists.
    try:
        return kind(pos.toPointF(), *rest)
    except TypeError:
        return kind(pos, *rest)


def drop(target: QWidget, pos: QPoint, mime: QMimeData,
         action: Qt.DropAction = Qt.DropAction.MoveAction) -> QDropEvent:
    rest = (action, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, drag_event(QDragEnterEvent, pos, *rest))
    QApplication.sendEvent(target, drag_event(QDragMoveEvent, pos, *rest))
    event = QDropEvent(pos.toPointF(), *rest)
    QApplication.sendEvent(target, event)
    return event

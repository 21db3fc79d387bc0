"""Tell the user, once, that their settings file could not be read and where it was kept."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def tell_settings_problem(parent: QWidget, text: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Warning, "Reelroom — Settings", text,
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("settingsProblem")
    box.open()  # not exec(): the event loop keeps running
    return box

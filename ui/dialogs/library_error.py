"""What the user sees when the library database cannot be opened."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QPushButton

from app.domain.library_errors import LibraryCorrupt, LibraryError


def ask_about_library(error: LibraryError, parent=None) -> bool:
    """True: the user chose to start a new, empty library (the old file is set aside,
    nothing deleted). False: quit."""
    box, fresh = library_box(error, parent)
    box.exec()  # before the event loop runs: a plain modal dialog is right here
    return box.clickedButton() is fresh


def library_box(error: LibraryError, parent=None) -> tuple[QMessageBox, QPushButton]:
    """The question, not yet shown, and its "Start a new library" button."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("Reelroom — library problem")
    box.setText(error.user_message())
    if isinstance(error, LibraryCorrupt):
        box.setInformativeText(
            "You can start with a new, empty library now; the damaged file is kept beside it so "
            "it can be recovered later. Or quit and restore a backup.")
        fresh = box.addButton("Start a new library", QMessageBox.ButtonRole.AcceptRole)
    else:
        box.setInformativeText("Install the newer Reelroom to open it, or start a separate, "
                               "empty library now (the newer one is kept untouched).")
        fresh = box.addButton("Start a new library", QMessageBox.ButtonRole.AcceptRole)
    quit_btn = box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(quit_btn)
    return box, fresh

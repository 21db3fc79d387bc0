"""`reelroom PROJECT`: what the command line (or a double-clicked `.reelroom` file) asks to open.

A `.reelroom` bundle is imported as a new project and opened (the same import as File → Import
Project Bundle); anything else names a project in the library, by name or id. What cannot be
opened is said in the status bar and a message, and the project picker is offered instead."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

BUNDLE_SUFFIX = ".reelroom"


def open_target(window, target: str):
    """Open `target` in the attached window: the import task for a bundle, None for a
    project, False when nothing could be opened (the user has been told why)."""
    path = Path(target).expanduser()
    if path.suffix.lower() == BUNDLE_SUFFIX:
        if not path.is_file():
            return _refuse(window, f"There is no bundle file at {path}.",
                           "Check the path, or open a project from File → Open Project.")
        task = window.features.interchange.transfers.import_bundle_from(path.resolve())
        # a bundle that would not import leaves nothing open: offer the picker, as at start
        task.add_done_callback(lambda _t: window.studio.document is None
                               and window.show_project_picker())
        return task
    project = window.studio.find_project(target)
    if project is not None:
        window.open_project(project.id)
        return None
    if path.is_file():
        return _refuse(window, f"{path.name} is not a Reelroom project bundle.",
                       "Reelroom opens .reelroom bundles and the projects of its library.")
    return _refuse(window, f"No project is named {target!r}.",
                   "Pick one from the list, or create it.")


def _refuse(window, what: str, todo: str) -> bool:
    window.statusBar().showMessage(what, 10_000)
    box = QMessageBox(QMessageBox.Icon.Warning, "Cannot open", f"{what}\n{todo}",
                      QMessageBox.StandardButton.Ok, window)
    box.finished.connect(lambda _result: window.show_project_picker())
    window.open_message = box  # kept for tests
    box.open()
    return False

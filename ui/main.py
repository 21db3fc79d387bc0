"""`reelroom`: start the studio. PySide6 is imported before qasync (qasync picks the binding
that is already loaded) and the whole app runs on qasync's asyncio loop."""

from __future__ import annotations

import argparse
import asyncio
import sys


def build_studio(parent=None):
    """Open the library; on a damaged or too-new file ask the user (never overwrite it)."""
    from app.services.studio import Studio
    from app.storage.database import Database
    from app.storage.errors import LibraryError
    from ui.dialogs.library_error import ask_about_library

    try:
        return Studio.open()
    except LibraryError as exc:
        if not ask_about_library(exc, parent):
            return None
        Database.start_fresh(exc.path)
        return Studio.open()


def create_window(studio):
    """The main window with the last project open, or the project picker on first start."""
    from ui.main_window import MainWindow
    from ui.theme import apply_theme
    from PySide6.QtWidgets import QApplication

    apply_theme(QApplication.instance(), studio.settings.theme)
    window = MainWindow(studio)
    last = studio.settings.last_project
    if last and studio.projects.get(last):
        window.open_project(last)
    return window


async def _run(window, exit_after_paint: bool) -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    done = asyncio.get_running_loop().create_future()
    app.aboutToQuit.connect(lambda: done.done() or done.set_result(None))
    if exit_after_paint:
        window.first_painted.connect(lambda: (print("painted", flush=True), app.quit()))
    window.show()
    if window.studio.document is None and not exit_after_paint:
        window.show_project_picker()
    await done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="reelroom")
    parser.add_argument("--exit-after-paint", action="store_true",
                        help="quit as soon as the window has painted (start-up benchmark)")
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])

    from PySide6.QtWidgets import QApplication

    import qasync

    from app.logsetup import configure_logging

    configure_logging()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Reelroom")
    app.setOrganizationName("Reelroom")
    studio = build_studio()
    if studio is None:
        return 1
    window = create_window(studio)
    try:
        qasync.run(_run(window, args.exit_after_paint))
    except asyncio.CancelledError:
        pass
    finally:
        studio.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

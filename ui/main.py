"""`reelroom`: start the studio. PySide6 is imported before qasync (qasync picks the binding
that is already loaded) and the whole app runs on qasync's asyncio loop (ui/event_loop.py)."""

from __future__ import annotations

import sys
from pathlib import Path


def build_studio(parent=None):
    """Open the library; on a damaged or too-new file ask the user (never overwrite it)."""
    from app.domain.library_errors import LibraryError
    from app.services.library_reads import start_fresh
    from app.services.studio import Studio
    from ui.dialogs.library_error import ask_about_library

    try:
        return Studio.open()
    except LibraryError as exc:
        if not ask_about_library(exc, parent):
            return None
        start_fresh(exc.path)
        return Studio.open()


def attach_studio(window, studio, target: str | None = None):
    """Put the studio into the window and open `target` (a project or a `.reelroom` bundle,
    see ui/open_target.py) or else the last project (if any)."""
    window.attach(studio)
    problem = studio.settings_store.problem
    if problem:
        from ui.dialogs.settings_problem import tell_settings_problem

        window.statusBar().showMessage(problem, 15000)
        window.settings_problem_box = tell_settings_problem(window, problem)
    if target is not None:
        from ui.open_target import open_target

        return open_target(window, target)
    last = studio.settings.last_project
    if last and studio.projects.get(last):
        window.open_project(last)


def create_window(studio):
    """The main window with the last project open (tests and tools use this)."""
    from ui.main_window import MainWindow

    window = MainWindow(studio.paths.config)
    attach_studio(window, studio)
    return window


GUI_SWITCH_INTERVAL = 0.001  # seconds another thread may hold the interpreter lock when asked


def settle() -> None:
    """Once the studio is attached: load what the first generation would otherwise import
    mid-flight (in a thread: the window stays live meanwhile), and keep everything loaded so
    far — it lives as long as the app — out of the collector's full passes, which otherwise
    stall the event loop for 50+ ms while a busy queue runs (benchmarks/queue.py --diagnose).
    The GUI thread also waits less for the interpreter lock: while the library's writer, a
    download or a hash works in Python on another thread, the GUI thread asking for the lock
    got it after up to 5 ms (Python's default switch interval), 1 ms now."""
    import gc
    import sys
    import threading

    from app.services.startup import warm_up

    threading.Thread(target=warm_up, name="http-warm-up", daemon=True).start()
    sys.setswitchinterval(GUI_SWITCH_INTERVAL)
    gc.collect()
    gc.freeze()


async def _run(window, exit_after_paint: bool, target: str | None = None) -> int:
    """The window has painted; now load the core and open the library."""
    import asyncio

    from PySide6.QtWidgets import QApplication

    from app.logsetup import configure_logging

    app = QApplication.instance()
    done = asyncio.get_running_loop().create_future()
    app.aboutToQuit.connect(lambda: done.done() or done.set_result(None))

    configure_logging()
    studio = build_studio(window)
    if studio is None:
        return 1
    window.studio_to_close = studio
    opening = attach_studio(window, studio, target)
    settle()
    if exit_after_paint:
        # the project's panels are in and their first frame is queued ahead of this timer:
        # benchmarks/startup.py reads "opened" as the reopened project on screen
        from PySide6.QtCore import QTimer

        def opened() -> None:
            print("opened", flush=True)
            app.quit()

        QTimer.singleShot(0, opened)
    elif studio.document is None and opening is None:
        window.show_project_picker()
    await done
    return 0


def _set_app_icon(app) -> None:
    """The window's and the task bar's icon (resources/icons/reelroom.svg), after the first
    paint: Qt's SVG icon engine loads when the window manager first asks for it."""
    from PySide6.QtGui import QIcon

    import resources

    app.setWindowIcon(QIcon(str(Path(resources.__file__).with_name("icons") / "reelroom.svg")))


USAGE = """usage: reelroom [--exit-after-paint] [PROJECT]

Start the Reelroom studio.
  PROJECT             a project of the library (name or id) or a .reelroom bundle to import
                      and open; without it the last project opens
  --exit-after-paint  quit as soon as the window has painted (start-up benchmark)
"""


def show_first_frame():
    """The studio's shell, shown and painted: (app, window), the window's actions still to
    add (`window.add_actions()`). Nothing here imports asyncio, qasync or the core, nor
    builds the Qt namespace, QStyle or QAction from Python (ui/theme.py, ui/main_window.py):
    tests/ui/test_first_frame.py keeps it so."""
    from ui.gui_thread_gc import (
        hold_collection,
        keep_collection_on_gui_thread,
        settle_large_loads,
    )

    hold_collection()  # until the GUI thread's collector runs, after the first paint
    # from the start, as `settle` keeps it: while a warm-up thread runs Python (starting, a
    # Python type of its own), the GUI thread asking for the interpreter lock gets it after
    # at most 1 ms, not Python's default 5
    sys.setswitchinterval(GUI_SWITCH_INTERVAL)
    from ui import font_warm_up

    font_warm_up.start()  # fontconfig reads its files on the other core while PySide6 loads
    # before PySide6, which reads the source of every module imported after it (json, …;
    # ~0.25M instructions a module, measured with callgrind)
    from ui import pyside_source_check
    from ui.first_paint import wait_until_painted
    from ui.theme_data import startup_preference

    preference = startup_preference()
    import PySide6.QtCore  # noqa: F401 - PySide6 loaded: its source check can be replaced

    # PySide6 checks the source of every module imported from here on: a file read each
    # (ui/pyside_source_check.py), for the window's modules and all the studio's after them
    pyside_source_check.install()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    # as soon as there is an application: the window's modules load meanwhile (~4 ms), and the
    # window's first text (its docks' sizes, in MainWindow()) waits on Qt's font database
    # for whatever of the thread's work is still to do
    font_warm_up.start_qt(app)
    from ui.main_window import MainWindow

    app.setApplicationName("Reelroom")
    app.setOrganizationName("Reelroom")
    from ui.theme import paint_first_frame

    # the theme's palette and sheet from the very first paint; its style (icons) and the OS's
    # colour scheme come with the studio (MainWindow.attach → apply_theme)
    paint_first_frame(app, preference)
    window = MainWindow(actions_later=True)  # the caller adds them once this has painted
    window.show()
    # Paint the window before asyncio, qasync and the core are even imported: the user sees
    # the studio at once (ui/first_paint.py: no paint handler in Python, no coroutine yet)
    wait_until_painted(window)
    # only now: the collector's timer, started before, ran a pass whenever the paint took
    # longer than its interval (a loaded machine). Until here hold_collection keeps every
    # thread from collecting, the Qt font warm-up's included (see ui.gui_thread_gc)
    keep_collection_on_gui_thread(app)
    settle_large_loads()
    return app, window


def main(argv: list[str] | None = None) -> int:
    # a hand-read flag: argparse alone would add measurably to start-up
    argv = sys.argv[1:] if argv is None else argv
    if any(a in ("-h", "--help") for a in argv):
        print(USAGE)
        return 0
    unknown = [a for a in argv if a.startswith("-") and a != "--exit-after-paint"]
    if unknown:
        print(f"reelroom: unknown option {unknown[0]}\n{USAGE}", file=sys.stderr)
        return 2
    targets = [a for a in argv if not a.startswith("-")]
    if len(targets) > 1:
        print(f"reelroom: open one project at a time (got {len(targets)})\n{USAGE}",
              file=sys.stderr)
        return 2
    target = targets[0] if targets else None
    exit_after_paint = "--exit-after-paint" in argv

    app, window = show_first_frame()
    if exit_after_paint:
        print("painted", flush=True)
    from ui.theme import end_first_frame

    end_first_frame(app)  # while only the shell exists to re-polish (ui/theme.py)
    window.add_actions()  # the menus' items and the shortcuts: the first frame showed none
    _set_app_icon(app)
    # After the first paint (ctypes and the probe cost ~3 ms), before the panels that emit
    # many signals exist: the few emits until now leak a handful of references to True, out
    # of thousands (see ui/bool_guard.py).
    from ui.bool_guard import install_bool_guard

    install_bool_guard()

    # asyncio, qasync and the core only now: importing asyncio alone is ~10 ms of start-up
    import asyncio

    from ui import event_loop  # qasync's loop, ready callbacks batched (after PySide6)

    code = 1
    try:
        code = event_loop.run(_run(window, exit_after_paint, target))
    except asyncio.CancelledError:
        pass
    finally:
        studio = getattr(window, "studio_to_close", None)
        if studio is not None:
            studio.close()
    return code


if __name__ == "__main__":
    sys.exit(main())

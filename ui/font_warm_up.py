"""Fontconfig's set-up, done by a thread while PySide6 loads.

The first text Qt lays out on Linux makes fontconfig read its configuration (the XML files
under /etc/fonts) and its font cache: a quarter of everything the studio's first frame costs
beyond a bare window's, and none of it needs Qt. Importing PySide6 takes the GUI thread far
longer than that and leaves the machine's other core idle, so a thread calls fontconfig's own
`FcInit` then (ctypes lets go of the interpreter lock for the call). Qt links the same shared
library, finds the configuration already loaded and goes straight on to its font list.

Fontconfig's initialisation is safe to race: if Qt asks before the thread is done, each
builds a configuration and the one that loses is dropped. Windows and macOS have no
fontconfig (Qt uses the system's font APIs there); nothing is started."""

from __future__ import annotations

import sys
import threading

LIBRARY = "libfontconfig.so.1"


def start() -> threading.Thread | None:
    """Start the warm-up (call before importing PySide6); the thread, or None where there is
    no fontconfig to warm."""
    if sys.platform in ("win32", "darwin"):
        return None
    thread = threading.Thread(target=_load_configuration, name="fontconfig-warm-up",
                              daemon=True)
    thread.start()
    return thread


def start_qt(app) -> threading.Thread:
    """Once the QApplication exists: Qt's font database and the default font's family, looked
    up by a thread while the GUI thread builds the window (QFontDatabase is thread-safe; the
    GUI thread waits on its lock if it needs a font before the thread is done)."""
    def look_up() -> None:
        from PySide6.QtGui import QFontInfo

        QFontInfo(app.font()).family()

    thread = threading.Thread(target=look_up, name="font-database-warm-up", daemon=True)
    thread.start()
    return thread


def _load_configuration() -> bool:
    import ctypes

    try:
        fontconfig = ctypes.CDLL(LIBRARY)
    except OSError:  # no system fontconfig: Qt brings its own font handling
        return False
    return bool(fontconfig.FcInit())

"""Fontconfig's set-up, done by a thread while PySide6 loads.

The first text Qt lays out on Linux makes fontconfig read its configuration (the XML files
under /etc/fonts) and its font cache: a quarter of everything the studio's first frame costs
beyond a bare window's, and none of it needs Qt. Importing PySide6 takes the GUI thread far
longer than that and leaves the machine's other core idle, so a thread calls fontconfig's own
`FcInit` then (ctypes lets go of the interpreter lock for the call). Qt links the same shared
library, finds the configuration already loaded and goes straight on to its font list.

Fontconfig's initialisation is safe to race: if Qt asks before the thread is done, each
builds a configuration and the one that loses is dropped. Windows and macOS have no
fontconfig (Qt uses the system's font APIs there); nothing is started.

What either thread does *in Python* is paid by the GUI thread, which is busy in Python the
whole time and waits for the interpreter lock while a warm-up thread holds it (strace shows
the waits as futex sleeps of 1-3 ms each). So each thread holds the lock as briefly as it can:
fontconfig's call goes through `_ctypes` alone (the `ctypes` package builds its dozens of C
types first, ~6M instructions under the lock, more than all the rest of that thread's Python),
and Qt's font database is reached through QStaticText, a type without enums, rather than
QFontInfo(app.font()), whose QFont type (nine enums) took ~2 ms under the lock: types the
GUI thread never needs before its first paint."""

from __future__ import annotations

import _thread
import sys

TYPE_CHECKING = False  # typing's, without importing it before PySide6 (ui/main_window.py)
if TYPE_CHECKING:
    from collections.abc import Callable

LIBRARY = "libfontconfig.so.1"


class WarmUp:
    """A warm-up running on a thread of its own. Started with `_thread`, not threading.Thread,
    whose start() waits until the new thread has run: on a busy machine the GUI thread sat
    there until the scheduler found the thread a CPU, at the moment it has the most to do."""

    def __init__(self, work: Callable[[], object]) -> None:
        self.error: Exception | None = None
        self._done = _thread.allocate_lock()
        self._done.acquire()
        _thread.start_new_thread(self._run, (work,))

    def _run(self, work: Callable[[], object]) -> None:
        try:
            work()
        except Exception as exc:  # noqa: BLE001 - a warm-up that fails leaves Qt to do the
            self.error = exc  # work itself when it needs it: nothing for the user to see
        finally:
            self._done.release()

    def join(self, timeout: float = -1) -> bool:
        """Wait until the warm-up is done (at most `timeout` seconds): whether it is."""
        if self._done.acquire(timeout=timeout):
            self._done.release()
            return True
        return False

    def is_alive(self) -> bool:
        return self._done.locked()


def start() -> WarmUp | None:
    """Start the warm-up (call before importing PySide6); None where there is no fontconfig
    to warm."""
    if sys.platform in ("win32", "darwin"):
        return None
    return WarmUp(_load_configuration)


def start_qt(app) -> WarmUp:
    """Once the QApplication exists: Qt's font database and the default font's family, looked
    up by a thread while the GUI thread builds the window (QFontDatabase is thread-safe; the
    GUI thread waits on its lock if it needs a font before the thread is done)."""
    def look_up() -> None:
        from PySide6.QtGui import QStaticText

        # lays the text out in the application's font: the font database is populated and
        # that font matched (both shared with the GUI thread); shiboken lets go of the
        # interpreter lock for the call. prepare(), not size(): size's QSizeF would be one
        # more Python type built under the lock
        QStaticText("Reelroom").prepare()

    return WarmUp(look_up)


def _load_configuration() -> bool:
    """FcInit() from the system's fontconfig: True once its configuration is loaded, False
    where there is no fontconfig to load."""
    try:
        call = _fontconfig_function("FcInit")
    except OSError:  # no system fontconfig: Qt brings its own font handling
        return False
    return bool(call())


def _fontconfig_function(name: str):
    """`name` from LIBRARY as a C function returning int, called without the interpreter lock:
    what `ctypes.CDLL(LIBRARY)[name]` gives, made with `_ctypes` (the C module under ctypes)
    the way ctypes makes it, without importing the package. Falls back to ctypes itself if
    this Python's `_ctypes` is not shaped as expected."""
    try:
        import _ctypes
        import os

        handle = _ctypes.dlopen(LIBRARY, os.RTLD_NOW)
        library = type("Library", (), {"_handle": handle})

        class Function(_ctypes.CFuncPtr):  # restype: C int, the default
            _flags_ = _ctypes.FUNCFLAG_CDECL

        return Function((name, library))
    except (ImportError, AttributeError, TypeError):
        import ctypes

        return getattr(ctypes.CDLL(LIBRARY), name)

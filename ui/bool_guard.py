"""Guard against PySide6 6.12.0's reference leaks on ``True`` and ``None`` (crash Python 3.11).

``SignalInstance.emit()`` in PySide6 6.12.0 returns ``True`` without taking a reference, so
every emit from Python code drops ``True``'s reference count by one.  On Python >= 3.12
``True`` is immortal and nothing happens; on 3.11 the count (a few thousand at start-up)
reaches zero after a few minutes of playback (the player emits its position ~20-60 times a
second) and the interpreter aborts with "Fatal Python error: bool_dealloc".

The bug is detected, not assumed from version numbers: emit a few times and watch the
count.  If it leaks, ``True``/``False`` get a very large extra count, which is exactly what
Python 3.12 does for them (they are static singletons that are never freed anyway).
This belongs at application start-up (ui/main.py) and lives here until it is moved there;
importing the player installs it.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

# Enough for ~35 years of 1000 emits a second.
_HEADROOM = 1 << 40
_installed = False


class _Probe(QObject):
    ping = Signal()


def emit_leaks_true() -> bool:
    """Does emitting a Python-declared signal lose a reference to ``True``?"""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.ping.emit()
    leaked = sys.getrefcount(True) < before
    probe.deleteLater()
    return leaked


def void_call_leaks_none() -> bool:
    """Does calling a void Qt method (setObjectName, setPen, drawText, …) lose a reference to
    ``None``? The same 6.12.0 bug: every paint makes many such calls, so the interpreter
    aborts with "none_dealloc" after a few thousand paints."""
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(8):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before


def install_bool_guard() -> bool:
    """Apply the workaround if this interpreter + PySide6 need it; True if applied. Each
    singleton gets headroom only if its own leak is seen."""
    global _installed
    if _installed:
        return True
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    leaking = [*((True, False) if emit_leaks_true() else ()),
               *((None,) if void_call_leaks_none() else ())]
    for singleton in leaking:
        # ob_refcnt is the first field of every CPython object.
        ctypes.c_ssize_t.from_address(id(singleton)).value += _HEADROOM
    _installed = bool(leaking)
    return _installed

"""Waiting for a window's first paint without a Python paint handler.

A widget window is painted while Qt handles its expose event (QWidgetWindow paints the exposed
region there and then, before the event returns), so once its QWindow says it is exposed it
has painted. `wait_until_painted` runs a local event loop and asks that each time the loop is
about to wait for more events (QAbstractEventDispatcher.aboutToBlock): no timer polling, and
no paintEvent override. An override would have shiboken hand Python a QPaintEvent, whose type
is built with QEvent's and its ~180-member Type enum: ~13M instructions of the first frame
(callgrind), a fifth of everything the studio's first paint costs beyond a bare window's. The
QWindow type is ~3M, the dispatcher's nothing to speak of.

Nothing here runs inside a coroutine: ui.main calls it before asyncio is even imported, so the
local loop nests nothing."""

from __future__ import annotations

# the longest the first frame waits on a platform that never exposes the window (a headless
# session without a compositor's answer): the studio starts all the same after it
TIMEOUT_MS = 3000


def is_painted(window) -> bool:
    """Whether `window` (a top-level QWidget) is on screen with its first paint done."""
    handle = window.windowHandle()
    return handle is not None and handle.isExposed()


def wait_until_painted(window, timeout_ms: int = TIMEOUT_MS) -> bool:
    """Run Qt's event loop until the shown `window` has painted, or `timeout_ms` passed;
    whether it has painted. A window never shown (no native window to expose) is not
    waited for."""
    from PySide6.QtCore import QAbstractEventDispatcher, QEventLoop, QTimer

    handle = window.windowHandle()  # made by show(), at once
    if handle is None or handle.isExposed():
        return handle is not None
    loop = QEventLoop()
    dispatcher = QAbstractEventDispatcher.instance()

    def check() -> None:
        if handle.isExposed():
            loop.quit()

    dispatcher.aboutToBlock.connect(check)
    QTimer.singleShot(timeout_ms, loop.quit)
    try:
        loop.exec()
    finally:
        dispatcher.aboutToBlock.disconnect(check)
    return is_painted(window)

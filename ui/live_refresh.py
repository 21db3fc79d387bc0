"""While the studio is open, what reelroom-cli changes in the library shows within about a
second: a cheap poll of the library's change counter on a timer, and only when another
process committed, a refresh of just what changed (app.services.document_sync, and the
queue's jobs)."""

from __future__ import annotations

import logging
import sqlite3

from PySide6.QtCore import QObject, QTimer

from app.services.library_watch import LibraryWatch

log = logging.getLogger(__name__)

POLL_MS = 400  # one PRAGMA per tick: well under a millisecond


class LiveRefresh(QObject):
    def __init__(self, window, studio, queue) -> None:
        super().__init__(window)
        self.window = window  # the shell: its status bar and undo stack
        self.studio = studio
        self.queue = queue
        self.watch = LibraryWatch(studio.db)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def poll(self) -> None:
        try:
            if not self.watch.changed_elsewhere():
                return
            self.apply()
        except sqlite3.Error as exc:  # the library is closing with the window
            log.debug("live refresh skipped: %s", exc)
            self.timer.stop()

    def apply(self) -> None:
        doc = self.studio.document
        if doc is not None:
            report = doc.sync_from_library()
            if report.removed:
                # undo steps may name shots another process deleted: they cannot be replayed
                self.window.undo_stack.clear()
            if report.added or report.removed:
                bits = [f"{len(report.added)} shot(s) added" if report.added else "",
                        f"{len(report.removed)} removed" if report.removed else ""]
                self.window.statusBar().showMessage(
                    "Changed outside the studio: " + ", ".join(b for b in bits if b), 8000)
        self.queue.sync_from_library()

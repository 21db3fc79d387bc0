"""Help → Diagnostics: the doctor report, gathered off the GUI thread."""

from __future__ import annotations

import asyncio

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout

from app.diagnostics import report_text, run_doctor


class DiagnosticsDialog(QDialog):
    def __init__(self, studio, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reelroom — Diagnostics")
        self.studio = studio
        self.text = QPlainTextEdit("Checking Python, Qt, ffmpeg, libvlc, keyring and folders…")
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(760, 460)
        self.task: asyncio.Task | None = None

    def start(self) -> asyncio.Task:
        loop = asyncio.get_event_loop()
        prefs = self.studio.settings.player_backend

        async def gather() -> str:
            checks = await loop.run_in_executor(
                None, lambda: run_doctor(self.studio.secrets, prefs, self.studio.paths))
            report = report_text(checks)
            self.text.setPlainText(report)
            return report

        self.task = loop.create_task(gather())
        return self.task

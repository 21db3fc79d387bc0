"""Shot → Script to shots…: paste a script or outline, get proposed shots (from the studio
platform when connected, else the local splitter), review them in a table, and insert the
ticked ones after the selection as one undoable step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain import CameraMove, ShotType
from app.services.commands import AddShots
from app.services.prompt_tools import PromptTools, connection_problem
from app.services.script_to_shots import Proposal, insert_command, propose_shots
from app.services.studio import Studio
from app.validation_text import user_text
from ui.choice_delegate import ChoiceDelegate
from ui.library.proposal_model import CAMERA, PROMPT, SECONDS, TITLE, TYPE, ProposalModel
from ui.library.tasks import Tasks
from ui.library.templates_dialog import ERROR_STYLE, OK_STYLE
from ui.theme import set_tone
from ui.undo import UndoController

EXAMPLE = ("Paste a screenplay, an outline or plain paragraphs. For example:\n\n"
           "EXT. HARBOUR - DAWN\nFog rolls over the water. A lone boat drifts past the "
           "lighthouse.\n\nCLOSE ON Mara's hands coiling a wet rope.\n\n"
           "1. Drone shot over the town waking up\n2. Wide shot of the market, camera pans "
           "across the stalls")


class ScriptDialog(QDialog):
    def __init__(self, studio: Studio, undo: UndoController, insert_at: int,
                 parent=None) -> None:
        super().__init__(parent)
        assert undo.doc is not None
        self.studio, self.undo, self.doc = studio, undo, undo.doc
        self.insert_at = insert_at
        self.tasks = Tasks()
        self.inserted: AddShots | None = None
        self.setWindowTitle("Script to shots")

        self.script = QPlainTextEdit()
        self.script.setPlaceholderText(EXAMPLE)
        self.use_platform = QCheckBox("Use the studio platform's AI breakdown")
        problem = connection_problem(studio)
        self.use_platform.setEnabled(problem is None)
        self.use_platform.setChecked(problem is None)
        self.use_platform.setToolTip(problem or "Falls back to the local splitter if it fails")
        self.propose_btn = QPushButton("Propose shots")
        self.propose_btn.clicked.connect(self.propose)
        top = QWidget()
        tv = QVBoxLayout(top)
        tv.setContentsMargins(0, 0, 0, 0)
        tv.addWidget(QLabel("<b>1.</b> Script or outline"))
        tv.addWidget(self.script, 1)
        row = QHBoxLayout()
        row.addWidget(self.use_platform)
        row.addStretch(1)
        row.addWidget(self.propose_btn)
        tv.addLayout(row)

        self.model = ProposalModel(self)
        self.model.kept_changed.connect(self._kept_changed)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(TYPE, ChoiceDelegate(ShotType, self.table))
        self.table.setItemDelegateForColumn(CAMERA, ChoiceDelegate(CameraMove, self.table))
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(PROMPT, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(28)
        self.table.setColumnWidth(0, 28)
        self.table.setColumnWidth(TITLE, 190)
        self.table.setColumnWidth(SECONDS, 64)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        bottom = QWidget()
        bv = QVBoxLayout(bottom)
        bv.setContentsMargins(0, 0, 0, 0)
        bv.addWidget(QLabel("<b>2.</b> Review — untick shots to drop them; double-click any "
                            "cell to edit it"))
        bv.addWidget(self.table, 1)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setSizes([220, 300])
        split.setChildrenCollapsible(False)

        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.insert_btn = QPushButton("Insert shots")
        self.insert_btn.setEnabled(False)
        self.insert_btn.clicked.connect(self.insert)
        self.cancel_btn = QPushButton("Cancel")
        self.cancel_btn.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.insert_btn)
        buttons.addWidget(self.cancel_btn)

        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self.resize(880, 600)

    def say(self, text: str, error: bool = False) -> None:
        set_tone(self.status, ERROR_STYLE if error else OK_STYLE)
        self.status.setText(text)

    def _kept_changed(self, n: int) -> None:
        where = (f"after shot {self.insert_at}" if 0 < self.insert_at < len(self.doc.shots)
                 else "at the end" if self.insert_at >= len(self.doc.shots) and
                 len(self.doc.shots) else "at the start")
        self.insert_btn.setText(f"Insert {n} shot{'s' if n != 1 else ''} {where}")
        self.insert_btn.setEnabled(n > 0)

    # -- proposing ------------------------------------------------------------------------
    def propose(self):
        text = self.script.toPlainText()
        remote = self.use_platform.isChecked() and self.use_platform.isEnabled()

        async def run() -> Proposal:
            if not remote:
                return await propose_shots(text)
            async with PromptTools.connect(self.studio) as tools:
                return await propose_shots(text, tools)

        def done(proposal: Proposal) -> None:
            self.propose_btn.setEnabled(True)
            self.model.set_shots(proposal.shots)
            fallback = proposal.source == "local" and remote
            self.say(proposal.notice, error=fallback)

        def failed(message: str) -> None:
            self.propose_btn.setEnabled(True)
            self.say(message, error=True)

        self.propose_btn.setEnabled(False)
        self.say("Asking the studio platform to break the script into shots…" if remote
                 else "Splitting the script…")
        return self.tasks.start(run(), done, failed)

    # -- inserting ------------------------------------------------------------------------
    def insert(self) -> AddShots | None:
        try:
            cmd = insert_command(self.doc, self.insert_at, self.model.shots)
        except ValueError as exc:
            self.say(user_text(exc), error=True)
            return None
        self.inserted = self.undo.push(cmd)
        self.accept()
        return cmd

    def done(self, result: int) -> None:
        self.tasks.cancel_all()
        super().done(result)

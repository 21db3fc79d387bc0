"""The cue editor: a subtitle track's cues as a table — start, end and text editable in
place, every edit one undoable command (typing in one cell merges into one step) — with
Add (at the playhead), Remove, Import… and Export…. Times are typed as seconds (12.5) or
as a clock (0:12.500, 00:00:12,500)."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.soundtrack import SubtitleCue
from app.services.commands.sound import AddCues, RemoveCues, UpdateCue
from app.services.project_document import ProjectDocument
from app.validation_text import user_text

COLUMNS = ("Start", "End", "Text")
_CLOCK = re.compile(r"^\s*(?:(\d+):)?(?:(\d+):)?(\d+(?:[.,]\d+)?)\s*$")


def parse_time(text: str) -> float:
    """Seconds from '12.5', '0:12.5', '00:00:12,500'; ValueError in words otherwise."""
    m = _CLOCK.match(text)
    if not m:
        raise ValueError(f"“{text}” is not a time: type seconds (12.5) or a clock (0:12.500)")
    a, b, sec = m.groups()
    parts = [int(x) for x in (a, b) if x is not None]
    hours, minutes = (parts[0], parts[1]) if len(parts) == 2 else (0, parts[0] if parts else 0)
    return hours * 3600 + minutes * 60 + float(sec.replace(",", "."))


def clock(seconds: float) -> str:
    m, s = divmod(max(0.0, seconds), 60)
    h, m = divmod(int(m), 60)
    return f"{h}:{m:02d}:{s:06.3f}" if h else f"{m}:{s:06.3f}"


class CueTableModel(QAbstractTableModel):
    """One subtitle track's cues, in start order, read from doc.sound (reset when they
    change: a track holds hundreds of cues, not thousands)."""

    problem = Signal(str)

    def __init__(self, doc: ProjectDocument, track_id: str,
                 push: Callable[[object], object]) -> None:
        super().__init__()
        self.doc = doc
        self.track_id = track_id
        self.push = push
        self._cues = doc.sound.cues(track_id)
        doc.sound.cues_changed.connect(self._changed)

    def close(self) -> None:
        self.doc.sound.cues_changed.disconnect(self._changed)

    def _changed(self, track_id: str) -> None:
        if track_id == self.track_id:
            self.beginResetModel()
            self._cues = self.doc.sound.cues(self.track_id)
            self.endResetModel()

    def cue(self, row: int) -> SubtitleCue:
        return self._cues[row]

    def row_of(self, cue_id: str) -> int:
        return next((r for r, c in enumerate(self._cues) if c.id == cue_id), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._cues)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return COLUMNS[section]
            return str(section + 1)
        return None

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        cue = self._cues[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == 0:
                return clock(cue.start)
            if col == 1:
                return clock(cue.end)
            return cue.text if role == Qt.ItemDataRole.EditRole else cue.text.replace("\n", " ⏎ ")
        if role == Qt.ItemDataRole.ToolTipRole and col == 2:
            return cue.text
        if role == Qt.ItemDataRole.TextAlignmentRole and col < 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index):
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def setData(self, index, value, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        cue = self._cues[index.row()]
        try:
            if index.column() == 2:
                text = str(value).strip()
                if not text:
                    raise ValueError("a cue needs some text (Remove deletes a cue)")
                if text == cue.text:
                    return False
                change = {"text": text}
            else:
                seconds = round(parse_time(str(value)), 3)
                field = "start" if index.column() == 0 else "end"
                if abs(getattr(cue, field) - seconds) < 1e-6:
                    return False
                change = {field: seconds}
            self.push(UpdateCue(cue, **change))
        except ValueError as exc:
            self.problem.emit(user_text(exc))
            return False
        return True


class CueEditor(QDialog):
    """Non-modal: it stays open beside the timeline while the film plays."""

    import_requested = Signal(str)  # track id
    export_requested = Signal(str)

    def __init__(self, doc: ProjectDocument, track_id: str, push: Callable[[object], object],
                 playhead: Callable[[], float], seek: Callable[[float], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.push = push
        self.playhead = playhead
        self.seek = seek
        self.setWindowTitle("Subtitle cues")
        self.resize(640, 420)
        self.track_box = QComboBox(self)
        for t in doc.sound.of_kind("subtitle"):
            self.track_box.addItem(t.name, t.id)
        self.model: CueTableModel | None = None
        self.table = QTableView(self)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.message = QLabel("", self)
        self.message.setObjectName("cueMessage")
        self.message.setWordWrap(True)
        self.count = QLabel("", self)
        add = QPushButton("Add at playhead", self)
        add.clicked.connect(self.add_cue)
        self.remove_btn = QPushButton("Remove", self)
        self.remove_btn.clicked.connect(self.remove_selected)
        imp = QPushButton("Import…", self)
        imp.clicked.connect(lambda: self.import_requested.emit(self.track_id))
        exp = QPushButton("Export…", self)
        exp.clicked.connect(lambda: self.export_requested.emit(self.track_id))
        close = QPushButton("Close", self)
        close.clicked.connect(self.close)
        top = QHBoxLayout()
        top.addWidget(QLabel("Track:", self))
        top.addWidget(self.track_box, 1)
        top.addWidget(self.count)
        buttons = QHBoxLayout()
        for b in (add, self.remove_btn, imp, exp):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.track_box.currentIndexChanged.connect(lambda _i: self._bind())
        self.show_track(track_id)

    @property
    def track_id(self) -> str:
        return self.track_box.currentData()

    def show_track(self, track_id: str, cue_id: str | None = None) -> None:
        k = self.track_box.findData(track_id)
        if k >= 0 and k != self.track_box.currentIndex():
            self.track_box.setCurrentIndex(k)  # rebinds
        elif self.model is None or self.model.track_id != track_id:
            self._bind()
        if cue_id and self.model is not None:
            row = self.model.row_of(cue_id)
            if row >= 0:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))

    def _bind(self) -> None:
        if self.model is not None:
            self.model.close()
        self.model = CueTableModel(self.doc, self.track_id, self.push)
        self.model.problem.connect(self.message.setText)
        self.model.modelReset.connect(self._count)
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self._count()

    def _count(self) -> None:
        n = self.model.rowCount() if self.model is not None else 0
        self.count.setText(f"{n} cue{'s' if n != 1 else ''}")
        self.remove_btn.setEnabled(n > 0)

    def _row_changed(self, current: QModelIndex, _previous) -> None:
        if current.isValid() and self.seek is not None and self.model is not None:
            self.seek(self.model.cue(current.row()).start)

    def add_cue(self) -> SubtitleCue:
        start = round(max(0.0, self.playhead()), 3)
        cue = SubtitleCue(track_id=self.track_id, start=start, end=start + 2.0, text="New cue")
        self.push(AddCues([cue], "Add subtitle cue"))
        row = self.model.row_of(cue.id)
        self.table.selectRow(row)
        self.table.edit(self.model.index(row, 2))
        return cue

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        cues = [self.model.cue(r) for r in rows]
        if cues:
            self.push(RemoveCues(cues))

    def showEvent(self, event) -> None:
        if self.model is None:
            self._bind()
        super().showEvent(event)

    def closeEvent(self, event) -> None:
        if self.model is not None:
            self.model.close()
            self.model = None
            self.table.setModel(None)
        super().closeEvent(event)

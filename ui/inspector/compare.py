"""Two takes side by side, playing in step: one transport drives both pictures, each side lists
the take's parameters with the ones that differ highlighted, and "Use this take" on either side
makes it the shot's take (an undoable SelectTake)."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from app.domain import Take
from app.services.commands import SelectTake
from app.services.project_document import ProjectDocument
from app.services.service_names import display_name
from ui.inspector.take_model import created_text
from ui.player.qt_backend import QtBackend
from ui.player.timefmt import format_timecode
from ui.theme import colour
from ui.undo import UndoController

# How far the second picture may drift from the first before it is pulled back (a seek costs a
# visible hiccup, so small drift is tolerated).
MAX_DRIFT_MS = 120


def take_parameters(take: Take, param_keys: list[str] | None = None) -> list[tuple[str, str]]:
    """(label, value) rows that describe how a take was made. Given the same `param_keys`,
    two takes get the same rows in the same order, so their tables line up."""
    keys = param_keys if param_keys is not None else sorted(take.params)
    rows: list[tuple[str, Any]] = [
        ("Service", display_name(take.provider) if take.provider else take.source),
        ("Model", take.model or "—"),
        ("Seed", take.seed if take.seed is not None else take.params.get("seed", "—")),
        ("Duration", f"{take.duration:.2f} s" if take.duration else "—"),
        ("Cost", (f"${take.cost:.2f}" if take.cost_currency == "USD"
                  else f"{take.cost:.2f} {take.cost_currency}") if take.cost is not None
         else "—"),
        ("Created", created_text(take.created)),
    ]
    rows += [(str(k), take.params.get(k, "—")) for k in keys if k != "seed"]
    rows.append(("Prompt", take.prompt or "—"))
    return [(label, str(value)) for label, value in rows]


def shared_keys(a: Take, b: Take) -> list[str]:
    return sorted(set(a.params) | set(b.params))


def differing(a: Take, b: Take) -> set[str]:
    """Labels whose values differ between the two takes (the creation time always does)."""
    keys = shared_keys(a, b)
    pa, pb = dict(take_parameters(a, keys)), dict(take_parameters(b, keys))
    return {k for k in pa if k != "Created" and pa[k] != pb[k]}


def parameters_html(take: Take, highlight: set[str], param_keys: list[str]) -> str:
    cells = []
    for label, value in take_parameters(take, param_keys):
        style = (f' style="background-color:{colour("compare-highlight").name()}; '
                 f'color:{colour("compare-highlight-text").name()};"' if label in highlight else "")
        cells.append(f"<tr><td><b>{html.escape(label)}</b>&nbsp;</td>"
                     f"<td{style}>{html.escape(value)}</td></tr>")
    return f"<table cellspacing='2'>{''.join(cells)}</table>"


class _Side(QWidget):
    use_clicked = Signal(object)  # Take

    def __init__(self, take: Take, highlight: set[str], param_keys: list[str],
                 parent=None) -> None:
        super().__init__(parent)
        self.take = take
        self.backend = QtBackend(self)
        self.picture_shown = False  # the take's first frame is up (set once, by the backend)
        self.backend.picture_shown.connect(lambda: setattr(self, "picture_shown", True))
        self.backend.set_loop(True)
        self.backend.set_muted(True)  # two soundtracks at once help nobody
        self.title = QLabel(f"<b>Take {take.number}</b>" + (" ★" if take.favourite else ""))
        self.params = QLabel(parameters_html(take, highlight, param_keys))
        self.params.setTextFormat(Qt.TextFormat.RichText)
        self.params.setWordWrap(True)
        self.params.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.params.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.use_button = QPushButton("Use this take")
        self.use_button.clicked.connect(lambda: self.use_clicked.emit(self.take))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.backend.video_widget(), 1)
        layout.addWidget(self.params)
        layout.addWidget(self.use_button)
        self.backend.load(take.media_path)

    def mark_in_use(self, in_use: bool) -> None:
        self.use_button.setEnabled(not in_use)
        self.use_button.setText("In use" if in_use else "Use this take")


class CompareDialog(QDialog):
    take_chosen = Signal(object)  # Take

    def __init__(self, doc: ProjectDocument, undo: UndoController, a: Take, b: Take,
                 parent=None) -> None:
        super().__init__(parent)
        self.doc, self.undo = doc, undo
        self.setWindowTitle(f"Compare take {a.number} and take {b.number}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        diff, keys = differing(a, b), shared_keys(a, b)
        self.differences = diff
        self.left, self.right = _Side(a, diff, keys, self), _Side(b, diff, keys, self)
        for side in (self.left, self.right):
            side.use_clicked.connect(self.use)
        self.play_button = QPushButton("Play both")
        self.play_button.clicked.connect(self.toggle)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.sliderMoved.connect(self.seek)
        self.time = QLabel(format_timecode(0))
        self.message = QLabel("")
        self.message.setWordWrap(True)

        sides = QGridLayout()
        sides.addWidget(self.left, 0, 0)
        sides.addWidget(self.right, 0, 1)
        transport = QHBoxLayout()
        transport.addWidget(self.play_button)
        transport.addWidget(self.slider, 1)
        transport.addWidget(self.time)
        layout = QVBoxLayout(self)
        layout.addLayout(sides, 1)
        layout.addLayout(transport)
        layout.addWidget(self.message)
        self.resize(960, 620)

        lead = self.left.backend
        lead.position_changed.connect(self._lead_moved)
        for side in (self.left, self.right):
            side.backend.duration_changed.connect(self._durations)
            side.backend.state_changed.connect(self._states)
            side.backend.error.connect(self.message.setText)
        self._sync_in_use()
        # the first frame of each, paused: something to look at before pressing play
        for side in (self.left, self.right):
            side.backend.pause()

    def pictures_shown(self) -> bool:
        return self.left.picture_shown and self.right.picture_shown

    @property
    def backends(self) -> tuple[QtBackend, QtBackend]:
        return self.left.backend, self.right.backend

    # -- transport ------------------------------------------------------------------------
    def playing(self) -> bool:
        return self.left.backend.state == "playing"

    def toggle(self) -> None:
        if self.playing():
            self.pause()
        else:
            self.play()

    def play(self) -> None:
        self.right.backend.seek(self.left.backend.position_ms)
        for b in self.backends:
            b.play()

    def pause(self) -> None:
        for b in self.backends:
            b.pause()
        self.right.backend.seek(self.left.backend.position_ms)

    def seek(self, ms: int) -> None:
        for b in self.backends:
            b.seek(ms)

    def _lead_moved(self, ms: int) -> None:
        if not self.slider.isSliderDown():
            self.slider.setValue(ms)
        self.time.setText(format_timecode(ms, self.left.backend.fps))
        follower = self.right.backend
        if follower.state == "playing" and follower.duration_ms > ms and \
                abs(follower.position_ms - ms) > MAX_DRIFT_MS:
            follower.seek(ms)

    def _durations(self, _ms: int) -> None:
        self.slider.setRange(0, max(b.duration_ms for b in self.backends))

    def _states(self, _state: str) -> None:
        self.play_button.setText("Pause both" if self.playing() else "Play both")

    # -- choosing -------------------------------------------------------------------------
    def use(self, take: Take) -> None:
        try:
            in_use = self.doc.shots.get(take.shot_id).selected_take_id
            if in_use != take.id:
                self.undo.push(SelectTake(self.doc, take.shot_id, take.id))
        except (KeyError, RuntimeError) as exc:
            self.message.setText(f"Could not use take {take.number}: {exc}")
            return
        self.message.setText(f"Take {take.number} is now the shot's take.")
        self._sync_in_use()
        self.take_chosen.emit(take)

    def _sync_in_use(self) -> None:
        try:
            in_use = self.doc.shots.get(self.left.take.shot_id).selected_take_id
        except KeyError:
            in_use = None
        for side in (self.left, self.right):
            side.mark_in_use(side.take.id == in_use)

    def done(self, result: int) -> None:
        for b in self.backends:
            b.shutdown()
        super().done(result)

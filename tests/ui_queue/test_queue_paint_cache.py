"""The Queue's progress bars are drawn once per look and then copied (JobDelegate._bar), and
its cut texts kept (ui/queue/elided_texts.py): the copied bars must be the pixels the style
draws in place, for done, running and failed rows, plain, alternate, selected and current,
scrolled, in another font, and twice over (the second paint from what the first kept)."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QColor, QFont, QImage
from PySide6.QtWidgets import QStyle, QStyleOptionProgressBar

from app.providers.base import RemoteHandle
from app.services.queue import JobState
from tests.ui_queue.conftest import open_project_with_shots
from tests.ui_queue.test_screenshot import put
from ui.queue.cell_pictures import CellPictures
from ui.queue.delegate import JobDelegate

NOW = 1_790_000_000.0


def _progress_in_place(self, painter, option, data, cell) -> None:
    """How a bar was drawn before: by the style, in place, on every paint."""
    state = self._state(data)
    if state is None or state == JobState.QUEUED or (state.finished
                                                      and state != JobState.DONE):
        return
    percent = data.percent
    bar = QStyleOptionProgressBar()
    bar.rect = option.rect.adjusted(4, 4, -4, -4)
    bar.state = option.state | QStyle.StateFlag.State_Horizontal
    bar.direction = option.direction
    bar.fontMetrics = option.fontMetrics
    bar.palette = option.palette
    bar.textVisible = True
    bar.textAlignment = Qt.AlignmentFlag.AlignCenter
    bar.minimum, bar.maximum = 0, 100
    bar.progress = int(max(0.0, min(100.0, float(percent))))
    bar.text = f"{bar.progress}%"
    widget = option.widget
    widget.style().drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, widget)


def _largest_difference(a: QImage, b: QImage) -> int:
    assert a.size() == b.size()
    worst = 0
    for y in range(a.height()):
        for x in range(a.width()):
            if a.pixel(x, y) != b.pixel(x, y):
                p, q = QColor(a.pixel(x, y)), QColor(b.pixel(x, y))
                worst = max(worst, abs(p.red() - q.red()), abs(p.green() - q.green()),
                            abs(p.blue() - q.blue()))
    return worst


def _jobs(window) -> None:
    doc = open_project_with_shots(window, 6)
    queue = window.features.queue.queue
    queue.pause()  # drawn, not sent
    h = RemoteHandle(provider="openai", remote_id="video_1")
    sent = (JobState.SUBMITTING, {"started": NOW - 95})
    for k in range(12):
        put(queue, doc, k % 6, "openai", sent, (JobState.RUNNING, {"handle": h}),
            (JobState.DOWNLOADING, {}),
            (JobState.DONE, {"finished": NOW - 20 - k, "percent": 100.0}))
    put(queue, doc, 1, "openai", sent, (JobState.RUNNING, {"handle": h, "percent": 62.0}))
    put(queue, doc, 3, "openai", sent, (JobState.FAILED, {"finished": NOW - 50,
                                                          "last_error": "rejected"}))
    put(queue, doc, 5, "openai")


def shown_queue(window, qtbot):
    """The Queue dock shown with `_jobs`' 15 rows, its elapsed times held still: its view."""
    _jobs(window)
    window.features.queue.model.clock = lambda: NOW  # elapsed times hold still
    view = window.features.queue.panel.view
    window.resize(1500, 900)
    window.docks["queue"].show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: view.model().rowCount() == 15)
    return view


def view_states(window, view) -> Iterator[tuple[list[int], int]]:
    """Put the view in each look a cell's pixels depend on: no selection, one row and
    three rows selected (the first current, the view focused), each scrolled to the top, a
    little and to the end; yields (selected rows, scroll value) once each is in place."""
    proxy = window.features.queue.panel.proxy
    sm = view.selectionModel()
    for selected in ([], [0], [2, 3, 7]):
        sm.clearSelection()
        for row in selected:
            sm.select(proxy.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                      | QItemSelectionModel.SelectionFlag.Rows)
        if selected:
            sm.setCurrentIndex(proxy.index(selected[0], 2),
                               QItemSelectionModel.SelectionFlag.NoUpdate)
            view.setFocus()
        for value in (0, 3, view.verticalScrollBar().maximum()):
            view.verticalScrollBar().setValue(value)
            yield selected, value


def other_looks(window, view) -> Iterator[str]:
    """After view_states: a font 3 points larger (other bars, other cut texts), scrolled to
    the top ("font"), then the window disabled as well ("disabled"); enabled again after."""
    font = QFont(view.font())
    font.setPointSizeF(font.pointSizeF() + 3)
    view.setFont(font)
    view.verticalScrollBar().setValue(0)
    yield "font"
    window.setEnabled(False)
    try:
        yield "disabled"
    finally:
        window.setEnabled(True)


def draw_every_cell(monkeypatch) -> None:
    """Every cell drawn in place, none copied from a kept picture (ui/queue/cell_pictures.py),
    for tests of what is drawn."""
    monkeypatch.setattr(CellPictures, "paint", lambda self, painter, option, look, draw:
                        draw(painter))


def test_copied_progress_bars_are_the_bars_drawn_in_place(window, qtbot, monkeypatch, each_theme):
    draw_every_cell(monkeypatch)
    view = shown_queue(window, qtbot)
    cached = JobDelegate.__dict__["_paint_progress"]

    def grabs(in_place: bool) -> QImage:
        if in_place:
            monkeypatch.setattr(JobDelegate, "_paint_progress", _progress_in_place)
        else:
            monkeypatch.setattr(JobDelegate, "_paint_progress", cached)
        view.viewport().grab()  # a first paint fills the cache
        return view.viewport().grab().toImage()

    for selected, value in view_states(window, view):
        assert grabs(in_place=False) == grabs(in_place=True), (selected, value)
    for look in other_looks(window, view):
        if look == "disabled":
            # Drawn disabled, the style's own bars differ by one level from row to row (its
            # rounding depends on where a bar is drawn); a copy is the first row's, so it may
            # differ from another row's in-place bar by that one level, never more
            assert _largest_difference(grabs(in_place=False), grabs(in_place=True)) <= 1
        else:
            assert grabs(in_place=False) == grabs(in_place=True), look

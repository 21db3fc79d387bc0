"""The Queue's cells are copied from kept pictures when they look as they did
(ui/queue/cell_pictures.py): the copies must be the pixels drawn in place, for done,
running, failed and waiting rows, plain, alternate, selected and current, scrolled, in
another font, in both themes; a job that changes is drawn anew, and the kept pictures stay
within their bound."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtWidgets import QStyleOptionViewItem, QWidget

from app.services.queue import JobState
from tests.ui_queue.test_queue_paint_cache import (
    NOW,
    _largest_difference,
    other_looks,
    shown_queue,
    view_states,
)
from ui.queue.cell_pictures import CellPictures
from ui.queue.delegate import JobDelegate

_KEPT_PAINT = CellPictures.paint


def _drawn(self, painter, option, look, draw) -> None:
    draw(painter)


def test_copied_cells_are_the_cells_drawn_in_place(window, qtbot, monkeypatch, each_theme):
    view = shown_queue(window, qtbot)
    delegate = view.itemDelegate()
    drawn: list[int] = []
    cell_drawn = JobDelegate._paint_cell

    def counted(self, painter, option, index, cell) -> None:
        drawn.append(index.row())
        cell_drawn(self, painter, option, index, cell)

    monkeypatch.setattr(JobDelegate, "_paint_cell", counted)

    def grabs(kept: bool) -> QImage:
        monkeypatch.setattr(CellPictures, "paint", _KEPT_PAINT if kept else _drawn)
        view.viewport().grab()  # a first paint fills what is kept
        drawn.clear()
        return view.viewport().grab().toImage()

    copies = 0
    for selected, value in view_states(window, view):
        in_place = grabs(kept=False)
        everything = len(drawn)
        assert grabs(kept=True) == in_place, (selected, value)
        copies += everything - len(drawn)
    assert copies > 100  # the second paints were copies, not drawn again: the check can tell
    for look in other_looks(window, view):  # another font: other cut texts, other sizes
        if look == "disabled":
            # drawn disabled, the style's bars differ by one level from row to row (its
            # rounding depends on where a bar is drawn; tests/ui_queue/test_queue_paint_cache.py)
            assert _largest_difference(grabs(kept=True), grabs(kept=False)) <= 1
        else:
            assert grabs(kept=True) == grabs(kept=False), look
    assert len(delegate._pictures) > 0


def test_a_job_that_changes_is_drawn_anew(window, qtbot):
    view = shown_queue(window, qtbot)
    model = window.features.queue.model
    before = view.viewport().grab().toImage()
    waiting = next(j for j in model.jobs() if j.state == JobState.QUEUED)
    model.job_changed(waiting.model_copy(update={"state": JobState.CANCELLED,
                                                 "finished": NOW - 1,
                                                 "last_error": "Cancelled by you"}))
    after = view.viewport().grab().toImage()
    assert after != before
    delegate = view.itemDelegate()
    delegate._pictures.clear()
    assert view.viewport().grab().toImage() == after  # what is kept is what would be drawn


def test_kept_pictures_stay_within_their_bound(qapp):
    widget = QWidget()
    widget.resize(200, 100)
    pictures = CellPictures(pixels_kept=10 * 40 * 20)
    target = QPixmap(200, 100)
    painter = QPainter(target)
    calls: list[int] = []
    try:
        for n in range(25):
            option = QStyleOptionViewItem()
            option.initFrom(widget)
            option.widget = widget
            option.rect = QRect(QPoint(0, 0), QPoint(39, 19))
            pictures.paint(painter, option, ("look", n), lambda p, n=n: calls.append(n))
        assert len(pictures) == 10  # the newest ten
        pictures.paint(painter, option, ("look", 24), lambda p: calls.append(-1))
        pictures.paint(painter, option, ("look", 0), lambda p: calls.append(-2))
    finally:
        painter.end()
    assert calls == [*range(25), -2]  # the newest was kept, the oldest let go

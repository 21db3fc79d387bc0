"""The Queue's painted cells draw their background from the view's own option (no
initStyleOption round trip through the model): the same pixels as before, for plain,
alternate and selected rows in every state, in both themes."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QApplication, QStyle

from app.providers.base import RemoteHandle
from app.services.queue import JobState
from tests.ui_queue.conftest import open_project_with_shots
from tests.ui_queue.test_queue_paint_cache import draw_every_cell
from tests.ui_queue.test_screenshot import put
from ui.queue.delegate import JobDelegate


def _background_via_init_style_option(self, painter, option, index) -> None:
    """How a cell's background was drawn before: the option filled in from the model."""
    opt = type(option)(option)
    self.initStyleOption(opt, index)
    opt.text = ""
    widget = option.widget
    style = widget.style() if widget else QApplication.style()
    style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)


def test_cells_paint_the_same_pixels_as_through_init_style_option(window, qtbot, monkeypatch,
                                                                  each_theme):
    draw_every_cell(monkeypatch)
    doc = open_project_with_shots(window, 5)
    queue = window.features.queue.queue
    queue.pause()  # drawn, not sent
    now = time.time()
    h = RemoteHandle(provider="openai", remote_id="video_1")
    sent = (JobState.SUBMITTING, {"started": now - 95})
    put(queue, doc, 0, "openai", sent, (JobState.RUNNING, {"handle": h}),
        (JobState.DOWNLOADING, {}), (JobState.DONE, {"finished": now - 20, "percent": 100.0}))
    put(queue, doc, 1, "openai", sent, (JobState.RUNNING, {"handle": h, "percent": 62.0}))
    put(queue, doc, 2, "openai", sent, (JobState.FAILED, {"finished": now - 50,
                                                          "last_error": "rejected"}))
    put(queue, doc, 3, "openai")
    put(queue, doc, 4, "openai")
    panel = window.features.queue.panel
    window.features.queue.model.clock = lambda: now  # elapsed times hold still
    view = panel.view
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: view.model().rowCount() == 5)
    view.selectRow(1)
    lazy = view.viewport().grab().toImage()
    monkeypatch.setattr(JobDelegate, "_background", _background_via_init_style_option)
    eager = view.viewport().grab().toImage()
    assert lazy == eager

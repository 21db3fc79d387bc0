"""The big views' scroll bars repaint alone (ui/scroll_bars.py): a scroll step paints the bar
and the view, not the window, dock and panels beneath the bar. That is only right if what
the bar paints by itself is exactly what the whole stack painted there, in both themes:
otherwise a lone repaint would leave other pixels than a full one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage, QPainter, QRegion
from PySide6.QtWidgets import QApplication, QWidget

from tests.support.painting import PaintCounter
from tests.support.qt_loop import studio_window
from ui.theme import THEMES, apply_theme


@pytest.fixture
def window(qtbot, reelroom_home, running_loop):
    yield from studio_window(qtbot)


def alone(widget: QWidget) -> QImage:
    """What a repaint of only this widget puts on screen: its own background (if it fills
    one) and its paint, over nothing."""
    image = QImage(widget.size(), QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    if widget.autoFillBackground():
        p = QPainter(image)
        p.fillRect(image.rect(), widget.palette().brush(widget.backgroundRole()))
        p.end()
    widget.render(image, QPoint(), QRegion(), QWidget.RenderFlag(0))
    return image


def in_window(window, widget: QWidget) -> QImage:
    """What the whole window shows where the widget is."""
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    return window.grab(rect).toImage().convertToFormat(
        QImage.Format.Format_ARGB32_Premultiplied)


def test_a_scroll_bar_painted_alone_shows_what_the_window_shows(window, qtbot, qapp):
    project = window.studio.create_project("Long film")
    doc = window.open_project(project.id)
    doc.insert_shots(0, [doc.new_shot(title=f"Shot {i}", duration=4.0) for i in range(60)])
    window.editor.set_mode("timeline")
    f = window.features
    bars = {"track view": window.timeline.track_view.horizontalScrollBar(),
            "queue": f.queue.panel.view.verticalScrollBar(),
            "storyboard": window.timeline.view.horizontalScrollBar(),
            "takes": f.takes.takes.view.verticalScrollBar(),
            "media bin": f.media.panel.view.verticalScrollBar()}
    track = bars["track view"]
    qtbot.waitUntil(lambda: track.maximum() > 0)
    track.setValue(track.maximum() // 3)
    plain = QWidget(window.timeline.track_view)  # a widget that fills nothing of its own
    plain.setGeometry(track.geometry())
    plain.show()
    try:
        for theme in THEMES:
            apply_theme(qapp, theme)
            qtbot.wait(20)
            assert alone(plain) != in_window(window, plain)  # the check can tell
            plain.hide()
            assert alone(track) == in_window(window, track), theme
            plain.show()
            for name, bar in bars.items():
                assert bar.autoFillBackground(), name
    finally:
        plain.deleteLater()
        apply_theme(qapp, "dark")


def test_a_scroll_step_of_the_track_view_paints_only_the_view_and_its_bar(window, qtbot):
    project = window.studio.create_project("Long film")
    doc = window.open_project(project.id)
    doc.insert_shots(0, [doc.new_shot(title=f"Shot {i}", duration=4.0) for i in range(60)])
    window.editor.set_mode("timeline")
    view = window.timeline.track_view
    qtbot.waitUntil(lambda: view.horizontalScrollBar().maximum() > 0)
    bar = view.horizontalScrollBar()
    qtbot.wait(50)  # what the open and the mode switch left to paint is painted
    window.repaint()
    counter = PaintCounter()
    QApplication.instance().installEventFilter(counter)
    try:
        bar.setValue(bar.value() + bar.pageStep())
        view.viewport().repaint()
    finally:
        QApplication.instance().removeEventFilter(counter)
    assert view.viewport() in counter.painted and bar in counter.painted
    beneath = [w for w in counter.painted if w not in (view.viewport(), bar)]
    assert beneath == []

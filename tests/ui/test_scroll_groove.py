"""The big views' scroll bars draw their groove from a kept copy (ui/scroll_groove.py) from
their first scroll on. What they show must be what the application's style draws in place:
plain, with the pointer on the handle or an arrow, with the handle pressed, disabled, along
and across, in both themes, and again from what the first paint kept."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QScrollBar, QWidget

from tests.support.qt_loop import studio_window
from ui import scroll_bars, theme
from ui.scroll_bars import keep_groove, paint_scroll_bars_alone


def _looks(qtbot, kept: bool, orientation: Qt.Orientation, size: tuple[int, int],
           value: int = 300) -> dict[str, QImage]:
    host = QWidget()
    qtbot.addWidget(host)
    host.resize(size[0] + 80, size[1] + 80)
    away = QWidget(host)
    away.setGeometry(size[0] + 40, size[1] + 40, 30, 30)
    bar = QScrollBar(orientation, host)
    bar.setAutoFillBackground(True)  # as paint_scroll_bars_alone sets it
    bar.setGeometry(10, 10, *size)
    bar.setRange(0, 1000)
    bar.setPageStep(100)
    bar.setValue(value)
    if kept:
        keep_groove(bar)
    host.show()
    qtbot.waitExposed(host)
    QTest.mouseMove(away, QPoint(5, 5))
    out = {}

    def look(name: str) -> None:
        QApplication.processEvents()
        out[name] = bar.grab().toImage()
        out[name + ", again"] = bar.grab().toImage()  # the second from the kept groove

    look("plain")
    across = orientation == Qt.Orientation.Horizontal
    handle = (QPoint(size[0] * 35 // 100, size[1] // 2) if across
              else QPoint(size[0] // 2, size[1] * 35 // 100))
    QTest.mouseMove(bar, handle)
    look("pointer on the handle")
    QTest.mousePress(bar, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, handle)
    look("handle pressed")
    QTest.mouseRelease(bar, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, handle)
    QTest.mouseMove(bar, QPoint(3, 3))
    look("pointer on an arrow")
    bar.setEnabled(False)
    look("disabled")
    host.close()
    return out


@pytest.mark.parametrize("theme_name", ["dark", "light"])
@pytest.mark.parametrize("orientation, size", [(Qt.Orientation.Horizontal, (1194, 14)),
                                               (Qt.Orientation.Vertical, (14, 338))])
def test_a_kept_groove_bar_shows_what_the_style_draws_in_place(qapp, qtbot, theme_name,
                                                               orientation, size):
    before = theme.current()
    theme.apply_theme(qapp, theme_name)
    try:
        _looks(qtbot, False, orientation, size)  # the first window's activation settles
        in_place = _looks(qtbot, False, orientation, size)
        keep_groove(QScrollBar())  # the shared style made, to look into
        scroll_bars._style._grooves.clear()
        kept = _looks(qtbot, True, orientation, size)
        assert scroll_bars._style._grooves  # drawn from kept copies
        elsewhere = _looks(qtbot, True, orientation, size, value=700)
    finally:
        theme.apply_theme(qapp, before)
    for name, image in in_place.items():
        assert kept[name] == image, name
    assert elsewhere["plain"] != kept["plain"]  # the check can tell: the handle moved
    assert in_place["pointer on the handle"] != in_place["plain"]  # hover shows


@pytest.fixture
def window(qtbot, reelroom_home, running_loop):
    yield from studio_window(qtbot)


def test_the_big_views_bars_keep_their_groove_from_their_first_scroll(window, qtbot):
    """Not before: the views are built before the window's first frame, which makes no
    style of its own."""
    project = window.studio.create_project("Long film")
    doc = window.open_project(project.id)
    doc.insert_shots(0, [doc.new_shot(title=f"Shot {i}", duration=4.0) for i in range(60)])
    window.editor.set_mode("timeline")
    bar = window.timeline.track_view.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    queue_bar = window.features.queue.panel.view.verticalScrollBar()
    assert not bar.property("keptGroove") and not queue_bar.property("keptGroove")
    bar.setValue(bar.pageStep())
    assert bar.property("keptGroove")
    assert not queue_bar.property("keptGroove")
    bar.setValue(0)  # a second scroll changes nothing more
    assert bar.property("keptGroove")


def test_paint_scroll_bars_alone_keeps_grooves_once_scrolled_in_sight(qapp, qtbot):
    from PySide6.QtWidgets import QListView

    view = QListView()
    qtbot.addWidget(view)
    view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
    paint_scroll_bars_alone(view)
    bar = view.verticalScrollBar()
    assert bar.autoFillBackground() and not bar.property("keptGroove")
    bar.setRange(0, 100)
    bar.setValue(10)  # not shown: nothing painted, nothing kept
    assert not bar.property("keptGroove")
    view.show()
    qtbot.waitExposed(view)
    bar.setRange(0, 100)
    bar.setValue(20)
    assert bar.property("keptGroove")
    style = bar.style()
    keep_groove(bar)  # asked again: the same style, not set a second time
    assert bar.style() is style

"""Timeline card thumbnails come from a worker thread: the card shows its placeholder at once
and its picture when the worker delivers; a take without a thumbnail file gets one made."""

from __future__ import annotations

import threading

from PySide6.QtCore import QPoint, QSize
from PySide6.QtGui import QColor, QImage, QPalette

from tests.ui_takes.media import add_take
from ui.timeline.delegate import THUMB_SIZE
from ui.timeline.model import ThumbnailRole
from ui.timeline.thumbnails import ThumbnailLoader, load_thumbnail


def thumb_point(view, row: int) -> QPoint:
    """Inside the card's picture area, away from the placeholder's big shot number."""
    rect = view.visualRect(view.model().index(row, 0))
    return QPoint(rect.left() + 4 + 6 + 12, rect.top() + 4 + 6 + 12)


def pixel(view, point: QPoint) -> QColor:
    return view.viewport().grab().toImage().pixelColor(point)


def test_placeholder_first_then_the_picture_without_blocking(window, qtbot, clips, tmp_path):
    doc = window.open_project(window.studio.create_project("Film").id)
    doc.insert_shots(0, [doc.new_shot(title="Red"), doc.new_shot(title="No take")])
    still = tmp_path / "red.png"
    red = QImage(64, 36, QImage.Format.Format_RGB32)
    red.fill(QColor("#ff0000"))
    red.save(str(still))
    add_take(doc, doc.shots[0].id, clips[0], thumbnail_path=str(still))

    gate = threading.Event()
    calls: list[str] = []

    def gated_load(image, video, cache_dir, size):
        calls.append(threading.current_thread().name)
        gate.wait(10)  # the worker is stuck until the test lets it go
        return load_thumbnail(image, video, cache_dir, size)

    timeline = window.timeline
    loader = ThumbnailLoader(THUMB_SIZE, window.studio.paths.cache / "thumbnails",
                             parent=timeline, load=gated_load)
    timeline.model.set_thumbnail_loader(loader)
    view = timeline.view
    changed: list[int] = []
    timeline.model.dataChanged.connect(lambda a, b, roles: changed.append(a.row()))

    # the GUI paints while the worker is blocked: the placeholder
    placeholder = pixel(view, thumb_point(view, 0))
    assert timeline.model.index(0, 0).data(ThumbnailRole) is None
    qtbot.waitUntil(lambda: len(calls) == 1)
    assert calls[0] != threading.main_thread().name
    assert placeholder == view.palette().color(QPalette.ColorRole.AlternateBase)

    gate.set()
    qtbot.waitUntil(lambda: timeline.model.index(0, 0).data(ThumbnailRole) is not None)
    assert 0 in changed  # the model asked the view to repaint that card
    after = pixel(view, thumb_point(view, 0))
    assert (after.red(), after.green(), after.blue()) == (255, 0, 0)
    # the shot without a take keeps its numbered placeholder and asks the loader nothing
    assert timeline.model.index(1, 0).data(ThumbnailRole) is None
    assert len(calls) == 1
    loader.shutdown()


def test_a_take_without_a_thumbnail_file_gets_one_made_off_thread(window, qtbot, clips):
    doc = window.open_project(window.studio.create_project("Film").id)
    doc.insert_shots(0, [doc.new_shot(title="Bars")])
    take = add_take(doc, doc.shots[0].id, clips[1])  # smptebars, no thumbnail_path
    assert take.thumbnail_path is None
    model = window.timeline.model
    window.timeline.view.viewport().grab()  # painting asks for it
    qtbot.waitUntil(lambda: model.index(0, 0).data(ThumbnailRole) is not None, timeout=20_000)
    pix = model.index(0, 0).data(ThumbnailRole)
    assert pix.size() == THUMB_SIZE
    made = list((window.studio.paths.cache / "thumbnails").iterdir())
    assert len(made) == 1 and made[0].stat().st_size > 0
    assert not window.timeline.thumbnails.failures


def test_missing_media_keeps_the_placeholder_and_is_not_retried(qtbot, tmp_path):
    attempts: list[str] = []

    def load(image, video, cache_dir, size):
        attempts.append(video)
        return load_thumbnail(image, video, cache_dir, size)

    loader = ThumbnailLoader(QSize(40, 24), tmp_path, load=load)
    gone = str(tmp_path / "gone.mp4")
    assert loader.pixmap(None, gone) is None
    with qtbot.waitSignal(loader.ready):
        pass
    assert "missing" in loader.failures[loader.key(None, gone)]
    assert loader.pixmap(None, gone) is None
    assert attempts == [gone]  # asked again while painting: not tried again
    loader.shutdown()


def test_a_thumbnail_is_letterboxed_never_cropped():
    """An animatic card's "SHOT 4 — …" starts at the frame's left edge; cropping a wide frame
    into a card read "HOT 4 —". The whole frame shows, with black bars."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QColor, QImage

    from ui.timeline.thumbnails import fit_image

    wide = QImage(320, 90, QImage.Format.Format_RGB32)
    wide.fill(QColor("green"))
    for x in range(8):  # the first letters
        for y in range(90):
            wide.setPixelColor(x, y, QColor("red"))
    out = fit_image(wide, QSize(144, 88))
    assert out.size() == QSize(144, 88)
    mid = out.height() // 2
    assert out.pixelColor(1, mid).red() > 200 and out.pixelColor(1, mid).green() < 60
    assert out.pixelColor(142, mid).green() > 100  # the right edge is there too
    assert out.pixelColor(72, 2) == QColor("black")  # bars above and below, not a crop
    assert out.pixelColor(72, 85) == QColor("black")

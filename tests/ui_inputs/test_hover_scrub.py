"""Hover-scrubbing a card with the take's service spritesheet: the frame under the pointer
replaces the thumbnail (first frame at the left edge, last at the right), and the thumbnail
comes back when the pointer leaves; the tiling is inferred from the sheet and the video."""

from __future__ import annotations

import subprocess

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QMouseEvent
from PySide6.QtWidgets import QApplication

from app.domain import Take
from app.media.ffmpeg import ffmpeg_exe
from app.media.spritesheet import aspect_of, grid_for
from tests.support.qt_loop import studio_window

COLOURS = ("red", "lime", "blue", "yellow")


@pytest.mark.parametrize(("size", "aspect", "grid"), [
    ((1280, 72), 16 / 9, (10, 1)),  # a strip of ten 128 × 72 frames
    ((640, 144), 16 / 9, (5, 2)),  # two rows of five
    ((1280, 720), 16 / 9, (10, 10)),  # the video's aspect: a square grid of 128-px frames
    ((128, 72), 16 / 9, None),  # one frame is not a sheet
    ((300, 299), 16 / 9, None),  # no tiling of 16:9 frames explains it
    ((360, 256), 9 / 16, (5, 2)),  # portrait frames (a 720x1280 video)
])
def test_the_tiling_is_inferred_from_the_sheet_and_the_video(size, aspect, grid):
    found = grid_for(*size, aspect)
    assert (None if found is None else (found.cols, found.rows)) == grid


def test_frames_run_left_to_right_then_down():
    g = grid_for(640, 144, 16 / 9)
    assert [g.tile(i) for i in (0, 4, 5, 9)] == [(0, 0, 128, 72), (512, 0, 128, 72),
                                                (0, 72, 128, 72), (512, 72, 128, 72)]
    assert (g.frame_at(0.0), g.frame_at(0.55), g.frame_at(1.0)) == (0, 5, 9)
    assert aspect_of("720x1280") == 720 / 1280 and aspect_of(None) == 16 / 9


@pytest.fixture
def sheet(tmp_path):
    """A strip of four 64 × 36 frames, one colour each."""
    inputs = []
    for c in COLOURS:
        inputs += ["-f", "lavfi", "-i", f"color=c={c}:s=64x36"]
    out = tmp_path / "sheet.png"
    subprocess.run([ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-y", *inputs,
                    "-filter_complex", "hstack=inputs=4", "-frames:v", "1", str(out)],
                   check=True)
    return out


@pytest.fixture
def window(qtbot, running_loop, reelroom_home):
    yield from studio_window(qtbot)


def _nearest(colour: QColor) -> str:
    def distance(name: str) -> int:
        ref = QColor(name)
        return sum(abs(a - b) for a, b in zip(ref.getRgb()[:3], colour.getRgb()[:3],
                                              strict=True))

    return min(COLOURS, key=distance)


def _move(viewport, pos: QPoint) -> None:
    QApplication.sendEvent(viewport, QMouseEvent(
        QEvent.Type.MouseMove, QPointF(pos), QPointF(viewport.mapToGlobal(pos)),
        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))


def test_hovering_a_card_scrubs_its_spritesheet(window, qtbot, sheet, sample_clip):
    doc = window.open_project(window.studio.create_project("Sora").id)
    doc.insert_shots(0, [doc.new_shot(title="Fox", provider="openai", model="sora-2")])
    shot_id = doc.shots[0].id
    take = doc.add_take(Take(shot_id=shot_id, provider="openai", model="sora-2",
                             media_path=str(sample_clip), params={"size": "1280x720"},
                             assets={"spritesheet": str(sheet)}))
    doc.update_shot(shot_id, selected_take_id=take.id)
    view = window.timeline.view
    scrub = window.timeline.scrub
    rect = view.visualRect(window.timeline.model.index(0, 0))
    left, right = QPoint(rect.left() + 2, rect.center().y()), QPoint(rect.right() - 2,
                                                                     rect.center().y())
    _move(view.viewport(), left)  # the first hover starts reading the sheet
    qtbot.waitUntil(lambda: str(sheet) in scrub._sheets, timeout=5_000)
    seen = []
    for pos in (left, right):
        _move(view.viewport(), pos)
        row, frame = window.timeline.model.scrub
        assert row == 0 and (frame.width(), frame.height()) == (64, 36)
        seen.append(frame.toImage().pixelColor(32, 18))
    assert [_nearest(c) for c in seen] == ["red", "yellow"]  # first frame, then last
    QApplication.sendEvent(view.viewport(), QEvent(QEvent.Type.Leave))
    assert window.timeline.model.scrub is None  # the thumbnail again

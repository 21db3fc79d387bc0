"""A video view painted from QVideoSink frames, with a caption drawn on top.

Used by the QtMultimedia backend instead of QVideoWidget because:
- QVideoWidget in Qt 6 hosts the picture in a native child window, so a sibling QLabel laid
  over it (the subtitle overlay) ends up *under* the video on real desktops; and
- on the offscreen platform QVideoWidget renders nothing at all (grab() is blank), which
  leaves no way to test or screenshot the picture.
Painting the frame ourselves costs one image conversion per *painted* frame (frames arriving
between paints are never converted), fine for the short generated clips Reelroom previews.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtMultimedia import QVideoFrame, QVideoSink
from PySide6.QtWidgets import QSizePolicy, QWidget


class FrameView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sink = QVideoSink(self)
        self.sink.videoFrameChanged.connect(self._on_frame)
        self._frame: QVideoFrame | None = None
        self._image: QImage | None = None
        self._image_stale = False
        self._caption = ""
        self.frames_received = 0
        self.frames_painted = 0  # paints that put a picture up (not the black of no frame)
        self._after_paint: list[Callable[[], None]] = []
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 90)

    def sizeHint(self) -> QSize:
        return QSize(640, 360)

    @property
    def caption(self) -> str:
        return self._caption

    def set_caption(self, text: str) -> None:
        if text != self._caption:
            self._caption = text
            self.update()

    def clear(self) -> None:
        self._frame, self._image, self._image_stale = None, None, False
        self.update()

    def after_next_paint(self, callback: Callable[[], None]) -> None:
        """Call `callback` once the picture has been painted (on the event-loop turn after
        that paint), or on the next turn when the view is hidden and nothing will paint it."""
        if self.isVisible():
            self._after_paint.append(callback)
            self.update()
        else:
            QTimer.singleShot(0, self, callback)

    def current_image(self) -> QImage | None:
        """The latest frame as an image (converted on demand)."""
        if self._image_stale and self._frame is not None:
            image = self._frame.toImage()
            self._image = None if image.isNull() else image
            self._image_stale = False
        return self._image

    def _on_frame(self, frame: QVideoFrame) -> None:
        # An invalid frame arrives when the player stops; keep showing the last picture.
        if not frame.isValid():
            return
        self.frames_received += 1
        self._frame = frame
        self._image_stale = True
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.black)
        image = self.current_image()
        target = self.rect()
        if image is not None:
            target = _fit(image.size(), self.rect())
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(target, image)
        if self._caption:
            _draw_caption(painter, self._caption, target)
        painter.end()
        if image is not None:
            self.frames_painted += 1
        if self._after_paint and image is not None:
            # after the paint, not inside it: what waits for the picture may change widgets
            waiting, self._after_paint = self._after_paint, []
            for callback in waiting:
                QTimer.singleShot(0, self, callback)


def _fit(size: QSize, bounds: QRect) -> QRect:
    """Largest rect of ``size``'s aspect ratio centred in ``bounds`` (letter/pillar-box)."""
    scaled = size.scaled(bounds.size(), Qt.AspectRatioMode.KeepAspectRatio)
    x = bounds.x() + (bounds.width() - scaled.width()) // 2
    y = bounds.y() + (bounds.height() - scaled.height()) // 2
    return QRect(x, y, scaled.width(), scaled.height())


def _draw_caption(painter: QPainter, text: str, picture: QRect) -> None:
    """Subtitle style: white text with a dark outline, bottom-centred on the picture."""
    font = QFont(painter.font())
    font.setPixelSize(max(12, picture.height() // 14))
    font.setBold(True)
    painter.setFont(font)
    metrics = painter.fontMetrics()
    lines = text.split("\n")
    line_height = metrics.height()
    margin = max(4, picture.height() // 20)
    top = picture.bottom() - margin - line_height * len(lines)
    path = QPainterPath()
    for i, line in enumerate(lines):
        width = metrics.horizontalAdvance(line)
        x = picture.x() + (picture.width() - width) / 2
        y = top + line_height * (i + 1) - metrics.descent()
        path.addText(QPointF(x, y), font, line)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    bounds = QRectF(path.boundingRect()).adjusted(-8, -4, 8, 4)
    painter.fillRect(bounds, QColor(0, 0, 0, 110))
    painter.strokePath(path, QPen(QColor(0, 0, 0), max(2, font.pixelSize() // 8)))
    painter.fillPath(path, QColor(255, 255, 255))

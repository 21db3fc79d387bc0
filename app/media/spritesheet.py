"""Reading a service's spritesheet (OpenAI's `variant=spritesheet`: frames of the video tiled
into one image) as a sequence of frames for hover-scrubbing a card.

The tiling is not documented, so it is inferred from the sheet's size and the video's aspect:
a sheet k frames wide and one frame high is a strip of k frames; a sheet of the video's own
aspect is an n × n grid, with n chosen so a frame is about THUMB_WIDTH pixels wide (the size
services make these previews at). Frames run left to right, then top to bottom."""

from __future__ import annotations

from dataclasses import dataclass

THUMB_WIDTH = 128
MAX_FRAMES = 400
TOLERANCE = 0.04  # how far a tile's aspect may be from the video's


@dataclass(frozen=True)
class Grid:
    cols: int
    rows: int
    width: int  # of the whole sheet
    height: int

    @property
    def count(self) -> int:
        return self.cols * self.rows

    def tile(self, index: int) -> tuple[int, int, int, int]:
        """(x, y, w, h) of frame `index` (clamped into the sheet)."""
        index = max(0, min(self.count - 1, index))
        w, h = self.width // self.cols, self.height // self.rows
        return (index % self.cols) * w, (index // self.cols) * h, w, h

    def frame_at(self, fraction: float) -> int:
        """The frame for a position `fraction` (0 left … 1 right) across the card."""
        return max(0, min(self.count - 1, int(fraction * self.count)))


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE * b


def grid_for(width: int, height: int, aspect: float) -> Grid | None:
    """The tiling of a `width` × `height` sheet of frames of `aspect` (w/h); None when the
    sheet is not one (a single frame, or a size no tiling of that aspect explains)."""
    if width <= 0 or height <= 0 or aspect <= 0:
        return None
    ratio = width / height / aspect
    best: Grid | None = None
    for rows in range(1, 21):
        cols = round(ratio * rows)
        if cols < 1 or cols * rows > MAX_FRAMES or width % cols or height % rows:
            continue  # frames are whole pixels: a sheet is an exact multiple of its frame
        if not _close(width / cols / (height / rows), aspect):
            continue
        if rows == 1 and cols > 1:
            return Grid(cols, 1, width, height)  # a strip
        if cols == rows:  # the video's own aspect: a square grid, sized by the frame width
            n = max(1, round(width / THUMB_WIDTH))
            return Grid(n, n, width, height) if n > 1 else None
        if best is None:
            best = Grid(cols, rows, width, height)
    return best if best is not None and best.count > 1 else None


def aspect_of(size: str | None, default: float = 16 / 9) -> float:
    """The aspect of a "WIDTHxHEIGHT" size (OpenAI's `size` parameter)."""
    try:
        w, h = (int(v) for v in str(size).lower().split("x"))
        return w / h if w > 0 and h > 0 else default
    except (ValueError, TypeError):
        return default

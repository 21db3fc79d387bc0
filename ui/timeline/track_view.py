"""The timeline measured in time: a timecode ruler, the tracks (app.services.tracks) and a
playhead. Painted, not a widget per clip: only the clips in view are asked for, so it stays
instant at 10,000 shots.

Mouse: click or drag on the ruler (or empty track space) to scrub, and the Player follows; click
a clip to select it; drag a clip's edge to trim its take's in/out point (one undoable command,
the media untouched); drag a clip to move it, and everything after ripples. Drags snap to cuts
and the playhead. Ctrl+wheel zooms around the pointer; Fit shows the whole film.

Below the video track, the audio and subtitle lanes (ui.timeline.sound_lanes): mute/solo per
track, clips and cues moved in film time, audio/subtitle files dropped at the drop time; the
view only asks (signals), the timeline panel's sound wiring makes the edits."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLineF, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QStaticText,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from app.domain.timecode import film_timecode
from app.services.editor_state import EditorState
from app.services.tracks import Tracks
from ui.scroll_bars import paint_scroll_bars_alone
from ui.timeline.sound_lanes import LANE_H, SoundLanes, take_sound_note

RULER_H = 26
TRACK_H = 64
HEADER_W = 176  # wide enough for a lane's name and its M/S switches
EDGE_PX = 6  # how close to a clip's edge a press grabs the edge (a trim)
SNAP_PX = 8
_NICE_STEPS = (1 / 24, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600)
# made once: a paint allocates nothing it can reuse (colours, pens, laid-out text)
_CLIP = QColor("#4a5568")
_CLIP_SELECTED = QColor("#3b6ea5")
_CLIP_CURRENT = _CLIP.lighter(125)
_CLIP_SELECTED_CURRENT = _CLIP_SELECTED.lighter(125)
_CLIP_EDGE = QPen(QColor("#1a202c"), 1)
_CLIP_TITLE = QColor("#f7fafc")
_CLIP_LENGTH = QColor("#cbd5e0")
_TRANSITION = QColor(255, 255, 255, 70)  # over both clips: where they overlap
_TRANSITION_PEN = QPen(QColor("#f7fafc"), 1)
_PLAYHEAD = QColor("#ff4d4d")
_PLAYHEAD_PEN = QPen(_PLAYHEAD, 2)
_TEXT_CACHE = 4096  # laid-out labels kept (a few screenfuls at every zoom met recently)


class _Texts:
    """Laid-out text by string: a label seen again (a scroll back, a zoom, a playhead move)
    is laid out once, not on every paint (a clip cuts its text off at its own edge). A
    string's first sight is drawn straight away: most ruler labels and clip titles of a
    long scroll are seen once, and laying out what is drawn once costs twice a plain draw
    (the pixels are the same: QStaticText puts its top at y, drawText its baseline).
    Laid out with the font it is drawn in: a QStaticText measured before its first draw
    would be measured in the application's font (a right-aligned note sat off by that on a
    first paint)."""

    def __init__(self) -> None:
        self._cache: dict[str, QStaticText] = {}
        self._seen: set[str] = set()
        self.use_font(QFont())

    def get(self, text: str) -> QStaticText:
        st = self._cache.get(text)
        if st is None:
            if len(self._cache) >= _TEXT_CACHE:
                self._cache.clear()
            st = self._cache[text] = QStaticText(text)
            st.setTextFormat(Qt.TextFormat.PlainText)
            st.prepare(QTransform(), self.font)
        return st

    def draw(self, p: QPainter, x: float, y: float, text: str) -> None:
        """`text` with its top left at (x, y), in the painter's font (which is self.font)."""
        st = self._cache.get(text)
        if st is None and text not in self._seen:
            if len(self._seen) >= _TEXT_CACHE:
                self._seen.clear()
            self._seen.add(text)
            p.drawText(QPointF(x, y + self._ascent), text)
            return
        p.drawStaticText(QPointF(x, y), st if st is not None else self.get(text))

    def use_font(self, font: QFont) -> None:
        self.clear()
        self.font = QFont(font)
        self._ascent = QFontMetricsF(self.font).ascent()

    def clear(self) -> None:
        self._cache.clear()
        self._seen.clear()


class TrackView(QAbstractScrollArea):
    trim_requested = Signal(str, str, float)  # shot id, "in" | "out", new length in the cut
    move_requested = Signal(list, int)  # shot ids, destination index
    scrubbed = Signal(float)  # film seconds the user put the playhead at
    sound_flag_requested = Signal(str, str, bool)  # track id, "muted" | "solo", value
    sound_move_requested = Signal(str, str, float, str)  # track id, item id, start, to track
    sound_edit_requested = Signal(str, str)  # track id, clip or cue id (a double-click)
    sound_delete_requested = Signal(str, str)  # track id, clip or cue id
    # a right-click: track id ("video" on the video track, "" under the lanes), the clip, cue
    # or shot id under the pointer ("" for none), film seconds there, the global position
    menu_requested = Signal(str, str, float, QPoint)
    files_dropped_on_track = Signal(list, str, float)  # paths, track id, film seconds

    def __init__(self, editor: EditorState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.tracks: Tracks | None = None
        self.fps = 24.0
        self._drag: tuple | None = None  # what the mouse is doing
        self._preview: tuple[int, float] | None = None  # (clip, length) while trimming
        self._drop_x: int | None = None
        self._texts = _Texts()
        self._ruler_font: tuple[QFont, QFont] | None = None  # (view font, ruler font)
        self._header_cache: tuple[tuple, QPixmap] | None = None
        self._tick_labels: tuple[float, dict[float, str]] = (0.0, {})
        self._faces: dict[int, tuple] = {}  # clip → its texts (_face)
        self._layout_stale = False  # the film changed while hidden (_video_changed)
        self.lanes = SoundLanes(self, RULER_H + TRACK_H, HEADER_W)
        # the paint covers every pixel of the viewport: Qt need not fill its background nor
        # repaint the panels beneath it on each scroll step
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.viewport().setAutoFillBackground(False)
        paint_scroll_bars_alone(self)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)
        self.setMinimumHeight(RULER_H + TRACK_H + 24)
        self.horizontalScrollBar().valueChanged.connect(lambda _v: self.viewport().update())
        editor.playhead_changed.connect(self._playhead_moved)
        editor.zoom_changed.connect(lambda _z: self._relayout())
        editor.selection_changed.connect(lambda _s: self.viewport().update())
        editor.current_shot_changed.connect(lambda _s: self.viewport().update())

    def sizeHint(self) -> QSize:
        return QSize(800, RULER_H + TRACK_H + max(TRACK_H, 5 * LANE_H) + 8)

    # -- binding ----------------------------------------------------------------------------
    def set_tracks(self, tracks: Tracks | None, fps: float = 24.0) -> None:
        if self.tracks is not None:
            self.tracks.video.changed.disconnect(self._video_changed)
            self.tracks.changed.disconnect(self._lanes_changed)
            self._watch_lanes(False)
        self.tracks, self.fps = tracks, fps
        self._faces.clear()
        self.lanes.selected = None
        if tracks is not None:
            tracks.video.changed.connect(self._video_changed)
            tracks.changed.connect(self._lanes_changed)
            self._watch_lanes(True)
        self._lanes_changed()

    def _watch_lanes(self, on: bool) -> None:
        for lane in self.lanes.lanes:
            if on:
                lane.changed.connect(self._relayout)
            else:
                lane.changed.disconnect(self._relayout)
        self._watched = list(self.lanes.lanes) if on else []

    def _video_changed(self) -> None:
        self._faces.clear()
        if not self.isVisible():
            # Storyboard mode hides the track view: a drag there must not pay for the film's
            # length (every shot's start) on a view nobody sees. It is laid out when shown.
            self._layout_stale = True
            return
        self._relayout()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._layout_stale:
            self._relayout()

    def _lanes_changed(self) -> None:
        self._header_cache = None  # a lane came, went, or its name or switches changed
        for lane in getattr(self, "_watched", []):
            lane.changed.disconnect(self._relayout)
        self._watched = []
        if self.tracks is not None:
            self._watch_lanes(True)
        self.setMinimumHeight(RULER_H + TRACK_H + self.lanes.height() + 24)
        self._relayout()

    # -- geometry ---------------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        return self.editor.zoom

    def x_of(self, seconds: float) -> float:
        return HEADER_W + seconds * self.zoom - self.horizontalScrollBar().value()

    def t_of(self, x: float) -> float:
        return max(0.0, (x - HEADER_W + self.horizontalScrollBar().value()) / self.zoom)

    def duration(self) -> float:
        return self.tracks.duration() if self.tracks is not None else 0.0

    def _relayout(self, *_args) -> None:
        self._layout_stale = False
        width = int(math.ceil(self.duration() * self.zoom)) + HEADER_W + 40
        bar = self.horizontalScrollBar()
        bar.setRange(0, max(0, width - self.viewport().width()))
        bar.setPageStep(self.viewport().width())
        self.viewport().update()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._relayout()

    def fit(self) -> None:
        """Zoom so the whole film fits the width."""
        d = self.duration()
        if d > 0:
            self.editor.set_zoom((self.viewport().width() - HEADER_W - 20) / d)
            self.horizontalScrollBar().setValue(0)

    def zoom_by(self, factor: float, anchor_x: float | None = None) -> None:
        anchor_x = self.viewport().width() / 2 if anchor_x is None else anchor_x
        t = self.t_of(anchor_x)
        self.editor.set_zoom(self.zoom * factor)
        self._relayout()
        bar = self.horizontalScrollBar()
        bar.setValue(int(round(t * self.zoom - (anchor_x - HEADER_W))))

    def clip_rect(self, i: int) -> QRectF:
        track = self.tracks.video
        x0 = self.x_of(track.start(i))
        return QRectF(x0, RULER_H + 4, track.length(i) * self.zoom, TRACK_H - 8)

    def ensure_visible(self, seconds: float) -> None:
        x = self.x_of(seconds)
        w = self.viewport().width()
        if x < HEADER_W or x > w - 20:
            bar = self.horizontalScrollBar()
            bar.setValue(int(seconds * self.zoom - (w - HEADER_W) * 0.25))

    def _playhead_moved(self, seconds: float) -> None:
        if self._drag is None:
            self.ensure_visible(seconds)
        self.viewport().update()

    # -- painting ---------------------------------------------------------------------------
    def paintEvent(self, _event) -> None:
        p = QPainter(self.viewport())
        pal = self.palette()
        w, h = self.viewport().width(), self.viewport().height()
        # the still part first (headers column, opaque), then each pixel right of it once:
        # what scrolls is clipped to the right of the headers, which used to be painted over it
        p.drawPixmap(0, 0, self._headers(h))
        p.fillRect(HEADER_W, 0, w - HEADER_W, RULER_H, pal.color(QPalette.ColorRole.Window))
        p.fillRect(HEADER_W, RULER_H, w - HEADER_W, h - RULER_H,
                   pal.color(QPalette.ColorRole.Base))
        p.setClipRect(HEADER_W, 0, w - HEADER_W, h)
        self._paint_ruler(p, w)
        if self.tracks is not None:
            self._paint_video(p, w)
            self.lanes.paint(p, w)
        p.setClipping(False)
        if self._drop_x is not None:
            p.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 3))
            p.drawLine(self._drop_x, RULER_H, self._drop_x, RULER_H + TRACK_H)
        x = self.x_of(self.editor.playhead)
        p.setPen(_PLAYHEAD_PEN)
        p.drawLine(QPointF(x, 0), QPointF(x, h))
        p.setBrush(_PLAYHEAD)
        p.drawPolygon([QPointF(x - 6, 0), QPointF(x + 6, 0), QPointF(x, 9)])

    def _headers(self, h: int) -> QPixmap:
        """The track headers column (it does not scroll), with the ruler's corner above it:
        painted again only when the height, the font or the palette change, or the lanes do
        (set_tracks and Tracks.changed, which every track's rename, mute and solo fires)."""
        pal = self.palette()
        key = (h, pal.cacheKey(), self.font().key(), self.viewport().devicePixelRatioF())
        if self._header_cache is not None and self._header_cache[0] == key:
            return self._header_cache[1]
        ratio = key[3]
        pix = QPixmap(int(HEADER_W * ratio), int(h * ratio))
        pix.setDevicePixelRatio(ratio)
        pix.fill(pal.color(QPalette.ColorRole.Window))
        p = QPainter(pix)
        p.setFont(self.font())
        p.setPen(pal.color(QPalette.ColorRole.Text))
        p.drawText(QRect(0, RULER_H, HEADER_W, TRACK_H), Qt.AlignmentFlag.AlignCenter, "V1")
        self.lanes.paint_headers(p)
        p.end()
        self._header_cache = (key, pix)
        return pix

    def _step(self) -> float:
        """Seconds between labelled ticks: about every 90 px."""
        for step in _NICE_STEPS:
            if step * self.zoom >= 90:
                return step
        return _NICE_STEPS[-1]

    def _font_for_ruler(self) -> QFont:
        base = self.font()
        if self._ruler_font is None or self._ruler_font[0] != base:
            font = QFont(base)
            font.setPointSizeF(max(7.0, font.pointSizeF() * 0.85))
            self._ruler_font = (QFont(base), font)
            self._texts.use_font(font)  # every label is drawn in the ruler's font
            self._faces.clear()
        return self._ruler_font[1]

    def _paint_ruler(self, p: QPainter, w: int) -> None:
        pal = self.palette()
        step = self._step()
        zoom, left = self.zoom, HEADER_W - self.horizontalScrollBar().value()
        t0, t1 = self.t_of(HEADER_W), self.t_of(w)
        p.setFont(self._font_for_ruler())
        p.setPen(pal.color(QPalette.ColorRole.WindowText))
        texts, fps = self._texts, self.fps
        if self._tick_labels[0] != fps:
            self._tick_labels = (fps, {})
        labels = self._tick_labels[1]  # a tick's time → its timecode, at this frame rate
        minor = step * zoom / 4
        ticks: list[QLineF] = []  # drawn in one call
        n = math.floor(t0 / step)
        while n * step <= t1 + step:
            t = n * step
            x = left + t * zoom
            if x >= HEADER_W:
                ticks.append(QLineF(x, RULER_H - 8, x, RULER_H))
                for k in (1, 2, 3):
                    xs = x + minor * k
                    ticks.append(QLineF(xs, RULER_H - 4, xs, RULER_H))
                if x >= w:  # the tick past the right edge and its label are not seen
                    break
                label = labels.get(t)
                if label is None:
                    if len(labels) >= _TEXT_CACHE:
                        labels.clear()
                    label = labels[t] = film_timecode(t, fps)
                texts.draw(p, x + 3, 1, label)
            n += 1
        p.drawLines(ticks)

    def _paint_video(self, p: QPainter, w: int) -> None:
        track = self.tracks.video
        t0, t1 = self.t_of(HEADER_W), self.t_of(w)
        starts, lengths = track.starts, track.lengths
        zoom, value = self.zoom, self.horizontalScrollBar().value()
        selected = set(self.editor.selected_ids)
        current = self.editor.current_shot_id
        keyed = bool(selected) or current is not None  # else no clip needs its id
        preview = self._preview
        texts = self._texts
        line = p.fontMetrics().height()
        y, hgt = RULER_H + 4, TRACK_H - 8
        top, bottom = RULER_H + 6, RULER_H + TRACK_H - 6 - line
        outer = QRect(HEADER_W, 0, w - HEADER_W, self.viewport().height())
        p.setPen(_CLIP_EDGE)
        for i in track.visible(t0, t1):
            # clip_rect(i) and its .adjusted() insets, inline and in the same sums (a paint
            # asks for several a step; a clip that hands over by a transition runs on under
            # the next one)
            x = HEADER_W + starts[i] * zoom - value
            if x >= w:  # visible() ends with the clip starting at the right edge: unseen
                break
            wid = lengths[i] * zoom
            if preview is not None and preview[0] == i:
                wid = preview[1] * zoom
            if x + wid <= HEADER_W:  # wholly under the headers (visible() starts early)
                continue
            if keyed:
                key = track.key(i)
                if key in selected:
                    fill = _CLIP_SELECTED_CURRENT if key == current else _CLIP_SELECTED
                else:
                    fill = _CLIP_CURRENT if key == current else _CLIP
            else:
                fill = _CLIP
            p.setBrush(fill)
            p.drawRoundedRect(QRectF(x + 0.5, y, (wid - 0.5) - 0.5, hgt), 3, 3)
            if wid > 24:
                label, length, note = self._face(i)
                p.setClipRect(QRectF(x + 4, y, (wid - 4) - 4, hgt),
                              Qt.ClipOperation.IntersectClip)
                p.setPen(_CLIP_TITLE)
                texts.draw(p, x + 4, top, label)
                p.setPen(_CLIP_LENGTH)
                texts.draw(p, x + 4, bottom, length)
                if note is not None:  # the take's own sound is muted or turned down here
                    # QRectF.right() is x + width
                    p.drawStaticText(QPointF((x + wid) - 6 - note.size().width(), bottom),
                                     note)
                p.setClipRect(outer)
                p.setPen(_CLIP_EDGE)
        self._paint_transitions(p, track, t0, t1)
        p.setPen(self.palette().color(QPalette.ColorRole.Mid))
        p.drawLine(0, RULER_H + TRACK_H, w, RULER_H + TRACK_H)

    def _face(self, i: int) -> tuple[str, str, QStaticText | None]:
        """A clip's label, length and take-sound note (laid out: it is placed by its width),
        kept until the video track changes (any shot's edit, move, insert or removal) or the
        font does: a scroll step builds no shot and formats no text it did before."""
        face = self._faces.get(i)
        if face is None:
            if len(self._faces) >= _TEXT_CACHE:  # a few screenfuls, not a whole film's
                self._faces.clear()
            track, texts = self.tracks.video, self._texts
            label, muted, volume = track.face(i)
            note = take_sound_note(muted, volume)
            face = self._faces[i] = (label, f"{track.length(i):.2f} s",
                                     texts.get(note) if note else None)
        return face

    def transition_rect(self, i: int) -> QRectF | None:
        """Where clip i and clip i + 1 overlap (their dissolve, fade or wipe), or None."""
        track = self.tracks.video
        t = track.overlap(i)
        if not t:
            return None
        x0 = self.x_of(track.start(i + 1))
        return QRectF(x0, RULER_H + 4, t * self.zoom, TRACK_H - 8)

    def _paint_transitions(self, p: QPainter, track, t0: float, t1: float) -> None:
        """The overlap of two clips, drawn over both with a cross, as editors mark a
        transition: the incoming clip starts under it, the outgoing one ends at its right."""
        if not track.doc.cut_overlaps():
            return
        for i in track.visible(t0, t1):
            r = self.transition_rect(i)
            if r is None:
                continue
            p.setPen(_TRANSITION_PEN)
            p.setBrush(_TRANSITION)
            p.drawRect(r)
            p.drawLine(r.topLeft(), r.bottomRight())
            p.drawLine(r.bottomLeft(), r.topRight())

    # -- hit testing ------------------------------------------------------------------------
    def hit(self, x: float, y: float) -> tuple[str, int]:
        """("ruler"|"edge-in"|"edge-out"|"clip"|"empty", clip index or -1)."""
        if y < RULER_H or self.tracks is None:
            return "ruler", -1
        if y > RULER_H + TRACK_H:
            return "empty", -1
        track = self.tracks.video
        i = track.index_at(self.t_of(x))
        for j in (i - 1, i, i + 1):
            if 0 <= j < len(track):
                r = self.clip_rect(j)
                if abs(x - r.right()) <= EDGE_PX:
                    return "edge-out", j
                if abs(x - r.left()) <= EDGE_PX and j == i:
                    return "edge-in", j
        return ("clip", i) if i >= 0 else ("empty", -1)

    def snap(self, seconds: float, exclude: float | None = None) -> float:
        """The nearest cut or the playhead within SNAP_PX, else `seconds`."""
        if self.tracks is None:
            return seconds
        within = SNAP_PX / self.zoom
        targets = [c for c in self.tracks.video.cuts_near(seconds, within) if c != exclude]
        if abs(self.editor.playhead - seconds) <= within:
            targets.append(self.editor.playhead)
        return min(targets, key=lambda c: abs(c - seconds)) if targets else seconds

    # -- mouse ------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        pos = event.position()
        if self._press_lane(pos, event):
            return
        self.lanes.selected = None
        what, i = self.hit(pos.x(), pos.y())
        if what in ("ruler", "empty"):
            self._drag = ("scrub",)
            self._scrub(pos.x(), snap=False)
        elif what.startswith("edge"):
            self._drag = (what, i, pos.x())
            self.editor.select([self.tracks.video.key(i)])
        else:
            key = self.tracks.video.key(i)
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                ids = list(self.editor.selected_ids)
                ids = [k for k in ids if k != key] if key in ids else [*ids, key]
                self.editor.select(ids)
            elif key not in self.editor.selected_ids:
                self.editor.select([key])
            else:
                self.editor.set_current(key)
            self._drag = ("move", i, pos.x(), False)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._drag is None:
            what, _ = self.hit(pos.x(), pos.y())
            self.viewport().setCursor(Qt.CursorShape.SizeHorCursor if what.startswith("edge")
                                      else Qt.CursorShape.ArrowCursor)
            return
        kind = self._drag[0]
        if kind == "sound":
            self._drag_lane_item(pos)
        elif kind == "scrub":
            self._scrub(pos.x(), snap=True)
        elif kind.startswith("edge"):
            self._preview = (self._drag[1], self._trim_length(pos.x(), self._drag))
            self.viewport().update()
        elif kind == "move":
            _, i, x0, moving = self._drag
            if moving or abs(pos.x() - x0) > 6:
                self._drag = ("move", i, x0, True)
                self._drop_x = int(self.x_of(self._drop_time(pos.x())))
                self.viewport().update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self._drag = self._drag, None
        self._preview, drop_x, self._drop_x = None, self._drop_x, None
        if drag is None:
            return
        pos = event.position()
        kind = drag[0]
        if kind == "sound":
            self._drop_lane_item(drag)
        elif kind.startswith("edge"):
            i = drag[1]
            length = self._trim_length(pos.x(), drag)
            if abs(length - self.tracks.video.length(i)) > 1e-4:
                self.trim_requested.emit(self.tracks.video.key(i),
                                         "in" if kind == "edge-in" else "out", length)
        elif kind == "move" and drag[3] and drop_x is not None:
            dest = self._drop_index(pos.x())
            ids = list(self.editor.selected_ids) or [self.tracks.video.key(drag[1])]
            self.move_requested.emit(ids, dest)
        self.viewport().update()

    # -- the sound lanes ----------------------------------------------------------------------
    def _press_lane(self, pos: QPointF, event: QMouseEvent) -> bool:
        """A press on a lane: a switch flips, a clip or cue is picked up; True when handled."""
        hit = self.lanes.hit(pos.x(), pos.y()) if self.tracks is not None else None
        if hit is None:
            return False
        track = self.lanes.lanes[hit.lane]
        if hit.part in ("mute", "solo"):
            field = "muted" if hit.part == "mute" else "solo"
            current = track.muted if field == "muted" else track.solo
            self.sound_flag_requested.emit(track.track_id, field, not current)
            return True
        if hit.part == "item":
            key = track.key(hit.index)
            self.lanes.selected = (track.track_id, key)
            self._drag = ("sound", track.track_id, key, pos.x(), track.start(hit.index), False)
            self.setFocus()
            self.viewport().update()
            return True
        self.lanes.selected = None
        if hit.part == "empty":
            self._drag = ("scrub",)
            self._scrub(pos.x(), snap=False)
        self.viewport().update()
        return True

    def _drag_lane_item(self, pos: QPointF) -> None:
        _, track_id, key, x0, start0, moving = self._drag
        if not moving and abs(pos.x() - x0) <= 4:
            return
        self._drag = ("sound", track_id, key, x0, start0, True)
        start = max(0.0, self.snap(start0 + (pos.x() - x0) / self.zoom))
        source = self.tracks.by_id(track_id)
        lane = self.lanes.lane_at(pos.y())
        target = self.lanes.lanes[lane] if lane >= 0 else None
        to = target.track_id if target is not None and target.kind == source.kind else track_id
        self.lanes.preview = ("move", key, start, to)
        self.viewport().update()

    def _drop_lane_item(self, drag: tuple) -> None:
        preview, self.lanes.preview = self.lanes.preview, None
        if not drag[5] or preview is None:
            return
        _, key, start, to = preview
        if abs(start - drag[4]) > 1e-4 or to != drag[1]:
            self.sound_move_requested.emit(drag[1], key, start, to)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        hit = self.lanes.hit(pos.x(), pos.y()) if self.tracks is not None else None
        if hit is not None and hit.part == "item":
            track = self.lanes.lanes[hit.lane]
            self._drag = None
            self.sound_edit_requested.emit(track.track_id, track.key(hit.index))
            return
        super().mouseDoubleClickEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if self.tracks is None:
            return
        pos = QPointF(event.pos())
        t = self.t_of(pos.x())
        hit = self.lanes.hit(pos.x(), pos.y())
        if hit is not None:
            track = self.lanes.lanes[hit.lane]
            key = track.key(hit.index) if hit.part == "item" else ""
            if key:
                self.lanes.selected = (track.track_id, key)
                self.viewport().update()
            self.menu_requested.emit(track.track_id, key, t, event.globalPos())
        elif RULER_H <= pos.y() < RULER_H + TRACK_H:
            i = self.tracks.video.index_at(t)
            self.menu_requested.emit("video", self.tracks.video.key(i) if i >= 0 else "", t,
                                     event.globalPos())
        else:
            self.menu_requested.emit("", "", t, event.globalPos())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
                and self.lanes.selected is not None):
            track_id, key = self.lanes.selected
            self.lanes.selected = None
            self.sound_delete_requested.emit(track_id, key)
            return
        super().keyPressEvent(event)

    # file drops on a lane: audio onto an audio track, .srt/.vtt onto a subtitle track
    def _drop_target(self, event) -> tuple[int, list[Path]] | None:
        mime = event.mimeData()
        if self.tracks is None or not mime.hasUrls():
            return None
        paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
        pos = event.position() if hasattr(event, "position") else QPointF(event.pos())
        lane = self.lanes.lane_at(pos.y())
        return (lane, paths) if paths and lane >= 0 else None

    def dragEnterEvent(self, event) -> None:
        target = self._drop_target(event)
        if target is None:
            event.ignore()
            return
        self.lanes.drop_lane = target[0]
        event.acceptProposedAction()
        self.viewport().update()

    dragMoveEvent = dragEnterEvent

    def dragLeaveEvent(self, event) -> None:
        self.lanes.drop_lane = None
        self.viewport().update()

    def dropEvent(self, event) -> None:
        target = self._drop_target(event)
        self.lanes.drop_lane = None
        self.viewport().update()
        if target is None:
            event.ignore()
            return
        lane, paths = target
        pos = event.position() if hasattr(event, "position") else QPointF(event.pos())
        event.acceptProposedAction()
        self.files_dropped_on_track.emit(paths, self.lanes.lanes[lane].track_id,
                                         self.snap(self.t_of(pos.x())))

    def _scrub(self, x: float, snap: bool) -> None:
        t = min(self.t_of(x), max(0.0, self.duration() - 1e-3))
        if snap:
            t = self.snap(t)
        self.scrubbed.emit(t)

    def _trim_length(self, x: float, drag: tuple) -> float:
        kind, i, x0 = drag[0], drag[1], drag[2]
        track = self.tracks.video
        start, length = track.start(i), track.length(i)
        if kind == "edge-out":
            end = self.snap(start + length + (x - x0) / self.zoom, exclude=start + length)
            return max(1 / self.fps, end - start)
        # dragging the in point right shortens the clip; the clip keeps its place (ripple)
        moved = self.snap(start + (x - x0) / self.zoom, exclude=start) - start
        return max(1 / self.fps, length - moved)

    def _drop_index(self, x: float) -> int:
        track = self.tracks.video
        t = self.t_of(x)
        i = track.index_at(t)
        if i < 0:
            return len(track)
        return i + 1 if t > track.start(i) + track.length(i) / 2 else i

    def _drop_time(self, x: float) -> float:
        i = self._drop_index(x)
        track = self.tracks.video
        return track.start(i) if i < len(track) else track.duration()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            self.zoom_by(1.25 ** steps, event.position().x())
            event.accept()
            return
        bar = self.horizontalScrollBar()
        delta = event.angleDelta().y() or event.angleDelta().x()
        bar.setValue(bar.value() - int(delta))
        event.accept()


TrimHandler = Callable[[str, str, float], None]

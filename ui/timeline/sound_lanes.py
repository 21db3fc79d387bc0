"""The track view's audio and subtitle lanes (app.services.tracks), below the video track:
painted like the video clips (only what is in view), with each lane's header naming the
track and holding its mute (M) and solo (S) switches.

What the mouse does here (the TrackView forwards it): click a clip or cue to select it, drag
it along its lane (or onto another lane of its kind) to move it in film time — snapping to
cuts and the playhead — double-click to edit it, right-click for its menu, Delete removes it,
and audio or subtitle files dropped on a lane land there at the drop time."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QLine, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen, QPolygonF

LANE_H = 40
SWITCH_W = 18
AUDIO_FILL = QColor("#2f7d6d")
AUDIO_SELECTED = QColor("#3fb59b")
CUE_FILL = QColor("#8a6d1f")
CUE_SELECTED = QColor("#c9a227")
MUTED = QColor("#555b66")
_ITEM_EDGE = QPen(QColor("#1a202c"), 1)
_ITEM_TEXT = QColor("#f7fafc")
_LEVEL_PEN = QPen(QColor(255, 255, 255, 190), 1.5)
_LEVEL_FILL = QColor(255, 255, 255, 40)
_NAMES_KEPT = 4096  # elided names kept (a few screenfuls of cues at every zoom)


class _Elided(dict):
    """A clip's or cue's name cut to a width, by (name, width): measuring text with the font
    is the dear part of painting a cue, and a scroll or a playhead move keeps both."""

    def __init__(self) -> None:
        super().__init__()
        self.font: QFont | None = None

    def reset(self, font: QFont) -> None:
        self.clear()
        self.font = QFont(font)

    def elided(self, p: QPainter, name: str, width: int) -> str:
        text = self.get((name, width))
        if text is None:
            text = self[(name, width)] = p.fontMetrics().elidedText(
                name, Qt.TextElideMode.ElideRight, width)
        return text


def take_sound_note(muted: bool, volume: float) -> str:
    """What the video clip says about its take's own sound ("" at its recorded level)."""
    if muted:
        return "take sound muted"
    if abs(volume - 1) > 1e-6:
        return f"take sound {volume * 100:.0f} %"
    return ""


@dataclass(frozen=True)
class LaneHit:
    lane: int  # index into tracks.sound
    part: str  # "mute" | "solo" | "header" | "item" | "empty"
    index: int = -1  # the clip or cue


class SoundLanes:
    def __init__(self, view, top: int, header_w: int) -> None:
        self.view = view
        self.top = top  # y of the first lane (below the video track)
        self.header_w = header_w
        self.selected: tuple[str, str] | None = None  # (track id, clip or cue id)
        self.preview: tuple[str, str, float, str] | None = None  # dragging: id, start, lane
        self.drop_lane: int | None = None
        self._names = _Elided()

    @property
    def lanes(self) -> list:
        tracks = self.view.tracks
        return tracks.sound if tracks is not None else []

    def height(self) -> int:
        return LANE_H * len(self.lanes)

    def lane_rect(self, lane: int, width: int) -> QRect:
        return QRect(0, self.top + lane * LANE_H, width, LANE_H)

    def lane_at(self, y: float) -> int:
        if y < self.top:
            return -1
        k = int((y - self.top) // LANE_H)
        return k if k < len(self.lanes) else -1

    def item_rect(self, lane: int, i: int, start: float | None = None) -> QRectF:
        track = self.lanes[lane]
        x0 = self.view.x_of(track.start(i) if start is None else start)
        y = self.top + lane * LANE_H + 3
        return QRectF(x0, y, max(2.0, track.length(i) * self.view.zoom), LANE_H - 6)

    # -- painting ---------------------------------------------------------------------------
    def paint(self, p: QPainter, w: int) -> None:
        view = self.view
        pal = view.palette()
        t0, t1 = view.t_of(self.header_w), view.t_of(w)
        lanes = self.lanes
        infos = [t.info for t in lanes]  # each lane's row, looked up once a paint
        soloed = any(info is not None and info.solo
                     for t, info in zip(lanes, infos, strict=True) if t.kind == "audio")
        names = self._names
        if names.font != p.font() or len(names) > _NAMES_KEPT:
            names.reset(p.font())
        separators = []  # drawn in one call: no item reaches a lane's bottom line
        for lane, (track, info) in enumerate(zip(lanes, infos, strict=True)):
            rect = self.lane_rect(lane, w)
            if self.drop_lane == lane:
                p.fillRect(rect, pal.color(QPalette.ColorRole.Highlight).darker(250))
            if len(track):
                quiet = self._quiet(track.kind, info, soloed)
                for i in track.visible(t0, t1):
                    self._paint_item(p, lane, track, i, quiet)
            separators.append(QLine(0, rect.bottom(), w, rect.bottom()))
        p.setPen(pal.color(QPalette.ColorRole.Mid))
        p.drawLines(separators)
        if self.preview is not None:
            item_id, start, track_id = self.preview[1], self.preview[2], self.preview[3]
            lane = next((k for k, t in enumerate(lanes) if t.track_id == track_id), None)
            source = self._find(item_id)
            if lane is not None and source is not None:
                r = self.item_rect(source[0], source[1], start)
                r.moveTop(self.top + lane * LANE_H + 3)
                p.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 2, Qt.PenStyle.DashLine))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRoundedRect(r, 3, 3)

    @staticmethod
    def _quiet(kind: str, info, soloed: bool) -> bool:
        """Drawn as silent: a muted track, or (audio) not soloed while another one is."""
        muted = bool(info and info.muted)
        if kind != "audio":
            return muted
        return (not bool(info and info.solo)) if soloed else muted

    def _paint_item(self, p: QPainter, lane: int, track, i: int, quiet: bool) -> None:
        x0 = self.view.x_of(track.start(i))  # item_rect, with the track in hand
        r = QRectF(x0, self.top + lane * LANE_H + 3, max(2.0, track.length(i) * self.view.zoom),
                   LANE_H - 6)
        key = track.key(i)
        chosen = self.selected == (track.track_id, key)
        if track.kind == "audio":
            fill = AUDIO_SELECTED if chosen else AUDIO_FILL
        else:
            fill = CUE_SELECTED if chosen else CUE_FILL
        if quiet:
            fill = MUTED
        p.setPen(_ITEM_EDGE)
        p.setBrush(fill)
        p.drawRoundedRect(r.adjusted(0.5, 0, -0.5, 0), 3, 3)
        if track.kind == "audio":
            self._paint_level(p, r, track.item(i))
        if r.width() > 18:
            p.setPen(_ITEM_TEXT)
            text = self._names.elided(p, track.label(i), int(r.width() - 8))
            align = Qt.AlignmentFlag.AlignTop if track.kind == "audio" else \
                Qt.AlignmentFlag.AlignVCenter
            p.drawText(r.adjusted(4, 1, -4, 0), int(Qt.AlignmentFlag.AlignLeft | align), text)

    def _paint_level(self, p: QPainter, r: QRectF, clip) -> None:
        """The clip's volume as a line in the clip's lower part (its top = gain 1 or more),
        with its fades as ramps; the name sits above it."""
        zoom = self.view.zoom
        level = r.bottom() - min(1.0, clip.volume) * r.height() * 0.55
        fi = min(r.width() / 2, clip.fade_in * zoom)
        fo = min(r.width() / 2, clip.fade_out * zoom)
        pts = [QPointF(r.left(), r.bottom()), QPointF(r.left() + fi, level),
               QPointF(r.right() - fo, level), QPointF(r.right(), r.bottom())]
        p.setPen(_LEVEL_PEN)
        p.setBrush(_LEVEL_FILL)
        p.drawPolygon(QPolygonF(pts))

    def paint_headers(self, p: QPainter) -> None:
        pal = self.view.palette()
        for lane, track in enumerate(self.lanes):
            rect = self.lane_rect(lane, self.header_w)
            p.fillRect(rect, pal.color(QPalette.ColorRole.Window))
            p.setPen(pal.color(QPalette.ColorRole.Mid))
            p.drawLine(rect.left(), rect.bottom(), rect.right(), rect.bottom())
            mark = "♪ " if track.kind == "audio" else "CC "
            name_w = self.header_w - 2 * SWITCH_W - 12
            p.setPen(pal.color(QPalette.ColorRole.WindowText))
            text = p.fontMetrics().elidedText(mark + track.name, Qt.TextElideMode.ElideRight,
                                              name_w)
            p.drawText(rect.adjusted(6, 0, 0, 0),
                       int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), text)
            for part, on, colour in (("mute", track.muted, "#d69e2e"),
                                     ("solo", track.solo, "#38a169")):
                if part == "solo" and track.kind != "audio":
                    continue
                box = self.switch_rect(lane, part)
                p.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1))
                p.setBrush(QColor(colour) if on else pal.color(QPalette.ColorRole.Button))
                p.drawRoundedRect(box, 3, 3)
                p.setPen(QColor("#1a202c") if on else pal.color(QPalette.ColorRole.ButtonText))
                p.drawText(box, Qt.AlignmentFlag.AlignCenter, "M" if part == "mute" else "S")

    def switch_rect(self, lane: int, part: str) -> QRectF:
        y = self.top + lane * LANE_H + (LANE_H - SWITCH_W) / 2
        right = self.header_w - 4 - (0 if part == "solo" else SWITCH_W + 3)
        return QRectF(right - SWITCH_W, y, SWITCH_W, SWITCH_W)

    # -- hit testing ------------------------------------------------------------------------
    def hit(self, x: float, y: float) -> LaneHit | None:
        lane = self.lane_at(y)
        if lane < 0:
            return None
        if x < self.header_w:
            for part in ("mute", "solo"):
                if self.switch_rect(lane, part).contains(QPointF(x, y)) and (
                        part == "mute" or self.lanes[lane].kind == "audio"):
                    return LaneHit(lane, part)
            return LaneHit(lane, "header")
        track = self.lanes[lane]
        i = track.index_at(self.view.t_of(x))
        return LaneHit(lane, "item", i) if i >= 0 else LaneHit(lane, "empty")

    def _find(self, item_id: str) -> tuple[int, int] | None:
        for lane, track in enumerate(self.lanes):
            i = track.index_of(item_id)
            if i >= 0:
                return lane, i
        return None

    def selected_item(self):
        """(track, item) of the selection, or None."""
        if self.selected is None:
            return None
        found = self._find(self.selected[1])
        if found is None:
            return None
        track = self.lanes[found[0]]
        return track, track.item(found[1])

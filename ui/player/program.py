"""Program playback ("Play film"): the whole cut in order in the Player, each shot's selected
take trimmed by its in/out points, a shot without a take as its animatic card for its planned
length (app.domain.cut decides the lengths). The playhead runs in film time on the editor
state; the transport reads film timecode at the project's frame rate.

Seamless joins: while one shot plays, the next is already cued, paused on its first frame, in
a second engine; at the cut the Player just flips to it and presses play. A film clock checks
every few ms where the playing shot has got to, so a join does not wait for an end-of-media
event."""

from __future__ import annotations

import bisect
import math
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from app.domain.timecode import film_timecode
from app.services.editor_state import EditorState
from ui.player.backend import PlayerBackend
from ui.player.card import Card, aspect_ratio

TICK_MS = 5
# the playhead (timeline line, transport timecode, sound and subtitles) is told once a screen
# frame, not at every check for a join: 200 a second were a tenth of the GUI thread's work
# while a queue ran, for moves no one could see
PUBLISH_EVERY_S = 1 / 60
# a join is due this close to a shot's end (engines report time in coarse steps)
_EARLY_S = 0.004


@dataclass(frozen=True, slots=True)
class Segment:
    shot_id: str
    start: float  # film seconds
    length: float
    path: Path | None  # None: the card plays
    media_start: float  # seconds into the take's media
    card: Card

    @property
    def end(self) -> float:
        return self.start + self.length


def segments_for(doc) -> list[Segment]:
    """One segment per shot at its film start (app.domain.cut.film_starts). A dissolve, fade
    or wipe is not blended here: the Player switches to the next shot at its film start,
    where the exported film's transition begins, so the outgoing shot's last `overlap`
    seconds are not shown and every moment of film time shows the shot the track view has
    on top there. The film's length and every shot's start stay those of the export."""
    out = []
    starts = doc.cut_starts()  # the header's film time, even for a take whose file is gone
    for number, shot in enumerate(doc.shots, start=1):
        i = number - 1
        take = doc.selected_take(shot)
        span = doc.cut_span(shot)
        path = Path(take.media_path) if span.from_take and take is not None else None
        if path is not None and not path.is_file():
            path, span = None, span.__class__(0.0, float(shot.duration), False)
        played = starts[i + 1] - starts[i]
        heading = f"SHOT {number}" + (f" — {shot.title}" if shot.title else "")
        out.append(Segment(shot.id, starts[i], played, path, span.start,
                           Card(heading, shot.prompt, played)))
    return out


def film_format(fps: float):
    return lambda ms, _clip_fps: film_timecode(ms / 1000.0, fps)


class ProgramPlayback(QObject):
    shot_changed = Signal(object)  # shot id now playing
    finished = Signal()  # the film reached its end
    joined = Signal(object, float)  # shot id, monotonic seconds its first frame was asked for
    # for what plays along with the picture (ui.player.sound_follower: the sound tracks, the
    # subtitles, each take's own level): where the film is and whether it runs; the engine
    # now showing a shot; program playback left
    clock = Signal(float, bool)
    engine_shown = Signal(object, object)  # shot id, PlayerBackend
    left = Signal()

    def __init__(self, editor: EditorState, panel, parent: QObject | None = None) -> None:
        super().__init__(parent or panel)
        self.editor = editor
        self.panel = panel
        self.rate = 1.0  # the shuttle's speed (L, L, L), applied to every shot's engine
        self.film = FilmEngine(self)
        self.segments: list[Segment] = []
        self._starts: list[float] = []
        self.index = -1
        self.active = False
        self.playing = False
        self.selecting = False  # True while this playback moves the editor's selection
        self._cued: dict[int, PlayerBackend] = {}  # segment index → engine holding it
        self._published_at = -math.inf  # time.monotonic() of the playhead's last move
        self._clock = QTimer(self)
        self._clock.setInterval(TICK_MS)
        self._clock.timeout.connect(self._tick)
        panel.attach_program(self)

    # -- the film ---------------------------------------------------------------------------
    @property
    def total(self) -> float:
        return self.segments[-1].end if self.segments else 0.0

    @property
    def fps(self) -> float:
        doc = self.editor.document
        return float(doc.project.fps) if doc is not None else 24.0

    @property
    def position(self) -> float:
        """Film seconds at the playhead."""
        if not self.active or not 0 <= self.index < len(self.segments):
            return self.editor.playhead
        seg = self.segments[self.index]
        engine = self.panel.active
        if seg.path is None:
            inside = engine.position_ms / 1000.0
        else:
            inside = engine.position_ms / 1000.0 - seg.media_start
        return seg.start + min(max(0.0, inside), seg.length)

    def segment_at(self, seconds: float) -> int:
        if not self.segments:
            return -1
        i = bisect.bisect_right(self._starts, seconds) - 1
        return max(0, min(i, len(self.segments) - 1))

    # -- controls ---------------------------------------------------------------------------
    def play_film(self, from_seconds: float | None = None) -> bool:
        """Start the film at `from_seconds` (the playhead; the start when it is at the end)."""
        if not self._load():
            return False
        start = self.editor.playhead if from_seconds is None else from_seconds
        if start >= self.total - 1e-3:
            start = 0.0
        self.seek(start)
        self.play()
        return True

    def _load(self) -> bool:
        doc = self.editor.document
        if doc is None or not len(doc.shots):
            return False
        self.segments = segments_for(doc)
        self._starts = [s.start for s in self.segments]
        self.active = True
        self._cued.clear()
        t = self.panel.transport
        t.set_time_format(film_format(self.fps))
        t.set_fps(self.fps)
        t.set_duration(int(round(self.total * 1000)))
        t.setEnabled(True)
        return True

    def play(self) -> None:
        if not self.active:
            return
        self.playing = True
        self.panel.active.set_rate(self.rate)
        self.panel.active.play()
        self.panel.transport.set_playing(True)
        self._clock.start()
        self.clock.emit(self.position, True)

    def pause(self) -> None:
        if not self.active:
            return
        self.playing = False
        self.panel.active.pause()
        self.panel.transport.set_playing(False)
        self._clock.stop()
        self._publish()

    def toggle(self) -> None:
        if self.playing:
            self.pause()
        else:
            self.play()

    def stop(self) -> None:
        """Leave program playback (the user cued something else)."""
        if not self.active:
            return
        if self.rate != 1.0:
            self.rate = 1.0
            self.panel.active.set_rate(1.0)
        self._clock.stop()
        self.active = self.playing = False
        self.index = -1
        self._cued.clear()
        self.panel.transport.set_time_format(None)
        self.left.emit()

    def seek(self, seconds: float) -> None:
        """Show the film at `seconds`: the right shot, at the right place in its take."""
        if not self.active and not self._load():
            return
        seconds = max(0.0, min(seconds, max(0.0, self.total - 1e-3)))
        i = self.segment_at(seconds)
        seg = self.segments[i]
        engine = self._cue(i)
        offset = seconds - seg.start
        engine.seek(int(round((seg.media_start + offset) * 1000)))
        self._show(i, engine)
        if self.playing:
            engine.play()
        self._publish(seconds)
        self._cue_next()

    def set_rate(self, rate: float) -> None:
        self.rate = rate
        if self.active:
            self.panel.active.set_rate(rate)

    def step_frame(self, frames: int) -> None:
        """←/→: pause and move whole frames of the film (at the project's rate), across
        shots: the last frame of one shot and the first of the next are one step apart."""
        if not self.active and not self._load():
            return
        if self.playing:
            self.pause()
        fps = self.fps
        # the playhead, not the engine: it holds exactly where the last step put it
        index = math.floor(self.editor.playhead * fps + 1e-6) + frames
        last = max(0, math.ceil(self.total * fps - 1e-6) - 1)
        self.seek(max(0, min(index, last)) / fps + 1e-6)

    def step_shot(self, delta: int) -> None:
        """↑/↓: the previous/next shot's first frame (↑ inside a shot goes to its start)."""
        if not self.active and not self._load():
            return
        i = max(0, self.index)
        here = self.position
        if delta < 0 and here - self.segments[i].start > 0.25:
            target = i
        else:
            target = max(0, min(len(self.segments) - 1, i + delta))
        self.seek(self.segments[target].start)

    def home(self) -> None:
        self.seek(0.0)

    def end(self) -> None:
        self.pause()
        self.seek(self.total - 1.0 / self.fps)

    # -- engines ----------------------------------------------------------------------------
    def _cue(self, i: int) -> PlayerBackend:
        """The engine holding segment `i`, loading it (paused on its first frame) if needed."""
        engine = self._cued.get(i)
        if engine is not None:
            return engine
        seg = self.segments[i]
        if seg.path is None:
            engine = self.panel.card
            engine.show(seg.card, aspect_ratio(self.editor.document.project.aspect))
        else:
            engine = self.panel.free_engine(self.panel.active if self.index != i else None)
            engine.set_loop(False)
            engine.set_rate(self.rate)
            engine.load(seg.path)
            engine.seek(int(round(seg.media_start * 1000)))
            engine.pause()
        for k, e in list(self._cued.items()):
            if e is engine:
                del self._cued[k]
        self._cued[i] = engine
        return engine

    def _cue_next(self) -> None:
        nxt = self.index + 1
        if nxt < len(self.segments) and nxt not in self._cued:
            if self.segments[nxt].path is None and self.panel.active is self.panel.card:
                return  # one card clock: the next card is shown at the join (instant)
            self._cue(nxt)

    def _show(self, i: int, engine: PlayerBackend) -> None:
        old = self.panel.active
        changed = i != self.index
        self.index = i
        self.panel.show_engine(engine)
        self.engine_shown.emit(self.segments[i].shot_id, engine)
        if old is not engine and old.state == "playing":
            old.pause()
        if changed:
            shot_id = self.segments[i].shot_id
            self.shot_changed.emit(shot_id)
            self.selecting = True  # the timeline follows the film; the Player stays on it
            try:
                self.editor.select([shot_id])
            finally:
                self.selecting = False

    def _join(self) -> None:
        nxt = self.index + 1
        if nxt >= len(self.segments):
            self.pause()
            self._publish(self.total)
            self.finished.emit()
            return
        engine = self._cue(nxt)
        self.joined.emit(self.segments[nxt].shot_id, time.monotonic())
        engine.set_rate(self.rate)
        engine.play()
        self._show(nxt, engine)
        self._cue_next()

    def _tick(self) -> None:
        if not self.active or self.index < 0:
            return
        seg = self.segments[self.index]
        engine = self.panel.active
        inside = engine.position_ms / 1000.0 - (seg.media_start if seg.path else 0.0)
        ended = engine.state == "stopped" and self.playing
        if inside >= seg.length - _EARLY_S or ended:
            self._join()
            if not self.playing:
                return  # the film ended: the playhead stays on its end
            self._publish()  # the next shot's start, at once
        elif time.monotonic() - self._published_at >= PUBLISH_EVERY_S:
            self._publish()

    def _publish(self, seconds: float | None = None) -> None:
        self._published_at = time.monotonic()
        t = self.position if seconds is None else seconds
        self.editor.set_playhead(t)
        self.panel.transport.set_position(int(round(t * 1000)))
        self.clock.emit(t, self.playing)


class FilmEngine:
    """The film as one engine, in film milliseconds, for the J/K/L shuttle (ui.player.shuttle):
    L plays and speeds up, K pauses, J steps or runs back, all across shots."""

    def __init__(self, program: ProgramPlayback) -> None:
        self.program = program

    @property
    def state(self) -> str:
        return "playing" if self.program.playing else "paused"

    @property
    def rate(self) -> float:
        return self.program.rate

    @property
    def position_ms(self) -> int:
        return int(round(self.program.position * 1000))

    def play(self) -> None:
        self.program.play()

    def pause(self) -> None:
        self.program.pause()

    def seek(self, ms: int) -> None:
        self.program.seek(ms / 1000.0)

    def set_rate(self, rate: float) -> None:
        self.program.set_rate(rate)

    def step_frame(self, frames: int = 1) -> None:
        self.program.step_frame(frames)

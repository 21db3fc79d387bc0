"""What plays along with the picture in program playback ("Play film"): the sound tracks as
one bed (app.services.sound_preview renders it; a QMediaPlayer plays it in step with the film
clock), the subtitles drawn over the picture, and each shot's take at its own level (muted or
turned down per shot). Mute and solo on the tracks change the bed at once, even mid-film."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtWidgets import QLabel, QWidget

from app.domain.soundtrack import SUBTITLES
from app.services.sound_preview import render_bed

log = logging.getLogger(__name__)

# the bed is pulled back into step when it drifts further than this from the film clock
DRIFT_MS = 120
RENDER_DELAY_MS = 250  # edits in a burst (a drag) render once


class SubtitleOverlay(QLabel):
    """The current cue's text at the bottom of the picture."""

    def __init__(self, screen: QWidget) -> None:
        super().__init__(screen)
        self.setObjectName("programSubtitle")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setStyleSheet("QLabel#programSubtitle { color: white; font-size: 15pt;"
                           " background: rgba(0, 0, 0, 150); padding: 4px 10px;"
                           " border-radius: 4px; }")
        self.hide()
        screen.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize:
            self._place()
        return False

    def show_text(self, text: str) -> None:
        if not text:
            self.hide()
            return
        if text != self.text() or self.isHidden():
            self.setText(text)
            self._place()
            self.show()
            self.raise_()

    def _place(self) -> None:
        screen = self.parentWidget()
        width = int(screen.width() * 0.86)
        self.setFixedWidth(max(80, width))
        self.adjustSize()
        self.move((screen.width() - self.width()) // 2,
                  screen.height() - self.height() - max(8, screen.height() // 18))


class SoundFollower(QObject):
    def __init__(self, program, panel, editor, cache: Path) -> None:
        super().__init__(program)
        self.program = program
        self.panel = panel
        self.editor = editor
        self.cache = cache
        self.player = QMediaPlayer(self)
        self.audio = QAudioOutput(self)
        self.player.setAudioOutput(self.audio)
        self.overlay = SubtitleOverlay(panel.screen)
        self.bed: Path | None = None  # the file the bed player holds
        self._wanted: Path | None = None
        self._render: asyncio.Task | None = None
        self._stale = True
        self._doc = None
        self._last = (0.0, False)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RENDER_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        program.clock.connect(self.follow)
        program.engine_shown.connect(self.level_for_shot)
        program.left.connect(self.leave)
        t = panel.transport
        t.volume_changed.connect(lambda v: self.audio.setVolume(v / 100))
        t.mute_toggled.connect(self.audio.setMuted)
        editor.document_changed.connect(self.set_document)
        if editor.document is not None:
            self.set_document(editor.document)

    # -- the project's sound ------------------------------------------------------------------
    def set_document(self, doc) -> None:
        if self._doc is not None:
            s = self._doc.sound
            for sig in (s.tracks_changed, s.clips_changed, s.cues_changed):
                sig.disconnect(self._changed)
            self._doc.shots.changed.disconnect(self._changed)
        self._doc = doc
        self.player.stop()
        self.player.setSource(QUrl())
        self.bed = self._wanted = None
        self.overlay.hide()
        self._stale = True
        if doc is not None:
            s = doc.sound
            for sig in (s.tracks_changed, s.clips_changed, s.cues_changed):
                sig.connect(self._changed)
            doc.shots.changed.connect(self._changed)

    def _changed(self, *_args) -> None:
        self._stale = True
        if self.program.active:
            self._timer.start()  # re-render now: the film is playing or paused in the Player
        self._subtitle(self._last[0])

    def refresh(self) -> asyncio.Task | None:
        """Render the bed for the film as it is now (in the background)."""
        doc = self._doc
        if doc is None:
            return None
        if self._render is not None and not self._render.done():
            self._render.cancel()
        self._stale = False
        sound = doc.sound
        if not any(sound.clips(t.id) for t in sound.audible()):
            self._wanted = None
            self._load(None)  # nothing to hear on the tracks: nothing to render
            return None
        try:
            loop = asyncio.get_event_loop()
        except RuntimeError:  # no asyncio loop (a bare Qt loop): the picture plays alone
            log.warning("no asyncio loop: the sound tracks are not played")
            return None
        task = self._render = loop.create_task(self._make(doc))
        return task

    async def _make(self, doc) -> None:
        try:
            path = await render_bed(doc, self.cache / "sound-preview" / doc.project.id)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the film still plays; only its sound tracks are missing
            log.warning("the sound tracks could not be prepared for playback: %s", exc)
            self.panel.transport.setToolTip(f"Sound tracks not playing: {exc}")
            return
        if doc is not self._doc:
            return
        self._wanted = path
        self._load(path)

    def _load(self, path: Path | None) -> None:
        if path == self.bed:
            return
        self.bed = path
        self.player.setSource(QUrl.fromLocalFile(str(path)) if path else QUrl())
        seconds, playing = self._last
        if path is not None and self.program.active:
            self.player.setPosition(int(seconds * 1000))
            if playing:
                self.player.play()

    @property
    def rendering(self) -> bool:
        return self._render is not None and not self._render.done()

    # -- following the film clock ---------------------------------------------------------------
    def follow(self, seconds: float, playing: bool) -> None:
        was_playing = self._last[1]
        self._last = (seconds, playing)
        if self._stale and not self.rendering:
            self.refresh()
        self._subtitle(seconds)
        if self.bed is None:
            return
        ms = int(seconds * 1000)
        if playing:
            if (not was_playing or self.player.playbackState()
                    != QMediaPlayer.PlaybackState.PlayingState):
                self.player.setPosition(ms)
                self.player.play()
            elif abs(self.player.position() - ms) > DRIFT_MS:
                self.player.setPosition(ms)
        else:
            if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
                self.player.pause()
            if abs(self.player.position() - ms) > DRIFT_MS / 4:
                self.player.setPosition(ms)

    def leave(self) -> None:
        self._last = (self._last[0], False)
        self.player.pause()
        self.overlay.hide()
        t = self.panel.transport  # the engines go back to the transport's level
        for engine in (self.panel.backend, self.panel.spare):
            if engine is not None:
                engine.set_volume(t.volume_slider.value())
                engine.set_muted(t.mute_button.isChecked())

    def level_for_shot(self, shot_id: str, engine) -> None:
        """The take's own sound at the shot's level (a card has none)."""
        doc = self._doc
        if doc is None or engine is self.panel.card:
            return
        try:
            shot = doc.shots.get(shot_id)
        except KeyError:
            return
        t = self.panel.transport
        gain = min(1.0, float(shot.take_audio_volume))
        engine.set_volume(int(round(t.volume_slider.value() * gain)))
        engine.set_muted(t.mute_button.isChecked() or shot.take_audio_muted)

    # -- subtitles ------------------------------------------------------------------------------
    def shown_track(self):
        """The subtitle track drawn over the picture: Subtitles (or the first), unless muted."""
        doc = self._doc
        if doc is None:
            return None
        tracks = [t for t in doc.sound.of_kind("subtitle") if not t.muted]
        named = [t for t in tracks if t.name.casefold() == SUBTITLES.casefold()]
        return (named or tracks or [None])[0]

    def cue_text(self, seconds: float) -> str:
        track = self.shown_track()
        if track is None:
            return ""
        for cue in self._doc.sound.cues(track.id):
            if cue.start <= seconds < cue.end:
                return cue.text
            if cue.start > seconds:
                break
        return ""

    def _subtitle(self, seconds: float) -> None:
        if not self.program.active:
            self.overlay.hide()
            return
        self.overlay.show_text(self.cue_text(seconds))

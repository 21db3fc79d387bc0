"""The Player dock's contents: the picture, the transport bar, keys, drops and sequences."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QStackedWidget, QVBoxLayout, QWidget

from ui.player.backend import PlayerBackend
from ui.player.card import Card, CardBackend
from ui.player.probe import Preference, VlcProbe, choose_backend
from ui.player.qt_backend import QtBackend
from ui.player.sequence import SequenceItem, SequenceRunner
from ui.player.shuttle import Shuttle
from ui.player.transport import TransportBar

EMPTY_TEXT = "Nothing to play yet — select a shot with a take, or drop a video here"
VIDEO_SUFFIXES = frozenset(
    ".mp4 .m4v .mov .mkv .webm .avi .mpg .mpeg .ts .mts .wmv .ogv .gif".split()
)

_PAGE_EMPTY, _PAGE_VIDEO, _PAGE_MESSAGE, _PAGE_CARD = range(4)


def make_backend(name: str, parent: QObject | None = None) -> tuple[PlayerBackend, str | None]:
    """Create the named backend; if libvlc fails to start after all, fall back to Qt.

    Returns the backend and, on fallback, the reason.
    """
    if name == "vlc":
        try:
            from ui.player.vlc_backend import VlcBackend  # noqa: PLC0415 - imports vlc

            return VlcBackend(parent), None
        except (ImportError, OSError, RuntimeError, AttributeError, NameError) as exc:
            return QtBackend(parent), f"libvlc failed to start ({exc}); using Qt Multimedia"
    return QtBackend(parent), None


def dropped_video(event: QDragEnterEvent | QDropEvent) -> Path | None:
    """The first local video file in a drag, or None."""
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.suffix.lower() in VIDEO_SUFFIXES and path.is_file():
                return path
    return None


class PlayerPanel(QWidget):
    sequence_shot_changed = Signal(object)  # shot_id
    sequence_item_skipped = Signal(object, str)  # shot_id, message shown
    sequence_finished = Signal()
    file_dropped = Signal(str)
    full_screen_changed = Signal(bool)
    playback_error = Signal(str)
    marks_changed = Signal()  # the in or out point was set or cleared
    position_changed = Signal(int)  # ms into the loaded clip
    backend_changed = Signal(str, str)  # engine name, why it was chosen
    picture_shown = Signal()  # the first frame of what an engine last loaded is on screen

    def __init__(
        self,
        parent: QWidget | None = None,
        preference: Preference | str = "auto",
        probe: VlcProbe | None = None,
    ) -> None:
        super().__init__(parent)
        self.preference = preference
        name, reason = choose_backend(preference, probe)
        self.backend, fallback = make_backend(name, self)
        self.backend_name: str = self.backend.name
        self.backend_reason: str = fallback or reason
        # a shot without a take plays as its card, on a clock instead of the engine
        self.card = CardBackend(self)
        self.card_aspect = 16 / 9  # the open project's, for cards
        self.active: PlayerBackend = self.backend  # what the transport and keys drive now
        self.spare: PlayerBackend | None = None  # program playback cues the next shot here
        self.program = None  # ProgramPlayback, when the window has one (attach_program)
        # In/out points (I / O) on the loaded clip, in ms; the take editor trims to them.
        self.in_ms: int | None = None
        self.out_ms: int | None = None

        self._sequence_items: list[SequenceItem] = []
        self._sequence = SequenceRunner(self._play_sequence_file, self)
        self._sequence.shot_changed.connect(self.sequence_shot_changed)
        self._sequence.item_skipped.connect(self._on_item_skipped)
        self._sequence.finished.connect(self._on_sequence_finished)
        # J/K/L drive the film while program playback runs, else the clip on screen
        self._shuttle = Shuttle(lambda: self.program.film if self.in_program else self.active,
                                self)

        self._build()
        self._wire()
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # -- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        # The stage (picture + transport) is what goes full screen; the panel keeps its slot.
        self.stage = QWidget(self)
        self.stage.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.stage.setWindowTitle("Reelroom — Player")
        self.stage.installEventFilter(self)

        self.empty_label = QLabel(EMPTY_TEXT)
        self.message_label = QLabel()
        for label in (self.empty_label, self.message_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            label.setMinimumSize(160, 90)
        # colours from the theme's stylesheet (resources/theme/style.qss)
        self.empty_label.setObjectName("playerEmpty")
        self.message_label.setObjectName("playerNotice")

        self.screen = QStackedWidget(self.stage)
        self.screen.addWidget(self.empty_label)
        self.screen.addWidget(self.backend.video_widget())
        self.screen.addWidget(self.message_label)
        self.screen.addWidget(self.card.video_widget())
        self.screen.setCurrentIndex(_PAGE_EMPTY)

        self.transport = TransportBar(self.stage)
        self.transport.setEnabled(False)

        stage_layout = QVBoxLayout(self.stage)
        stage_layout.setContentsMargins(0, 0, 0, 0)
        stage_layout.setSpacing(0)
        stage_layout.addWidget(self.screen, 1)
        stage_layout.addWidget(self.transport)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stage)

    def _wire(self) -> None:
        t = self.transport
        # through self.backend, not bound methods: the backend can be swapped (Settings)
        t.play_clicked.connect(self.toggle)
        t.seek_requested.connect(self._seek_requested)
        t.scrub_started.connect(self._on_scrub_started)
        t.scrub_finished.connect(self._on_scrub_finished)
        t.loop_toggled.connect(self._on_loop)
        t.mute_toggled.connect(lambda on: self.backend.set_muted(on))
        t.volume_changed.connect(lambda v: self.backend.set_volume(v))
        t.rate_chosen.connect(self.set_rate)
        t.full_screen_toggled.connect(self.set_full_screen)
        self._shuttle.rate_changed.connect(t.set_rate)
        self._resume_after_scrub = False
        self._wire_backend(self.backend)
        self._wire_backend(self.card)

    def _wire_backend(self, b: PlayerBackend) -> None:
        # only the engine on screen speaks to the transport
        def live(slot):
            return lambda *args: slot(*args) if b is self.active and not self.in_program else None

        b.position_changed.connect(live(self.transport.set_position))
        b.position_changed.connect(live(self.position_changed.emit))
        b.duration_changed.connect(live(self._on_duration))
        b.state_changed.connect(live(self._on_state))
        b.finished.connect(live(self._on_finished))
        b.error.connect(self._on_error)
        b.picture_shown.connect(self.picture_shown)

    # -- program playback (ui.player.program drives these) -----------------------------------
    def attach_program(self, program) -> None:
        self.program = program

    @property
    def in_program(self) -> bool:
        return self.program is not None and self.program.active

    def _leave_program(self) -> None:
        if self.in_program:
            self.program.stop()

    def free_engine(self, exclude: PlayerBackend | None) -> PlayerBackend:
        """A media engine other than `exclude` (the one on screen), made on first need."""
        if exclude is not self.backend:
            return self.backend
        if self.spare is None:
            self.spare, _ = make_backend(self.backend.name, self)
            self._wire_backend(self.spare)
            self.screen.addWidget(self.spare.video_widget())
        return self.spare

    def show_engine(self, engine: PlayerBackend) -> None:
        self.active = engine
        self.screen.setCurrentWidget(engine.video_widget())
        self.transport.setEnabled(True)

    def _seek_requested(self, ms: int) -> None:
        if self.in_program:
            self.program.seek(ms / 1000.0)
        else:
            self.active.seek(ms)

    @property
    def fell_back(self) -> bool:
        """True when VLC was wanted (auto or chosen) but Qt Multimedia plays instead."""
        return self.backend_name == "qt" and self.preference != "qt"

    def switch_backend(self, preference: Preference | str) -> None:
        """Use the engine `preference` picks from now on, keeping the loaded clip and where it
        was. Emits `backend_changed` with the engine's name and why it was chosen."""
        self.preference = preference
        name, reason = choose_backend(preference)
        if name == self.backend.name:
            self.backend_reason = reason
            self.backend_changed.emit(self.backend_name, self.backend_reason)
            return
        self._leave_program()
        self._drop_spare()
        old = self.backend
        path, position, was_playing = old.path, old.position_ms, old.state == "playing"
        self._sequence.cancel()
        self._shuttle.cancel_reverse()
        old.blockSignals(True)
        old.shutdown()
        widget = old.video_widget()
        self.screen.removeWidget(widget)
        widget.deleteLater()
        old.deleteLater()
        self.backend, fallback = make_backend(name, self)
        if self.active is old:
            self.active = self.backend
        self.backend_name = self.backend.name
        self.backend_reason = fallback or reason
        self.screen.insertWidget(_PAGE_VIDEO, self.backend.video_widget())
        self._wire_backend(self.backend)
        if path is not None:
            self._open(path, autoplay=was_playing)
            self.backend.seek(position)
        else:
            self.screen.setCurrentIndex(_PAGE_EMPTY)
        self.backend_changed.emit(self.backend_name, self.backend_reason)

    # -- public API ------------------------------------------------------------------------

    def _drop_spare(self) -> None:
        if self.spare is not None:
            spare, self.spare = self.spare, None
            if self.active is spare:
                self.active = self.backend
            spare.blockSignals(True)
            spare.shutdown()
            self.screen.removeWidget(spare.video_widget())
            spare.video_widget().deleteLater()
            spare.deleteLater()

    @property
    def has_media(self) -> bool:
        return self.backend.path is not None or self.showing_card

    @property
    def showing_card(self) -> bool:
        return self.active is self.card and self.card.card is not None

    def show_card(self, card: Card, aspect: float = 16 / 9, autoplay: bool = False) -> None:
        """Show a take-less shot's card, paused at its start (or playing with `autoplay`)."""
        self._leave_program()
        self.card_aspect = aspect
        if self.spare is not None and self.spare.state == "playing":
            self.spare.pause()
        self._sequence.cancel()
        self._sequence_items = []
        self._shuttle.cancel_reverse()
        self.backend.pause()
        self.active = self.card
        self.card.show(card, aspect)
        self.screen.setCurrentWidget(self.card.video_widget())
        self.transport.setEnabled(True)
        self._on_duration(self.card.duration_ms)
        self.transport.set_position(0)
        self._on_state(self.card.state)
        if autoplay:
            self.card.play()

    @property
    def is_full_screen(self) -> bool:
        return self.stage.isWindow()

    @property
    def message(self) -> str:
        """The text currently shown instead of the picture ("" when showing video)."""
        if self.screen.currentIndex() == _PAGE_MESSAGE:
            return self.message_label.text()
        return ""

    @property
    def sequence_active(self) -> bool:
        return self._sequence.active

    def load_file(self, path: str | Path, autoplay: bool = False) -> None:
        """Open a clip; with ``autoplay`` start playing at once, else cue its first frame."""
        self._leave_program()
        if self.spare is not None and self.spare.state == "playing":
            self.spare.pause()
        self._sequence.cancel()
        self._sequence_items = []
        self._open(Path(path), autoplay)

    def play_file(self, path: str | Path) -> None:
        self.load_file(path, autoplay=True)

    def play_sequence(self, items: Sequence[SequenceItem]) -> None:
        """Play each item's file in order; items without one show a marker and are skipped."""
        self._leave_program()
        self._sequence_items = list(items)
        self._shuttle.cancel_reverse()
        # Looping applies to the whole sequence, not each shot.
        self.backend.set_loop(False)
        self._sequence.start(self._sequence_items)

    def load_subtitles(self, path: str | Path) -> bool:
        """Show a VTT/SRT file over the current clip; False if the backend could not."""
        return self.backend.subtitles(path)

    def mark_in(self) -> None:
        if self.backend.path is not None and not self.showing_card:
            self.in_ms = self.backend.position_ms
            if self.out_ms is not None and self.out_ms <= self.in_ms:
                self.out_ms = None  # an out point before the new in point means nothing
            self.marks_changed.emit()

    def mark_out(self) -> None:
        if self.backend.path is not None and not self.showing_card:
            self.out_ms = self.backend.position_ms
            if self.in_ms is not None and self.in_ms >= self.out_ms:
                self.in_ms = None
            self.marks_changed.emit()

    def marks_for(self, path: str | Path) -> tuple[float | None, float | None]:
        """(in, out) in seconds when `path` is the loaded clip; (None, None) otherwise."""
        if self.backend.path is None or Path(path).resolve() != Path(self.backend.path).resolve():
            return None, None
        start = None if self.in_ms is None else self.in_ms / 1000
        end = None if self.out_ms is None else self.out_ms / 1000
        return start, end

    def toggle(self) -> None:
        self._shuttle.cancel_reverse()
        if self.in_program:
            self.program.toggle()
        elif self.has_media:
            self.active.toggle()

    def stop(self) -> None:
        self._sequence.cancel()
        self._shuttle.cancel_reverse()
        self.active.stop()

    def set_rate(self, rate: float) -> None:
        if self.in_program:
            self.program.set_rate(PlayerBackend.clamp_rate(rate))
            self.transport.set_rate(self.program.rate)
            return
        self.backend.set_rate(rate)
        self.transport.set_rate(self.backend.rate)

    def set_full_screen(self, on: bool) -> None:
        if on == self.is_full_screen:
            return
        if on:
            # Detach the stage into its own top-level window; the panel keeps its place
            # in the dock so leaving full screen is just putting it back.
            self.stage.setParent(None)
            self.stage.setWindowFlag(Qt.WindowType.Window, True)
            self.stage.showFullScreen()
            self.stage.activateWindow()
            self.stage.setFocus()
        else:
            self.stage.hide()
            self.stage.setWindowFlag(Qt.WindowType.Window, False)
            self.stage.setParent(self)
            self.layout().addWidget(self.stage)
            self.stage.show()
            self.setFocus()
        self.transport.set_full_screen(on)
        self.full_screen_changed.emit(on)

    def handle_key(self, event: QKeyEvent) -> bool:
        """Act on a player key; True if it was one.  The main window forwards keys here."""
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods & ~Qt.KeyboardModifier.ShiftModifier:
            return False  # Ctrl/Alt/Meta combos belong to the application's shortcuts
        key = event.key()
        # Holding an arrow should keep stepping; holding J/K/L/Space must not machine-gun.
        repeat_ok = key in (Qt.Key.Key_Left, Qt.Key.Key_Right)
        if event.isAutoRepeat() and not repeat_ok:
            return key in (Qt.Key.Key_Space, Qt.Key.Key_J, Qt.Key.Key_K, Qt.Key.Key_L)
        if key == Qt.Key.Key_F:
            self.set_full_screen(not self.is_full_screen)
            return True
        if key == Qt.Key.Key_Escape:
            if self.is_full_screen:
                self.set_full_screen(False)
                return True
            return False
        if self.in_program and self._program_key(key):
            return True
        if not self.has_media and not self.in_program:
            return False
        if key == Qt.Key.Key_Space:
            self.toggle()
        elif key == Qt.Key.Key_J:
            self._shuttle.press_j()
        elif key == Qt.Key.Key_K:
            self._shuttle.press_k()
        elif key == Qt.Key.Key_L:
            self._shuttle.press_l()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self._shuttle.cancel_reverse()
            target = self.program.film if self.in_program else self.active
            target.step_frame(-1 if key == Qt.Key.Key_Left else 1)
        elif key == Qt.Key.Key_Home:
            self._shuttle.cancel_reverse()
            self.active.seek(0)
        elif key == Qt.Key.Key_End:
            # Park on the last frame: seeking "to the end" while playing would just finish.
            self._shuttle.cancel_reverse()
            self.active.pause()
            self.active.seek(self.active.last_frame_ms())
        elif key == Qt.Key.Key_I:
            self.mark_in()
        elif key == Qt.Key.Key_O:
            self.mark_out()
        else:
            return False
        return True

    def _program_key(self, key) -> bool:
        """The film's own keys while program playback runs (J/K/L, ←/→ and Space go through
        the shuttle and toggle, which act on the film then); I/O mark the shot's clip."""
        p = self.program
        if key in (Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._shuttle.cancel_reverse()
        if key == Qt.Key.Key_Home:
            p.home()
        elif key == Qt.Key.Key_End:
            p.end()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            p.step_shot(-1 if key == Qt.Key.Key_Up else 1)
        else:
            return False
        return True

    def shutdown(self) -> None:
        """Stop playback and release the engine (called on quit; safe to call twice)."""
        self._sequence.cancel()
        self._shuttle.cancel_reverse()
        self.card.shutdown()
        if self.spare is not None:
            self.spare.shutdown()
        self.backend.shutdown()

    # -- Qt events -------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if self.handle_key(event):
            event.accept()
        else:
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.stage:
            is_key = event.type() == QEvent.Type.KeyPress
            if is_key and self.handle_key(event):  # type: ignore[arg-type]
                return True
            if event.type() == QEvent.Type.Close and self.is_full_screen:
                # The window manager closed the full-screen window: dock it again.
                event.ignore()
                self.set_full_screen(False)
                return True
        return super().eventFilter(watched, event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.set_full_screen(False)
        super().closeEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if dropped_video(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt override
        if dropped_video(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        path = dropped_video(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.play_file(path)
        self.file_dropped.emit(str(path))

    # -- internals -------------------------------------------------------------------------

    def _open(self, path: Path, autoplay: bool) -> None:
        if path != self.backend.path and (self.in_ms is not None or self.out_ms is not None):
            self.in_ms = self.out_ms = None  # marks belong to the clip they were set on
            self.marks_changed.emit()
        self._shuttle.cancel_reverse()
        if self.active is self.card:
            self.card.stop()
        self.active = self.backend
        self.backend.set_loop(self.transport.loop_button.isChecked() and not self._sequence_items)
        self.backend.load(path)
        if self.backend.path is None:
            return  # load reported an error, already on screen
        self.screen.setCurrentWidget(self.backend.video_widget())
        self.transport.setEnabled(True)
        self.backend.set_rate(self.transport.rate)
        self.backend.set_volume(self.transport.volume_slider.value())
        self.backend.set_muted(self.transport.mute_button.isChecked())
        if autoplay:
            self.backend.play()
        else:
            self.backend.pause()  # shows the first frame

    def _play_sequence_file(self, path: Path) -> None:
        self._open(path, autoplay=True)

    def _show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.screen.setCurrentIndex(_PAGE_MESSAGE)

    def _on_item_skipped(self, shot_id: object, message: str) -> None:
        self.backend.stop()
        self._show_message(message)
        self.sequence_item_skipped.emit(shot_id, message)

    def _on_sequence_finished(self) -> None:
        if self.transport.loop_button.isChecked() and self._sequence_items:
            self._sequence.start(self._sequence_items)
            return
        self._sequence_items = []
        if not self.has_media:
            self.screen.setCurrentIndex(_PAGE_EMPTY)
        elif self.screen.currentIndex() == _PAGE_MESSAGE:
            self.screen.setCurrentIndex(_PAGE_VIDEO)
        self.sequence_finished.emit()

    def _on_finished(self) -> None:
        if self.in_program:
            return  # the film clock joins the shots
        if self._sequence.active:
            self._sequence.advance()

    def _on_duration(self, ms: int) -> None:
        self.transport.set_fps(self.active.fps)
        self.transport.set_duration(ms)

    def _on_state(self, state: str) -> None:
        self.transport.set_playing(state == "playing")

    def _on_error(self, message: str) -> None:
        self._show_message(message)
        self.playback_error.emit(message)
        if self._sequence.active:
            self._sequence.advance()

    def _on_loop(self, on: bool) -> None:
        if not self._sequence.active:
            self.backend.set_loop(on)

    def _on_scrub_started(self) -> None:
        self._shuttle.cancel_reverse()
        if self.in_program:
            self._resume_after_scrub = self.program.playing
            self.program.pause()
            return
        self._resume_after_scrub = self.active.state == "playing"
        if self._resume_after_scrub:
            self.active.pause()

    def _on_scrub_finished(self) -> None:
        if self.in_program:
            self.program.seek(self.transport.slider.value() / 1000.0)
            if self._resume_after_scrub:
                self.program.play()
            self._resume_after_scrub = False
            return
        self.active.seek(self.transport.slider.value())
        if self._resume_after_scrub:
            self.active.play()
        self._resume_after_scrub = False

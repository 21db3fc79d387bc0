"""The transport bar under the picture: play, scrub, times, loop, volume, speed, full screen.

It only displays state and reports intent; the panel decides what happens.  Every control
is NoFocus so Space, arrows and J/K/L always reach the panel's key handling instead of
"clicking" whichever button was last used or nudging the slider.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QToolButton,
    QWidget,
)

from ui.player.timefmt import DEFAULT_FPS, format_timecode
from ui.theme import themed_icon

SPEEDS = (0.25, 0.5, 1.0, 1.5, 2.0, 4.0)  # 4× is reachable with L, so the combo can show it


def _speed_label(rate: float) -> str:
    return f"{rate:g}×"


class TransportBar(QWidget):
    play_clicked = Signal()
    seek_requested = Signal(int)
    scrub_started = Signal()
    scrub_finished = Signal()
    loop_toggled = Signal(bool)
    mute_toggled = Signal(bool)
    volume_changed = Signal(int)
    rate_chosen = Signal(float)
    full_screen_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fps = DEFAULT_FPS
        self._format = format_timecode
        self._playing = False

        self.play_button = QToolButton(self)
        themed_icon(self.play_button, "play")
        self.play_button.setFixedSize(self.play_button.sizeHint())  # play and pause: one size
        self.play_button.setToolTip("Play (Space)")
        self.play_button.clicked.connect(self.play_clicked)

        self.position_label = QLabel(format_timecode(0), self)
        self.duration_label = QLabel(format_timecode(0), self)
        for label in (self.position_label, self.duration_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            # Tabular digits so the labels do not jitter as the time changes.
            font = label.font()
            font.setStyleHint(font.StyleHint.Monospace)
            font.setFamily("monospace")
            label.setFont(font)
        self._fit_labels()

        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(0, 0)
        self.slider.setToolTip("Scrub")
        self.slider.actionTriggered.connect(self._on_slider_action)
        self.slider.sliderPressed.connect(self.scrub_started)
        self.slider.sliderReleased.connect(self.scrub_finished)

        self.loop_button = QToolButton(self)
        self.loop_button.setText("Loop")
        self.loop_button.setCheckable(True)
        self.loop_button.setToolTip("Loop playback")
        self.loop_button.toggled.connect(self.loop_toggled)

        self.mute_button = QToolButton(self)
        self.mute_button.setCheckable(True)
        self.mute_button.setToolTip("Mute")
        self.mute_button.toggled.connect(self._on_mute)
        self._on_mute(False, emit=False)

        self.volume_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.volume_slider.setRange(0, 100)
        self.volume_slider.setValue(100)
        self.volume_slider.setFixedWidth(80)
        self.volume_slider.setToolTip("Volume")
        self.volume_slider.valueChanged.connect(self.volume_changed)

        self.speed_combo = QComboBox(self)
        for rate in SPEEDS:
            self.speed_combo.addItem(_speed_label(rate), rate)
        self.speed_combo.setCurrentIndex(SPEEDS.index(1.0))
        self.speed_combo.setToolTip("Playback speed (J / L)")
        self.speed_combo.activated.connect(
            lambda i: self.rate_chosen.emit(float(self.speed_combo.itemData(i)))
        )

        self.full_screen_button = QToolButton(self)
        self.full_screen_button.setCheckable(True)
        themed_icon(self.full_screen_button, "full-screen")
        self.full_screen_button.setToolTip("Full screen (F, Esc to leave)")
        self.full_screen_button.toggled.connect(self.full_screen_toggled)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(6)
        layout.addWidget(self.play_button)
        layout.addWidget(self.position_label)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.duration_label)
        layout.addSpacing(6)
        layout.addWidget(self.loop_button)
        layout.addWidget(self.mute_button)
        layout.addWidget(self.volume_slider)
        layout.addWidget(self.speed_combo)
        layout.addWidget(self.full_screen_button)

        for child in self.findChildren(QWidget):
            child.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    # -- display ---------------------------------------------------------------------------

    def set_time_format(self, fmt=None) -> None:
        """How times read: a clip's mm:ss.ff by default; program playback shows film
        timecode (hh:mm:ss:ff). `fmt(ms, fps) -> str`."""
        self._format = fmt or format_timecode
        self._fit_labels()
        self.set_fps(self._fps)

    def _fit_labels(self) -> None:
        """The time labels keep one size for the format (as wide as its longest reading): a
        label that resizes as the time changes asks the whole window to lay out again, on
        every tick, and at a selection before the first frame can be drawn."""
        sample = self._format(99 * 3_600_000 + 59 * 60_000 + 59_999, 120.0)
        sample = "".join("8" if c.isdigit() else c for c in sample)
        for label in (self.position_label, self.duration_label):
            fm = label.fontMetrics()
            label.setFixedSize(fm.horizontalAdvance(sample) + 4, label.sizeHint().height())

    def set_fps(self, fps: float) -> None:
        self._fps = fps
        self.set_position(self.slider.value(), force=True)
        self.duration_label.setText(self._format(self.slider.maximum(), self._fps))

    def set_duration(self, ms: int) -> None:
        self.slider.setRange(0, max(0, int(ms)))
        self.slider.setPageStep(max(1000, int(ms) // 10))
        self.duration_label.setText(self._format(ms, self._fps))

    def set_position(self, ms: int, force: bool = False) -> None:
        # While the user drags, the slider shows their finger, not the player.
        if force or not self.slider.isSliderDown():
            self.slider.setValue(int(ms))
        self.position_label.setText(self._format(ms, self._fps))

    def set_playing(self, playing: bool) -> None:
        if playing == self._playing and self.play_button.property("themedIcon"):
            return  # an icon is 15 pixmaps made again: only when it changes
        self._playing = playing
        themed_icon(self.play_button, "pause" if playing else "play")
        self.play_button.setToolTip("Pause (Space)" if playing else "Play (Space)")

    def set_rate(self, rate: float) -> None:
        index = self.speed_combo.findData(rate)
        if index < 0:
            self.speed_combo.addItem(_speed_label(rate), rate)
            index = self.speed_combo.count() - 1
        self.speed_combo.setCurrentIndex(index)

    def set_full_screen(self, on: bool) -> None:
        self.full_screen_button.blockSignals(True)
        self.full_screen_button.setChecked(on)
        self.full_screen_button.blockSignals(False)

    @property
    def rate(self) -> float:
        return float(self.speed_combo.currentData())

    # -- internals -------------------------------------------------------------------------

    def _on_slider_action(self, _action: int) -> None:
        # Called for drags, clicks on the groove and wheel steps; sliderPosition already
        # holds the new value at this point.
        self.seek_requested.emit(self.slider.sliderPosition())

    def _on_mute(self, muted: bool, emit: bool = True) -> None:
        themed_icon(self.mute_button, "volume-muted" if muted else "volume")
        self.mute_button.setToolTip("Unmute" if muted else "Mute")
        if emit:
            self.mute_toggled.emit(muted)

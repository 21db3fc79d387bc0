"""The shot's one Duration control. When the chosen model takes only some lengths (OpenAI's 4, 8
or 12 seconds) its arrows step from one allowed length to the next; a typed value in between is
snapped by the inspector, which says so (app.services.shot_length)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QAbstractSpinBox, QDoubleSpinBox


class DurationBox(QDoubleSpinBox):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setRange(0.1, 600)
        self.setDecimals(1)
        self.setSuffix(" s")
        self.setKeyboardTracking(False)  # one edit per committed value, not per digit
        self.stops: tuple[float, ...] = ()

    def set_stops(self, stops: Sequence[float]) -> None:
        """The only lengths the model takes, in seconds (empty: any length in the range)."""
        self.stops = tuple(sorted(stops))

    def stepBy(self, steps: int) -> None:  # noqa: N802 (Qt API)
        if not self.stops:
            super().stepBy(steps)
            return
        value = self.value()
        if steps > 0:
            later = [s for s in self.stops if s > value + 1e-6]
            target = later[min(steps, len(later)) - 1] if later else self.stops[-1]
        else:
            earlier = [s for s in self.stops if s < value - 1e-6]
            target = earlier[-min(-steps, len(earlier))] if earlier else self.stops[0]
        self.setValue(target)

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:  # noqa: N802 (Qt API)
        if not self.stops:
            return super().stepEnabled()
        flags = QAbstractSpinBox.StepEnabledFlag.StepNone
        if self.value() < self.stops[-1] - 1e-6:
            flags |= QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
        if self.value() > self.stops[0] + 1e-6:
            flags |= QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        return flags

"""What the person at the editor is looking at: the open project, the selected shots, the
current shot, the playhead in film time, and the timeline's mode and zoom.

One instance per window, Qt-free, evented (psygnal): the timeline, inspector, takes, player,
program playback and queue badges bind to it instead of to each other, and the CLI and tests
drive it without Qt (what napari's ViewerModel is to its Qt layer). Setting a value to what it
already is emits nothing, so views that both write and follow it never loop."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from psygnal import Signal

from app.services.project_document import ProjectDocument

TimelineMode = Literal["storyboard", "timeline"]
MODES: tuple[TimelineMode, ...] = ("storyboard", "timeline")
MIN_ZOOM, MAX_ZOOM = 0.05, 2000.0  # pixels per second of film
DEFAULT_ZOOM = 40.0


class EditorState:
    document_changed = Signal(object)  # ProjectDocument | None
    selection_changed = Signal(tuple)  # shot ids, in film order
    current_shot_changed = Signal(object)  # shot id | None
    playhead_changed = Signal(float)  # seconds into the film
    mode_changed = Signal(str)  # "storyboard" | "timeline"
    zoom_changed = Signal(float)  # pixels per second

    def __init__(self, mode: TimelineMode = "storyboard", zoom: float = DEFAULT_ZOOM) -> None:
        self.document: ProjectDocument | None = None
        self._selected: tuple[str, ...] = ()
        self._current: str | None = None
        self._playhead = 0.0
        self._mode: TimelineMode = mode if mode in MODES else "storyboard"
        self._zoom = _clamp_zoom(zoom)

    # -- the project ------------------------------------------------------------------------
    def open(self, doc: ProjectDocument | None) -> None:
        """Show another project: selection, current shot and playhead start afresh."""
        if self.document is not None:
            self.document.shots.removed.disconnect(self._shots_removed)
        self.document = doc
        if doc is not None:
            doc.shots.removed.connect(self._shots_removed)
        self._selected, self._current, self._playhead = (), None, 0.0
        self.document_changed.emit(doc)
        self.selection_changed.emit(())
        self.current_shot_changed.emit(None)
        self.playhead_changed.emit(0.0)

    def _shots_removed(self, *_args) -> None:
        """Deleted shots leave the selection (the view's own update may come later or never)."""
        ids = set(self.document.shots.ids()) if self.document is not None else set()
        kept = tuple(i for i in self._selected if i in ids)
        current = self._current if self._current in ids else None
        if kept != self._selected or current != self._current:
            self.select(kept, current)

    # -- selection --------------------------------------------------------------------------
    @property
    def selected_ids(self) -> list[str]:
        return list(self._selected)

    @property
    def current_shot_id(self) -> str | None:
        return self._current

    def select(self, ids: Sequence[str], current: str | None = None) -> None:
        """Select `ids` (unknown ids are dropped; kept in film order); `current` defaults to
        the last one given."""
        known = self._known(ids)
        if current is not None and current not in known:
            current = None
        if current is None:
            given = [i for i in ids if i in known]
            current = given[-1] if given else None
        # both are set before either is announced, so every listener sees one state; the
        # current shot goes first: the Player starts loading while the rest redraws
        changed = known != self._selected
        self._selected = known
        self._set_current(current)
        if changed:
            self.selection_changed.emit(known)

    def set_current(self, shot_id: str | None) -> None:
        """Move the current shot without changing the selection (keyboard focus in a view)."""
        if shot_id is not None and not self._known([shot_id]):
            shot_id = None
        self._set_current(shot_id)

    def _set_current(self, shot_id: str | None) -> None:
        if shot_id != self._current:
            self._current = shot_id
            self.current_shot_changed.emit(shot_id)

    def _known(self, ids: Sequence[str]) -> tuple[str, ...]:
        if self.document is None:
            return ()
        shots = self.document.shots
        found = []
        for i in dict.fromkeys(ids):
            try:
                found.append((shots.index_of(i), i))
            except KeyError:
                continue
        return tuple(i for _, i in sorted(found))

    # -- the playhead -----------------------------------------------------------------------
    @property
    def playhead(self) -> float:
        return self._playhead

    def set_playhead(self, seconds: float) -> None:
        seconds = max(0.0, float(seconds))
        if seconds != self._playhead:
            self._playhead = seconds
            self.playhead_changed.emit(seconds)

    # -- the timeline's look ----------------------------------------------------------------
    @property
    def mode(self) -> TimelineMode:
        return self._mode

    def set_mode(self, mode: TimelineMode) -> None:
        if mode not in MODES:
            raise ValueError(f"timeline mode must be one of {', '.join(MODES)}, not {mode!r}")
        if mode != self._mode:
            self._mode = mode
            self.mode_changed.emit(mode)

    @property
    def zoom(self) -> float:
        return self._zoom

    def set_zoom(self, pixels_per_second: float) -> None:
        zoom = _clamp_zoom(pixels_per_second)
        if zoom != self._zoom:
            self._zoom = zoom
            self.zoom_changed.emit(zoom)


def _clamp_zoom(value: float) -> float:
    return max(MIN_ZOOM, min(MAX_ZOOM, float(value)))

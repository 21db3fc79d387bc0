"""Wiring of the Player to the editor state: selecting a shot cues its selected take (first
frame, paused) or, with no take, its animatic card for its planned length; Space and the
shuttle keys work from the storyboard too; double-clicking a card plays it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt

from app.services.editor_state import EditorState
from ui.player.card import Card, aspect_ratio
from ui.player.program import ProgramPlayback
from ui.wiring.after_picture import AfterPicture

# keys that mean "the Player" wherever the storyboard has focus (arrows stay the view's)
_TRANSPORT_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_J, Qt.Key.Key_K, Qt.Key.Key_L)


def card_for(doc, shot) -> Card:
    number = doc.shots.index_of(shot.id) + 1
    heading = f"SHOT {number}" + (f" — {shot.title}" if shot.title else "")
    return Card(heading, shot.prompt, shot.duration)


class PlayerFeature(QObject):
    """The Player and "Play film" (program playback of the whole cut)."""

    def __init__(self, editor: EditorState, player, timeline, actions, play_menu,
                 after_picture: AfterPicture | None = None) -> None:
        super().__init__(player)
        # what follows the selection waits for a cued take's first frame (or its error)
        self.after_picture = after_picture or AfterPicture(self)
        player.picture_shown.connect(self.after_picture.release)
        player.playback_error.connect(self.after_picture.release)
        self.editor = editor
        self.player = player
        self.program = ProgramPlayback(editor, player)
        play_menu.addAction(actions.play_film)
        actions.play_film.triggered.connect(self.play_film)
        self.cued: str | None = None  # the shot whose take or card is in the Player
        self.cued_media: Path | None = None  # what was cued for it (None: its card)
        self._doc = None
        # first in line: the picture is what the person is waiting for; the inspector's
        # forms can fill a moment later
        editor.current_shot_changed.connect(self.cue, priority=10)
        editor.document_changed.connect(self._document_changed)
        timeline.view.doubleClicked.connect(self._double_clicked)
        # the track view's playhead: the Player shows the film where it is put
        timeline.track_view.scrubbed.connect(self.program.seek)
        timeline.view.installEventFilter(self)
        self._timeline = timeline

    def _document_changed(self, doc) -> None:
        if self._doc is not None:
            self._doc.takes_changed.disconnect(self._takes_changed)
            self._doc.shots.changed.disconnect(self._shot_changed)
        self._doc = doc
        self.cued = None
        if doc is not None:
            doc.takes_changed.connect(self._takes_changed)
            doc.shots.changed.connect(self._shot_changed)

    def _shot_changed(self, index: int) -> None:
        doc = self.editor.document
        if doc is None or self.cued is None:
            return
        try:
            cued_index = doc.shots.index_of(self.cued)
        except KeyError:
            return
        if cued_index == index:  # its selected take may be another one now
            self._takes_changed(self.cued)

    def _takes_changed(self, shot_id: str) -> None:
        """A take landed on, or was chosen for, the shot in the Player: show it there, unless
        the person is watching something play (never interrupted)."""
        if shot_id != self.cued or self.program.active:
            return
        if self.player.active.state == "playing":
            return
        if self.media_for(shot_id) != self.cued_media:
            self.cue(shot_id)

    def media_for(self, shot_id: str) -> Path | None:
        doc = self.editor.document
        shot = doc.shots.get(shot_id)
        take = doc.take(shot.selected_take_id) if shot.selected_take_id else None
        if take is None or not take.media_path or not Path(take.media_path).is_file():
            return None
        return Path(take.media_path)

    def cue(self, shot_id: str | None, autoplay: bool = False) -> None:
        """Put the shot in the Player: its take's first frame (or its card), paused."""
        doc = self.editor.document
        if doc is None or shot_id is None or self.program.selecting:
            return
        path = self.media_for(shot_id)
        self.cued, self.cued_media = shot_id, path
        if path is None:
            self.player.show_card(card_for(doc, doc.shots.get(shot_id)),
                                  aspect_ratio(doc.project.aspect), autoplay=autoplay)
        else:
            self.after_picture.hold()
            self.player.load_file(path, autoplay=autoplay)

    def play_film(self) -> bool:
        """The whole cut from the playhead (from the start once it has reached the end)."""
        return self.program.play_film()

    def play_shot(self, shot_id: str) -> None:
        self.cue(shot_id, autoplay=True)

    def _double_clicked(self, index) -> None:
        doc = self.editor.document
        if doc is not None and index.isValid():
            self.play_shot(doc.shots[index.row()].id)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() in _TRANSPORT_KEYS:
            if not event.modifiers() and self.player.handle_key(event):
                return True
        return False

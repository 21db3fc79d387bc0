"""Wiring of sound and words: the Sound menu (import audio and subtitles, export subtitles,
the cue editor, add tracks) and the track view's lanes, through ui.sound.controller."""

from __future__ import annotations

from PySide6.QtWidgets import QMenu

from app.services.editor_state import EditorState
from ui.player.sound_follower import SoundFollower
from ui.sound.controller import SoundController


class SoundFeature:
    def __init__(self, window, editor: EditorState, timeline, media, player, cache) -> None:
        # program playback plays the mix: the sound tracks, the subtitles, each take's level
        self.follower = SoundFollower(player.program, window.player_panel, editor, cache)
        self.controller = c = SoundController(window, editor, timeline,
                                              lambda: media.controller.library)
        a = window.actions
        menu = self.menu = QMenu("So&und", window)
        window.menuBar().insertMenu(window.menus["play"].menuAction(), menu)
        for action, slot in ((a.import_audio, lambda: c.choose_audio()),
                             (a.import_subtitles, lambda: c.choose_subtitles()),
                             (a.export_subtitles, lambda: c.export_subtitles()),
                             (a.subtitle_cues, lambda: c.open_cue_editor()),
                             (a.add_audio_track, lambda: c.add_track("audio")),
                             (a.add_subtitle_track, lambda: c.add_track("subtitle"))):
            action.triggered.connect(slot)
        menu.addActions([a.import_audio, a.import_subtitles, a.export_subtitles])
        menu.addSeparator()
        menu.addAction(a.subtitle_cues)
        menu.addSeparator()
        menu.addActions([a.add_audio_track, a.add_subtitle_track])
        editor.document_changed.connect(c.set_document)

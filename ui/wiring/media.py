"""Wiring of the media feature: the media bin panel in the Media bin dock, File → Import
Media… (Ctrl+I), and the timeline's file drops (onto a shot, between shots) routed through the
media library so takes and references point at library-owned files."""

from __future__ import annotations

from app.services.editor_state import EditorState
from ui.media_bin.controller import MediaBinController
from ui.media_bin.panel import MediaBinPanel


class MediaFeature:
    def __init__(self, window, studio, editor: EditorState, timeline) -> None:
        self.panel = MediaBinPanel()
        window.docks["media"].setWidget(self.panel)
        self.controller = MediaBinController(window, self.panel, editor)
        file_menu = window.menus["file"]
        action = window.actions.import_media
        file_menu.insertAction(window.actions.settings, action)
        file_menu.insertSeparator(window.actions.settings)
        action.triggered.connect(self.controller.choose_files)
        timeline.files_dropped.connect(self.controller.files_dropped_on_timeline)
        editor.document_changed.connect(self.controller.set_document)
        if editor.document is not None:
            self.controller.set_document(editor.document)

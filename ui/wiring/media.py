"""Wiring of the media feature: the media bin panel in the Media bin dock, File → Import
Media… (Ctrl+I), and the timeline's file drops (onto a shot, between shots) routed through the
media library so takes and references point at library-owned files."""

from __future__ import annotations

from ui.media_bin.controller import MediaBinController
from ui.media_bin.panel import MediaBinPanel


def attach(window) -> None:
    panel = window.media_bin = MediaBinPanel()
    window.docks["media"].setWidget(panel)
    controller = window.media_bin_controller = MediaBinController(window, panel)

    file_menu = window.menus["file"]
    action = window.actions.import_media
    file_menu.insertAction(window.actions.settings, action)
    file_menu.insertSeparator(window.actions.settings)
    action.triggered.connect(controller.choose_files)
    window.timeline.files_dropped.connect(controller.files_dropped_on_timeline)

    window.studio.project_opened.connect(controller.set_document)
    if window.studio.document is not None:
        controller.set_document(window.studio.document)

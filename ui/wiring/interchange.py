"""Wiring of the interchange feature: File → Export/Import Timeline (OTIO/EDL), Export/Import
Project Bundle (inserted before Settings), and Shot → Edit on the Platform…, which is enabled
only when the studio platform is configured and a shot is selected (its tooltip says why not)."""

from __future__ import annotations

from app.services.commands import SelectTake
from app.services.editor_state import EditorState
from app.services.remote_edits import EditOutcome, RemoteEdits
from ui.interchange.transfers import Transfers


class PlatformEditEntry:
    """Keeps Shot → Edit on the Platform… truthful and opens its dialog."""

    def __init__(self, window, studio, editor: EditorState) -> None:
        self.window = window
        self.editor = editor
        self.edits = RemoteEdits(studio)
        self.action = window.actions.platform_edit
        self.dialog = None
        self.action.triggered.connect(self.open)
        studio.settings_changed.connect(lambda *_: self.refresh())
        editor.document_changed.connect(lambda *_: self.refresh())
        editor.selection_changed.connect(lambda *_: self.refresh())
        window.menus["shot"].aboutToShow.connect(self.refresh)  # keys may change any time
        window.menus["shot"].setToolTipsVisible(True)
        self.refresh()

    def shot_id(self) -> str | None:
        ids = self.editor.selected_ids
        return ids[0] if ids else None

    def refresh(self) -> None:
        reason = self.edits.unavailable_reason()
        if reason is None and self.shot_id() is None:
            reason = "Select a shot first."
        self.action.setEnabled(reason is None)
        self.action.setToolTip(reason or "Run one of the studio platform's edit tools on the "
                                         "selected shot's take (the price is shown first)")

    def open(self):
        from ui.interchange.platform_edit_dialog import PlatformEditDialog

        self.refresh()
        shot_id = self.shot_id()
        if not self.action.isEnabled() or shot_id is None:
            return None
        doc = self.editor.document
        dialog = PlatformEditDialog(self.edits, doc, shot_id, self.window)
        dialog.edit_done.connect(lambda outcome: self._done(doc, outcome))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _done(self, doc, outcome: EditOutcome) -> None:
        if outcome.take is not None and self.editor.document is doc:
            # the paid take is kept whatever happens; selecting it is the undoable part
            self.window.undo.push(SelectTake(doc, outcome.take.shot_id, outcome.take.id))
        self.window.statusBar().showMessage(outcome.summary(), 15_000)


class InterchangeFeature:
    def __init__(self, window, studio, editor: EditorState) -> None:
        a = window.actions
        self.transfers = Transfers(window, editor)
        file_menu = window.menus["file"]
        entries = (a.export_timeline, a.import_timeline, a.export_bundle, a.import_bundle)
        for action in entries:
            file_menu.insertAction(a.settings, action)
        file_menu.insertSeparator(a.settings)
        a.export_timeline.triggered.connect(self.transfers.ask_export_timeline)
        a.import_timeline.triggered.connect(self.transfers.ask_import_timeline)
        a.export_bundle.triggered.connect(self.transfers.ask_export_bundle)
        a.import_bundle.triggered.connect(self.transfers.ask_import_bundle)
        self.transfers.actions = list(entries)
        window.menus["shot"].addSeparator()
        window.menus["shot"].addAction(a.platform_edit)
        self.platform_edits = PlatformEditEntry(window, studio, editor)

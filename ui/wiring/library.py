"""Wiring of the library feature: Shot → Templates…, Elements…, Script to shots… and Enhance
Prompt…, each opening its dialog (window-modal, without a nested event loop). The
platform-backed action is disabled, with a tooltip saying what to do, until the studio platform
has a base URL and a key; that is re-checked whenever the Shot menu opens or settings change."""

from __future__ import annotations

from app.services.editor_state import EditorState
from ui.library.elements_dialog import ElementsDialog
from ui.library.enhance_dialog import EnhanceDialog
from ui.library.script_dialog import ScriptDialog
from ui.library.templates_dialog import TemplatesDialog

NO_PROJECT = "Open or create a project first (File → Open Project…)."
NO_SHOT = "Select a shot in the timeline first."


class LibraryFeature:
    def __init__(self, window, studio, editor: EditorState) -> None:
        self.window = window  # the shell: actions, menus, undo, status bar, dialog parent
        self.studio = studio
        self.editor = editor
        self.dialog = None  # the open one, kept referenced (and reachable from tests)
        a = window.actions
        menu = window.menus["shot"]
        menu.addSeparator()
        for action in (a.templates, a.elements, a.script_to_shots, a.enhance_prompt):
            menu.addAction(action)
        menu.setToolTipsVisible(True)  # so a disabled action says why
        menu.aboutToShow.connect(self.refresh)
        self.studio.settings_changed.connect(lambda _s: self.refresh())
        a.templates.triggered.connect(self.show_templates)
        a.elements.triggered.connect(self.show_elements)
        a.script_to_shots.triggered.connect(self.show_script)
        a.enhance_prompt.triggered.connect(self.show_enhance)
        self.refresh()

    def refresh(self) -> None:
        from app.services.prompt_tools import connection_problem

        problem = connection_problem(self.studio)
        action = self.window.actions.enhance_prompt
        action.setEnabled(problem is None)
        action.setToolTip(problem or "Ask the studio platform for a richer prompt")

    def _refuse(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 6000)

    def _open(self, dialog):
        self.dialog = dialog
        dialog.open()
        return dialog

    # -- the dialogs ----------------------------------------------------------------------
    def show_templates(self):
        return self._open(TemplatesDialog(self.studio, self.window.undo,
                                          lambda: self.editor.selected_ids, self.window))

    def show_elements(self):
        if self.window.undo.doc is None:
            return self._refuse(NO_PROJECT)
        return self._open(ElementsDialog(self.studio, self.window.undo, self.window))

    def show_script(self):
        doc = self.window.undo.doc
        if doc is None:
            return self._refuse(NO_PROJECT)
        rows = [doc.shots.index_of(i) for i in self.editor.selected_ids]
        at = max(rows) + 1 if rows else len(doc.shots)
        dialog = ScriptDialog(self.studio, self.window.undo, at, self.window)
        dialog.accepted.connect(lambda: dialog.inserted
                                and self.editor.select(dialog.inserted.ids))
        return self._open(dialog)

    def show_enhance(self):
        self.refresh()
        if not self.window.actions.enhance_prompt.isEnabled():
            return self._refuse(self.window.actions.enhance_prompt.toolTip())
        if self.window.undo.doc is None:
            return self._refuse(NO_PROJECT)
        ids = self.editor.selected_ids
        if not ids:
            return self._refuse(NO_SHOT)
        dialog = self._open(EnhanceDialog(self.studio, self.window.undo, ids[-1], self.window))
        dialog.start()
        return dialog

"""The studio window: five dock panels, menus from ui.actions, layout kept between runs."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QWidget

from ui import dock_layout

# typing.TYPE_CHECKING's value, without the import: this module loads before the first paint,
# after PySide6, which reads the whole source of each module an import statement names then
# (typing's and pathlib's: ~4M instructions of the first frame, measured with callgrind)
TYPE_CHECKING = False
if TYPE_CHECKING:  # imported where used: building their Python types is start-up time
    from pathlib import Path

    from PySide6.QtWidgets import QMessageBox

    from ui.actions import Actions

UI_STATE_VERSION = 1
# the menu bar, left to right (features add their items, and the Generate, Sound… menus)
MENUS = (("file", "&File"), ("edit", "&Edit"), ("shot", "&Shot"), ("play", "&Play"),
         ("view", "&View"), ("help", "&Help"))


# the margins of the layout that used to hold the placeholder, so its text sits where it did
PLACEHOLDER_MARGIN = 9


def placeholder(text: str) -> QLabel:
    """A dock's panel until the studio is attached: a label saying what is under way
    ("Opening your library…"), with no widget or layout around it. A plain QLabel made here,
    not a Python subclass in a module of its own: the subclass's type and the two modules'
    imports were ~1M instructions of the first frame (callgrind). Centred and coloured by the
    stylesheet (QLabel#panelPlaceholder in resources/theme/style.qss), not by
    setAlignment(Qt.AlignmentFlag...) — touching any Qt-namespace enum from Python builds the
    whole namespace (~12 ms, a tenth of start-up) — nor by a sheet of its own, which would
    give it a style object of its own to build."""
    label = QLabel(text)
    label.setObjectName("panelPlaceholder")
    label.setWordWrap(True)
    m = PLACEHOLDER_MARGIN
    label.setContentsMargins(m, m, m, m)
    return label


class MainWindow(QMainWindow):
    """Built in steps so the window paints before the core is even imported: the shell
    (docks, the menu bar's titles, layout) first, then the actions and the menus' items
    (`add_actions`; the first frame shows none of them), then `attach(studio)` puts the
    working panels in."""

    def __init__(self, config_dir: Path | None = None, *, actions_later: bool = False) -> None:
        super().__init__()
        self.studio = None
        self.editor = None  # the editor state, once the studio is attached
        self.features = None  # what ui.wiring.compose built, once the studio is attached
        self.player_notice = None  # the status bar's "why not VLC" line, made when needed
        self.actions: Actions | None = None  # see add_actions
        self._config_dir = config_dir
        self.setWindowTitle("Reelroom")
        # Until the studio is attached only the timeline speaks: the other docks are blank,
        # with no panel at all (the window's colour shows under their title bars, as a blank
        # panel's would). Their empty-state explanations ("Import video, image and audio
        # files…") would be wrong for a returning user whose project has media, jobs and takes,
        # and flash away a moment later; each panel says it itself once attached, when it
        # really is empty. No label saves its word-wrapped sizing and painting (~5.9M
        # instructions of the first frame, callgrind), no blank widget made from Python its
        # polish and the metaObject() lookups Qt's layout and style make on it through PySide
        # (~2.9M).
        self.timeline = placeholder("Opening your library…")
        self.inspector = None  # the working panels, once attached
        self.queue_panel = None
        self.player_panel = None
        self.media_bin = None
        self.resize(1400, 860)
        self._build_docks(self._restore_geometry())
        bar = self.menuBar()
        self.menus = {key: bar.addMenu(title) for key, title in MENUS}
        if not actions_later:
            self.add_actions()

    def add_actions(self) -> None:
        """Every action with its shortcut, and the menus' items (once; `attach` makes sure).
        ui.main does this right after the first paint: the first frame shows only the menu
        bar's titles, and the actions are a tenth of that frame's cost (each QAction's
        constructor builds QIcon's Python type, with its enums, to try its overloads)."""
        if self.actions is not None:
            return
        from PySide6.QtGui import QUndoStack

        from ui.actions import Actions

        self.undo_stack = QUndoStack(self)
        self.actions = Actions(self, self.undo_stack)
        for a in (self.actions.add_shot, self.actions.duplicate_shot, self.actions.delete_shot,
                  self.actions.split_shot, self.actions.move_left, self.actions.move_right,
                  self.actions.new_project, self.actions.open_project, self.actions.settings,
                  self.actions.diagnostics):
            a.setEnabled(False)  # until the library is open
        self._fill_menus()

    def attach(self, studio) -> None:
        """Open for business: the core is loaded, put the working panels in the docks."""
        from app.services.editor_state import EditorState
        from ui.inspector.panel import ShotInspector
        from ui.theme import apply_theme
        from ui.timeline.panel import TimelinePanel
        from ui.undo import UndoController
        from ui.wiring import compose
        from ui.wiring.after_picture import AfterPicture

        self.add_actions()
        self.studio = studio
        self._config_dir = studio.paths.config
        self.undo = UndoController(self.undo_stack)
        self.editor = EditorState(mode=studio.settings.timeline_mode,
                                  zoom=studio.settings.timeline_zoom)
        self.editor.mode_changed.connect(self._remember_timeline_mode)
        # a Ctrl+wheel run is many zoom steps: the settings file is written once it stops
        self._zoom_save = QTimer(self)
        self._zoom_save.setSingleShot(True)
        self._zoom_save.setInterval(400)
        self._zoom_save.timeout.connect(self._remember_timeline_zoom)
        self.editor.zoom_changed.connect(lambda _z: self._zoom_save.start())
        # panels that follow the selection refresh after a cued take's first frame
        self.after_picture = AfterPicture(self)
        self.editor.document_changed.connect(self.after_picture.discard, priority=10)
        self.timeline = TimelinePanel(self.undo, self.editor, follow=self.after_picture.follow)
        self.inspector = ShotInspector(self.undo)
        self.docks["timeline"].setWidget(self.timeline)
        self.docks["inspector"].setWidget(self.inspector)
        self._attach_player(studio.settings.player_backend)
        for a in self.actions.__dict__.values():
            a.setEnabled(True)
        self._connect()
        self.features = compose(self, studio, self.editor)
        apply_theme(QApplication.instance(), studio.settings.theme)
        self.statusBar().showMessage("Ready")

    # -- layout ---------------------------------------------------------------------------
    def _build_docks(self, saved_state: bytes | None) -> None:
        central = QWidget()
        central.setMaximumSize(0, 0)
        self.setCentralWidget(central)
        self.setDockNestingEnabled(True)
        panels = {"timeline": self.timeline, "inspector": self.inspector,
                  "queue": self.queue_panel, "player": self.player_panel,
                  "media": self.media_bin}
        self.docks = dock_layout.place(self, saved_state, panels)

    def _fill_menus(self) -> None:
        a = self.actions
        file = self.menus["file"]
        file.addAction(a.new_project)
        file.addAction(a.open_project)
        self.recent_menu = file.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file.addSeparator()
        file.addAction(a.settings)
        file.addSeparator()
        file.addAction(a.quit)
        edit = self.menus["edit"]
        edit.addAction(a.undo)
        edit.addAction(a.redo)
        shot = self.menus["shot"]
        for x in (a.add_shot, a.duplicate_shot, a.split_shot, a.delete_shot, a.move_left,
                  a.move_right):
            shot.addAction(x)
        view = self.menus["view"]
        for dock in self.docks.values():
            view.addAction(dock.toggleViewAction())
        view.addSeparator()
        view.addAction(a.theme_light)
        view.addAction(a.theme_dark)
        help_ = self.menus["help"]
        help_.addAction(a.keyboard_shortcuts)
        help_.addAction(a.about)
        help_.addAction(a.diagnostics)

    def _connect(self) -> None:
        a, t = self.actions, self.timeline
        a.new_project.triggered.connect(self.show_project_picker)
        a.open_project.triggered.connect(self.show_project_picker)
        a.settings.triggered.connect(lambda: self.show_settings())
        a.quit.triggered.connect(self.close)
        a.add_shot.triggered.connect(t.add_shot)
        a.duplicate_shot.triggered.connect(t.duplicate_selected)
        a.delete_shot.triggered.connect(t.delete_selected)
        a.split_shot.triggered.connect(t.split_selected)
        a.move_left.triggered.connect(lambda: t.move_selected(-1))
        a.move_right.triggered.connect(lambda: t.move_selected(1))
        a.theme_light.triggered.connect(lambda: self.set_theme("light"))
        a.theme_dark.triggered.connect(lambda: self.set_theme("dark"))
        a.about.triggered.connect(self.show_about)
        a.diagnostics.triggered.connect(self.show_diagnostics)
        a.keyboard_shortcuts.triggered.connect(self.show_shortcuts)
        self.editor.current_shot_changed.connect(
            self.after_picture.follow(self.inspector.show_shot))
        self.studio.project_opened.connect(self._project_opened)
        self._sync_theme_actions()

    def _remember_timeline_zoom(self) -> None:
        if self.studio.settings.timeline_zoom != self.editor.zoom:
            self.studio.settings.timeline_zoom = self.editor.zoom
            self.studio.save_settings()

    def _remember_timeline_mode(self, mode: str) -> None:
        self.studio.settings.timeline_mode = mode
        self.studio.save_settings()

    def _attach_player(self, preference: str) -> None:
        from ui.player.player_panel import PlayerPanel

        self.player_panel = PlayerPanel(preference=preference)
        self.docks["player"].setWidget(self.player_panel)
        self.player_panel.playback_error.connect(
            lambda text: self.statusBar().showMessage(f"Player: {text}", 8000))
        self.player_panel.backend_changed.connect(lambda *_: self._say_player_backend())
        self._say_player_backend()

    def _say_player_backend(self) -> None:
        """When VLC was wanted but cannot play here, one permanent status-bar line says why."""
        from PySide6.QtWidgets import QLabel

        if self.player_notice is None:
            self.player_notice = QLabel()
            self.player_notice.setObjectName("playerNotice")
            self.statusBar().addPermanentWidget(self.player_notice)
        panel = self.player_panel
        self.player_notice.setText(f"Player: {panel.backend_reason}" if panel.fell_back else "")
        self.player_notice.setVisible(panel.fell_back)

    def play_path(self, path) -> None:
        """Play a file in the player dock (takes, media bin items, dropped files)."""
        self.docks["player"].show()
        self.player_panel.play_file(path)

    # -- projects -------------------------------------------------------------------------
    def open_project(self, project_id: str):
        return self.studio.open_project(project_id)

    def _project_opened(self, doc) -> None:
        from ui.gui_thread_gc import settle_soon

        settle_soon()  # the project it replaced may be garbage now, however small this one
        self.undo.set_document(doc)
        self.editor.open(doc)
        self.timeline.set_document(doc)
        self.inspector.set_document(doc)
        self.setWindowTitle(f"{doc.project.name} — Reelroom")
        doc.project_changed.connect(
            lambda p: self.setWindowTitle(f"{p.name} — Reelroom"))
        if len(doc.shots):
            self.editor.select([doc.shots[0].id])

    def show_project_picker(self):
        from ui.dialogs.project_picker import ProjectPicker

        picker = ProjectPicker(self.studio, self)
        picker.finished.connect(
            lambda result: picker.chosen_id and self.open_project(picker.chosen_id))
        picker.open()  # window-modal without a nested event loop
        return picker

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for p in self.studio.recent_projects():
            self.recent_menu.addAction(p.name, lambda pid=p.id: self.open_project(pid))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("No recent projects").setEnabled(False)

    # -- dialogs --------------------------------------------------------------------------
    def show_settings(self, page: str | None = None):
        from ui.dialogs.settings_dialog import SettingsDialog

        accounts = self.features.queue.queue.accounts if self.features is not None else None
        dialog = SettingsDialog(self.studio, self, accounts=accounts, page=page)
        dialog.accepted.connect(lambda: self.set_theme(self.studio.settings.theme))
        dialog.accepted.connect(self._apply_player_backend)
        dialog.open()
        return dialog

    def _apply_player_backend(self) -> None:
        """A new player choice takes effect at once; the clip stays loaded where it was."""
        wanted = self.studio.settings.player_backend
        panel = self.player_panel
        if panel.preference == wanted:
            return
        panel.switch_backend(wanted)
        name = "VLC" if panel.backend_name == "vlc" else "Qt Multimedia"
        self.statusBar().showMessage(f"Player: now {name} — {panel.backend_reason}", 8000)

    def show_about(self) -> QMessageBox:
        """Opened window-modal (no nested event loop), like every other dialog."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        from app import __version__

        box = QMessageBox(QMessageBox.Icon.NoIcon, "About Reelroom",
                          f"<b>Reelroom {__version__}</b><br>A desktop studio for AI video."
                          f"<br><br>Player: {self.player_description()}<br>"
                          f"Library: {self.studio.library_path}",
                          QMessageBox.StandardButton.Ok, self)
        box.setIconPixmap(self.windowIcon().pixmap(64, 64))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.about_box = box
        return box

    def player_description(self) -> str:
        if self.studio is None:
            return "not started yet"
        panel = self.player_panel
        name = "VLC" if panel.backend_name == "vlc" else "Qt Multimedia"
        return f"{name} — {panel.backend_reason}"

    def show_shortcuts(self):
        from ui.dialogs.shortcuts import ShortcutsDialog

        dialog = ShortcutsDialog(self.actions.shortcut_rows(), self)
        dialog.open()
        return dialog

    def show_diagnostics(self):
        from ui.dialogs.diagnostics import DiagnosticsDialog

        dialog = DiagnosticsDialog(self.studio, self)
        dialog.open()
        dialog.start()
        return dialog

    # -- theme ----------------------------------------------------------------------------
    def set_theme(self, theme: str) -> None:
        from ui.theme import apply_theme

        if self.studio.settings.theme != theme:
            self.studio.settings.theme = theme
            self.studio.save_settings()
        apply_theme(QApplication.instance(), theme)
        self._sync_theme_actions()

    def _sync_theme_actions(self) -> None:
        theme = self.studio.settings.theme
        self.actions.theme_light.setChecked(theme == "light")
        self.actions.theme_dark.setChecked(theme == "dark")

    # -- window state ---------------------------------------------------------------------
    def _state_files(self) -> tuple[Path, Path]:
        """Window geometry and dock state, as the raw bytes Qt gives (no JSON/base64 to import
        before the first paint). The version in the name retires old layouts wholesale."""
        if self._config_dir is None:
            from app.paths import resolve_paths

            self._config_dir = resolve_paths().config
        stem = self._config_dir / f"window-v{UI_STATE_VERSION}"
        return stem.with_suffix(".geometry"), stem.with_suffix(".state")

    def _restore_geometry(self) -> bytes | None:
        """Restore the window's geometry; return its saved dock state (placed by the caller)."""
        geometry, state = self._state_files()
        try:
            self.restoreGeometry(QByteArray(geometry.read_bytes()))
            return state.read_bytes()
        except OSError:
            return None  # first run: the default layout is fine

    def save_layout(self) -> None:
        from app.fsutil import atomic_write_bytes

        geometry, state = self._state_files()
        atomic_write_bytes(geometry, bytes(self.saveGeometry()))
        atomic_write_bytes(state, bytes(self.saveState(dock_layout.STATE_VERSION)))

    def closeEvent(self, event) -> None:
        self.save_layout()
        if self.studio is not None:  # the shell's placeholder has no engine to release
            if self._zoom_save.isActive():
                self._zoom_save.stop()
                self._remember_timeline_zoom()
            self.after_picture.discard()
            self.player_panel.shutdown()
        super().closeEvent(event)

"""The Takes tab: every take of the current shot — pick the one the film uses, favourite,
reject, delete (undoable, media kept), reuse a take's exact parameters, play, compare two.
Every edit is a core command pushed through the UndoController."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QKeySequence, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.domain import Take
from app.services.commands import DeleteTake, MacroCommand, SelectTake, SetTakeFlags, UpdateShot
from app.services.project_document import ProjectDocument
from app.services.queue.planning import reuse_parameters
from ui.inspector.take_model import (
    CreatedRole,
    DetailRole,
    InUseRole,
    TakeListModel,
    TakeRole,
    ThumbRole,
)
from ui.scroll_bars import paint_scroll_bars_alone
from ui.theme import colour as theme_colour
from ui.timeline.thumbnails import ThumbnailLoader
from ui.undo import UndoController

ROW_HEIGHT = 66
THUMB = QSize(96, 54)
STAR = "★"


class TakeDelegate(QStyledItemDelegate):
    """Thumbnail, "Take 3", where it came from, when; a star for favourites, a bar and "in use"
    for the shot's selected take, rejected takes dimmed and marked."""

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        return QSize(option.rect.width() or 300, ROW_HEIGHT)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        take: Take | None = index.data(TakeRole)
        if take is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = option.palette
        rect = option.rect.adjusted(2, 2, -2, -2)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            hl = QColor(pal.color(QPalette.ColorRole.Highlight))
            hl.setAlpha(60)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(hl)
            painter.drawRoundedRect(QRectF(rect), 4, 4)
        in_use = bool(index.data(InUseRole))
        if in_use:  # a bar at the left edge: the take the film uses
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pal.color(QPalette.ColorRole.Highlight))
            painter.drawRoundedRect(QRectF(rect.left(), rect.top(), 4, rect.height()), 2, 2)
        if take.rejected:
            painter.setOpacity(0.45)

        thumb = QRect(rect.left() + 10, rect.top() + (rect.height() - THUMB.height()) // 2,
                      THUMB.width(), THUMB.height())
        pix = index.data(ThumbRole)
        if isinstance(pix, QPixmap) and not pix.isNull():
            painter.drawPixmap(thumb, pix)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pal.color(QPalette.ColorRole.AlternateBase))
            painter.drawRoundedRect(QRectF(thumb), 3, 3)
            painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(thumb, Qt.AlignmentFlag.AlignCenter, str(take.number))

        x = thumb.right() + 10
        width = rect.right() - x - 6
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(pal.color(QPalette.ColorRole.Text))
        title_rect = QRect(x, rect.top() + 4, width, 20)
        title = f"Take {take.number}"
        painter.drawText(title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         title)
        tx = x + painter.fontMetrics().horizontalAdvance(title) + 8
        if take.favourite:
            painter.setPen(theme_colour("favourite"))
            painter.drawText(QRect(tx, title_rect.top(), 20, 20),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, STAR)
            tx += 20
        painter.setFont(option.font)
        for tag, colour, show in (("in use", pal.color(QPalette.ColorRole.Highlight), in_use),
                                  ("rejected", theme_colour("rejected"), take.rejected)):
            if show:
                tx = self._tag(painter, tx, title_rect, tag, colour)

        dim = pal.color(QPalette.ColorRole.PlaceholderText)
        fm = option.fontMetrics
        for i, role in enumerate((DetailRole, CreatedRole)):
            line = QRect(x, title_rect.bottom() + 1 + i * 18, width, 18)
            painter.setPen(pal.color(QPalette.ColorRole.Text) if i == 0 else dim)
            painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             fm.elidedText(index.data(role) or "", Qt.TextElideMode.ElideRight,
                                           width))
        painter.restore()

    @staticmethod
    def _tag(painter: QPainter, x: int, line: QRect, text: str, colour: QColor) -> int:
        w = painter.fontMetrics().horizontalAdvance(text) + 12
        box = QRect(x, line.top() + 2, w, line.height() - 4)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(QRectF(box), 7, 7)
        painter.setPen(theme_colour("on-accent"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        return box.right() + 6


class TakesPanel(QWidget):
    play_requested = Signal(str)  # media path
    compare_requested = Signal(object, object)  # two Takes

    def __init__(self, undo: UndoController, parent=None) -> None:
        super().__init__(parent)
        self.undo = undo
        self.doc: ProjectDocument | None = None
        self.model = TakeListModel(self)
        self.thumbnails = ThumbnailLoader(THUMB, parent=self)
        self.model.set_thumbnail_loader(self.thumbnails)
        self.compare_dialog = None  # the last one opened (tests and the wiring look at it)

        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(TakeDelegate(self.view))
        self.view.setUniformItemSizes(True)
        paint_scroll_bars_alone(self.view)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.doubleClicked.connect(lambda ix: self.play(self.model.take_at(ix.row())))
        self.view.selectionModel().selectionChanged.connect(self._update_actions)
        self.model.modelReset.connect(self._update_actions)
        self.model.dataChanged.connect(self._update_actions)

        def act(text: str, key: str | QKeySequence.StandardKey | None, slot, tip: str) -> QAction:
            a = QAction(text, self)
            if key is not None:
                a.setShortcut(QKeySequence(key))
                # keys work while the list (or this tab) has focus, not across the window
                a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            a.setToolTip(f"{tip} ({a.shortcut().toString()})" if key is not None else tip)
            a.triggered.connect(slot)
            self.addAction(a)
            return a

        self.select_action = act("Use take", "Return", self.use_selected,
                                 "Make this the take the shot uses in the film")
        self.play_action = act("Play", "P", self.play_selected, "Play this take in the player")
        self.favourite_action = act(f"{STAR} Favourite", "F", self.toggle_favourite,
                                    "Mark or unmark as a favourite")
        self.reject_action = act("Reject", "R", self.toggle_rejected,
                                 "Mark or unmark as rejected (kept, dimmed)")
        self.reuse_action = act("Reuse parameters", "U", self.reuse_selected,
                                "Set the shot's service, model, settings and seed to this "
                                "take's, so the next take is made the same way")
        self.compare_action = act("Compare", "C", self.compare_selected,
                                  "Play two takes side by side")
        self.delete_action = act("Delete", QKeySequence.StandardKey.Delete, self.delete_selected,
                                 "Delete the selected takes (undo brings them back)")

        # a tool bar folds what does not fit into its » menu when the inspector is narrow
        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for a in (self.select_action, self.play_action, self.favourite_action,
                  self.reject_action, self.compare_action, self.reuse_action,
                  self.delete_action):
            self.toolbar.addAction(a)
        self.hide_rejected = QCheckBox("Hide rejected", self)
        self.hide_rejected.toggled.connect(self.model.set_hide_rejected)

        self.summary = QLabel("")
        self.summary.setObjectName("takesSummary")
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setObjectName("emptyState")
        self.empty = QLabel("")
        self.empty.setObjectName("emptyState")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.hide_rejected)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.message)
        self._update_actions()

    # -- binding --------------------------------------------------------------------------
    def set_document(self, doc: ProjectDocument | None) -> None:
        self.doc = doc
        self.model.set_document(doc)
        self.message.clear()

    def show_shot(self, shot_id: str | None) -> None:
        self.model.show_shot(shot_id)
        self.message.clear()

    # -- what is selected -----------------------------------------------------------------
    def selected_takes(self) -> list[Take]:
        rows = sorted(ix.row() for ix in self.view.selectionModel().selectedRows())
        return [self.model.take_at(r) for r in rows]

    def current_take(self) -> Take | None:
        ix = self.view.currentIndex()
        if ix.isValid() and self.view.selectionModel().isSelected(ix):
            return self.model.take_at(ix.row())
        chosen = self.selected_takes()
        return chosen[0] if chosen else None

    def select_take_ids(self, ids: list[str]) -> None:
        sm = self.view.selectionModel()
        sm.clearSelection()
        for take_id in ids:
            row = self.model.row_of(take_id)
            if row >= 0:
                ix = self.model.index(row)
                sm.select(ix, sm.SelectionFlag.Select)
                sm.setCurrentIndex(ix, sm.SelectionFlag.NoUpdate)

    def _update_actions(self, *args) -> None:
        takes = self.selected_takes()
        one = len(takes) == 1
        for a in (self.select_action, self.play_action, self.reuse_action):
            a.setEnabled(one)
        for a in (self.favourite_action, self.reject_action, self.delete_action):
            a.setEnabled(bool(takes))
        self.compare_action.setEnabled(self._compare_pair(takes) is not None)
        self.reject_action.setText("Unreject" if takes and all(t.rejected for t in takes)
                                   else "Reject")
        self.favourite_action.setText(f"{STAR} Unfavourite" if takes and all(
            t.favourite for t in takes) else f"{STAR} Favourite")
        self._update_summary()

    def _update_summary(self) -> None:
        model = self.model
        if self.doc is None or model.shot_id is None:
            self.summary.setText("")
            self.empty.setText("Select a shot in the timeline to see its takes.")
        else:
            all_takes = self.doc.takes(model.shot_id)
            n, hidden = len(all_takes), len(all_takes) - model.rowCount()
            text = f"{n} take{'s' if n != 1 else ''}"
            if hidden:
                text += f" ({hidden} rejected hidden)"
            self.summary.setText(text)
            self.empty.setText(
                "No takes yet. Generate the shot (its takes appear here as they finish), or "
                "drop a video onto the shot in the timeline." if n == 0
                else "Every take of this shot is rejected; untick “Hide rejected” to see them.")
        has_rows = model.rowCount() > 0
        self.view.setVisible(has_rows)
        self.empty.setVisible(not has_rows)

    # -- edits ----------------------------------------------------------------------------
    def _push(self, command) -> None:
        try:
            self.undo.push(command)
        except (KeyError, ValueError, RuntimeError) as exc:
            self.message.setText(f"Could not {command.text.lower()}: {exc}")
        else:
            self.message.clear()

    def use_selected(self) -> None:
        take = self.current_take()
        if take is not None and self.doc is not None and take.id != self.model.in_use:
            self._push(SelectTake(self.doc, take.shot_id, take.id))

    def toggle_favourite(self) -> None:
        takes = self.selected_takes()
        if not takes:
            return
        value = not all(t.favourite for t in takes)
        self._flags(takes, favourite=value)

    def toggle_rejected(self) -> None:
        takes = self.selected_takes()
        if not takes:
            return
        value = not all(t.rejected for t in takes)
        self._flags(takes, rejected=value)

    def _flags(self, takes: list[Take], **flags: bool) -> None:
        ids = [t.id for t in takes]
        commands = [SetTakeFlags(t, **flags) for t in takes]
        self._push(commands[0] if len(commands) == 1 else MacroCommand(
            f"{commands[0].text.split(' take')[0]} {len(commands)} takes", commands))
        self.select_take_ids(ids)

    def delete_selected(self) -> None:
        takes = self.selected_takes()
        if not takes or self.doc is None:
            return
        commands = [DeleteTake(self.doc, t) for t in takes]
        self._push(commands[0] if len(commands) == 1 else MacroCommand(
            f"Delete {len(commands)} takes", commands))

    def reuse_selected(self) -> None:
        take = self.current_take()
        if take is None or self.doc is None:
            return
        self._push(UpdateShot(self.doc, take.shot_id, **reuse_parameters(take)))
        if not self.message.text():
            self.message.setText(f"The shot now uses take {take.number}'s service, model, "
                                 "settings and seed for its next take.")

    def play_selected(self) -> None:
        take = self.current_take()
        if take is not None:
            self.play(take)

    def play(self, take: Take) -> None:
        if not take.media_path or not Path(take.media_path).is_file():
            self.message.setText(f"Take {take.number}'s video file is missing"
                                 f"{f' ({take.media_path})' if take.media_path else ''}. "
                                 "Generate the shot again or import the file.")
            return
        self.message.clear()
        self.play_requested.emit(take.media_path)

    # -- compare --------------------------------------------------------------------------
    def _compare_pair(self, takes: list[Take]) -> tuple[Take, Take] | None:
        """Two selected takes; or one selected and the take the shot uses."""
        if len(takes) == 2:
            return takes[0], takes[1]
        if len(takes) == 1 and self.model.in_use and takes[0].id != self.model.in_use:
            row = self.model.row_of(self.model.in_use)
            if row >= 0:
                return self.model.take_at(row), takes[0]
        return None

    def compare_selected(self):
        pair = self._compare_pair(self.selected_takes())
        if pair is None:
            self.message.setText("Select two takes to compare (Ctrl+click the second), or one "
                                 "take to compare with the one in use.")
            return None
        missing = [t for t in pair if not t.media_path or not Path(t.media_path).is_file()]
        if missing:
            self.message.setText(f"Take {missing[0].number}'s video file is missing; it cannot "
                                 "be compared.")
            return None
        from ui.inspector.compare import CompareDialog  # QtMultimedia loads only when asked

        if self.compare_dialog is not None:
            self.compare_dialog.close()
        dialog = CompareDialog(self.doc, self.undo, pair[0], pair[1], self)
        dialog.show()
        self.compare_dialog = dialog
        self.compare_requested.emit(*pair)
        return dialog

    # -- menu -----------------------------------------------------------------------------
    def _context_menu(self, pos: QPoint) -> None:
        ix: QModelIndex = self.view.indexAt(pos)
        if ix.isValid() and not self.view.selectionModel().isSelected(ix):
            self.select_take_ids([self.model.take_at(ix.row()).id])
        menu = self.context_menu()
        menu.popup(self.view.viewport().mapToGlobal(pos))

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        for a in (self.select_action, self.play_action, None, self.favourite_action,
                  self.reject_action, self.reuse_action, self.compare_action, None,
                  self.delete_action):
            if a is None:
                menu.addSeparator()
            else:
                menu.addAction(a)
        return menu

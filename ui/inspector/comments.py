"""The Comments tab: notes from the team on the current shot — who (optional), when, what.
Adding (Ctrl+Enter in the text box) and deleting are undoable commands."""

from __future__ import annotations

import time

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import Comment
from app.services.commands import AddComment, DeleteComment, MacroCommand
from app.services.project_document import ProjectDocument
from ui.undo import UndoController

CommentRole = Qt.ItemDataRole.UserRole + 1
MAX_LENGTH = 10_000


def comment_heading(comment: Comment) -> str:
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(comment.created))
    return f"{comment.author} · {when}" if comment.author else when


class CommentListModel(QAbstractListModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.doc: ProjectDocument | None = None
        self.shot_id: str | None = None
        self._comments: list[Comment] = []

    def set_document(self, doc: ProjectDocument | None) -> None:
        if self.doc is not None:
            self.doc.comments_changed.disconnect(self._comments_changed)
        self.doc = doc
        if doc is not None:
            doc.comments_changed.connect(self._comments_changed)
        self.show_shot(None)

    def show_shot(self, shot_id: str | None) -> None:
        self.shot_id = shot_id
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._comments = (self.doc.comments(self.shot_id)
                          if self.doc is not None and self.shot_id is not None else [])
        self.endResetModel()

    def _comments_changed(self, shot_id: str) -> None:
        if shot_id == self.shot_id:
            self.reload()

    def comment_at(self, row: int) -> Comment:
        return self._comments[row]

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._comments)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._comments):
            return None
        c = self._comments[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{comment_heading(c)}\n{c.text}"
        if role == CommentRole:
            return c
        return None


class _SubmitOnCtrlEnter(QObject):
    """Ctrl+Enter in the text box adds the comment; plain Enter is a new line. The window's
    Ctrl+Enter (Generate take) must not fire while typing here, so the shortcut override is
    claimed and the key arrives as a key press."""

    def __init__(self, submit, parent=None) -> None:
        super().__init__(parent)
        self.submit = submit

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) or \
                not isinstance(event, QKeyEvent) or \
                event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter) or \
                not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()
            return True
        self.submit()
        return True


class CommentsPanel(QWidget):
    def __init__(self, undo: UndoController, parent=None) -> None:
        super().__init__(parent)
        self.undo = undo
        self.doc: ProjectDocument | None = None
        self.model = CommentListModel(self)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setAlternatingRowColors(True)
        self.view.setSpacing(2)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(
            lambda pos: self.context_menu().popup(self.view.viewport().mapToGlobal(pos)))

        self.delete_action = QAction("Delete comment", self)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete_selected)
        self.view.addAction(self.delete_action)  # Delete only while the list has focus

        self.author = QLineEdit(self)
        self.author.setPlaceholderText("Your name (optional)")
        self.text = QPlainTextEdit(self)
        self.text.setPlaceholderText("Write a comment on this shot — Ctrl+Enter to add")
        self.text.setMaximumHeight(80)
        self.text.installEventFilter(_SubmitOnCtrlEnter(self.add, self))
        self.add_button = QPushButton("Add comment", self)
        self.add_button.setToolTip("Add the comment (Ctrl+Enter)")
        self.add_button.clicked.connect(self.add)
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.clicked.connect(self.delete_selected)
        self.message = QLabel("")
        self.message.setObjectName("emptyState")
        self.message.setWordWrap(True)

        row = QHBoxLayout()
        row.addWidget(self.author, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.text)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.view.selectionModel().selectionChanged.connect(self._update)
        self.model.modelReset.connect(self._update)
        self._update()

    def set_document(self, doc: ProjectDocument | None) -> None:
        self.doc = doc
        self.model.set_document(doc)

    def show_shot(self, shot_id: str | None) -> None:
        self.model.show_shot(shot_id)
        self.message.clear()

    def _update(self, *args) -> None:
        has_shot = self.doc is not None and self.model.shot_id is not None
        for w in (self.text, self.author, self.add_button):
            w.setEnabled(has_shot)
        selected = bool(self.view.selectionModel().selectedRows())
        self.delete_button.setEnabled(selected)
        self.delete_action.setEnabled(selected)
        if not has_shot:
            self.text.setPlaceholderText("Select a shot in the timeline to comment on it")
        else:
            self.text.setPlaceholderText("Write a comment on this shot — Ctrl+Enter to add")

    def add(self) -> None:
        if self.doc is None or self.model.shot_id is None:
            return
        text = self.text.toPlainText().strip()
        if not text:
            self.message.setText("Write something first: the comment is empty.")
            return
        if len(text) > MAX_LENGTH:
            self.message.setText(f"That comment is {len(text):,} characters; keep it under "
                                 f"{MAX_LENGTH:,} (attach long notes as a file instead).")
            return
        comment = Comment(shot_id=self.model.shot_id, author=self.author.text().strip(),
                          text=text)
        try:
            self.undo.push(AddComment(comment))
        except (KeyError, ValueError, RuntimeError) as exc:
            self.message.setText(f"Could not add the comment: {exc}")
            return
        self.text.clear()
        self.message.clear()

    def selected_comments(self) -> list[Comment]:
        rows = sorted(ix.row() for ix in self.view.selectionModel().selectedRows())
        return [self.model.comment_at(r) for r in rows]

    def delete_selected(self) -> None:
        chosen = self.selected_comments()
        if not chosen:
            return
        commands = [DeleteComment(c) for c in chosen]
        self.undo.push(commands[0] if len(commands) == 1 else MacroCommand(
            f"Delete {len(commands)} comments", commands))

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        menu.addAction(self.delete_action)
        return menu

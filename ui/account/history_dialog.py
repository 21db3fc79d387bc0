"""Generate → Service History…: what each service holds (made in Reelroom or elsewhere, e.g.
the service's web app), searchable by prompt, with thumbnails. A row becomes a take of a
chosen shot (downloaded, no new job, no cost, its parameters kept); it can be deleted on the
service after a confirmation that it is gone for good; platform videos can be favourited,
shared (the link is shown) and made public or private."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from app.services.remote_history.items import RemoteItem
from app.services.remote_history.service import PROVIDERS, RemoteHistory
from app.services.service_names import display_name
from ui.account.history_model import THUMB, HistoryModel
from ui.library.tasks import Tasks
from ui.theme import set_tone

PAGE = 30


class HistoryDialog(QDialog):
    def __init__(self, history: RemoteHistory, studio, parent=None, *,
                 has_key=lambda name: True, provider: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reelroom — Service History")
        self.history, self.studio, self.has_key = history, studio, has_key
        self.tasks = Tasks()
        self.thumb_tasks = Tasks()  # previews load on their own, never holding the buttons
        self.cursor = None
        self.confirm: QMessageBox | None = None

        self.service = QComboBox()
        for name in PROVIDERS:
            self.service.addItem(display_name(name), name)
        if provider in PROVIDERS:
            self.service.setCurrentIndex(PROVIDERS.index(provider))
        self.service.currentIndexChanged.connect(lambda _i: self.reload())
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by prompt")
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.reload)
        self.search_button = QPushButton("Search")
        self.search_button.clicked.connect(self.reload)
        top = QHBoxLayout()
        top.addWidget(QLabel("Service"))
        top.addWidget(self.service)
        top.addWidget(self.search, 1)
        top.addWidget(self.search_button)

        self.model = HistoryModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setIconSize(THUMB)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(THUMB.height() + 10)
        self.table.setWordWrap(False)  # prompt and id on their own lines, never squeezed
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, self.model.columnCount()):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._sync())
        self.more = QPushButton("Load more")
        self.more.clicked.connect(self.load_more)

        self.shot = QComboBox()
        self.import_button = QPushButton("Import as Take")
        self.import_button.setToolTip("Download it as a new take of the chosen shot: no new "
                                      "job, no cost")
        self.import_button.clicked.connect(self.import_selected)
        self.delete_button = QPushButton("Delete…")
        self.delete_button.clicked.connect(self.ask_delete)
        self.favourite_button = QPushButton("Favourite")
        self.favourite_button.clicked.connect(self.favourite)
        self.share_button = QPushButton("Share")
        self.share_button.clicked.connect(self.share)
        self.public_button = QPushButton("Make Public")
        self.public_button.clicked.connect(self.toggle_public)
        actions = QHBoxLayout()
        actions.addWidget(QLabel("Shot"))
        actions.addWidget(self.shot, 1)
        for b in (self.import_button, self.delete_button, self.favourite_button,
                  self.share_button, self.public_button):
            actions.addWidget(b)
        self.link = QLineEdit()
        self.link.setReadOnly(True)
        self.link.setPlaceholderText("a share link appears here")
        self.copy_link = QPushButton("Copy Link")
        self.copy_link.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(self.link.text()))
        link_row = QHBoxLayout()
        link_row.addWidget(self.link, 1)
        link_row.addWidget(self.copy_link)
        self.message = QLabel()
        self.message.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.more, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(actions)
        layout.addLayout(link_row)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.resize(980, 640)
        self.fill_shots()
        self._sync()

    # -- state -------------------------------------------------------------------------
    @property
    def provider(self) -> str:
        return self.service.currentData()

    def selected(self) -> RemoteItem | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.item(rows[0].row()) if rows else None

    def fill_shots(self) -> None:
        self.shot.clear()
        doc = self.studio.document
        if doc is None:
            return
        for n, shot_id in enumerate(doc.shots.ids(), start=1):
            shot = doc.shots.get(shot_id)
            title = shot.title or (shot.prompt[:40] if shot.prompt else "")
            self.shot.addItem(f"{n} · {title}" if title else f"Shot {n}", shot_id)

    def _say(self, text: str, tone: str = "normal") -> None:
        self.message.setText(text)
        set_tone(self.message, tone)

    def _sync(self) -> None:
        item = self.selected()
        busy = self.tasks.busy
        platform_video = item is not None and item.provider == "platform" and item.kind == "video"
        self.import_button.setEnabled(bool(item and item.importable and self.shot.count()
                                           and not busy))
        self.delete_button.setEnabled(bool(item and item.deletable and not busy))
        for b in (self.favourite_button, self.share_button, self.public_button):
            b.setVisible(self.provider == "platform")
            b.setEnabled(platform_video and not busy)
        if platform_video:
            self.favourite_button.setText("Unfavourite" if item.favourite else "Favourite")
            self.public_button.setText("Make Private" if item.public else "Make Public")
        self.more.setEnabled(self.cursor is not None and not busy)
        self.search_button.setEnabled(not busy)

    # -- listing -----------------------------------------------------------------------
    def reload(self) -> None:
        self.cursor = None
        self.model.reset([])
        self.link.clear()
        if not self.has_key(self.provider):
            self._say(f"No API key for {display_name(self.provider)}: add one in Settings → "
                      "API keys", "warning")
            self._sync()
            return
        self._load(first=True)

    def load_more(self) -> None:
        if self.cursor is not None:
            self._load(first=False)

    def _load(self, *, first: bool) -> None:
        provider, words = self.provider, self.search.text().strip()
        self._say(f"reading {display_name(provider)}…", "muted")
        self.tasks.start(self.history.list(provider, search=words, limit=PAGE,
                                           cursor=None if first else self.cursor),
                         lambda page: self._listed(provider, page), self._failed)
        self._sync()

    def _listed(self, provider: str, page) -> None:
        if provider != self.provider:
            return  # the user chose another service meanwhile
        self.cursor = page.cursor
        self.model.extend(page.items)
        count, words = self.model.rowCount(), self.search.text().strip()
        if count:
            text = f"{count} generation{'s' if count != 1 else ''} on {display_name(provider)}"
        else:
            text = f"nothing matches {words!r}" if words else "nothing on this service yet"
        self._say(text, "normal")
        self.thumb_tasks.start(self._thumbnails(list(page.items)), lambda _r: None,
                               lambda _words: None)  # a missing poster is not worth a message
        self._sync()

    async def _thumbnails(self, items: list[RemoteItem]) -> None:
        """One after another, so a page of videos is not thirty downloads at once."""
        for item in items:
            if item not in self.model.items:
                continue  # the list was reloaded meanwhile
            try:
                data = await self.history.thumbnail(item)
            except Exception:  # noqa: BLE001 - no poster for this one; the row stays
                continue
            if data:
                self.model.set_thumbnail(item, data)

    def _failed(self, words: str) -> None:
        self._say(words, "error")
        self._sync()

    # -- actions -----------------------------------------------------------------------
    def import_selected(self) -> None:
        item, shot_id, doc = self.selected(), self.shot.currentData(), self.studio.document
        if item is None or shot_id is None or doc is None:
            return
        self._say(f"downloading {item.remote_id}…", "muted")
        self.tasks.start(self.history.import_take(item, doc, shot_id),
                         lambda done: self._ok(f"{done.summary()} on {self.shot.currentText()}"
                                               " — no job was sent, nothing charged"),
                         self._failed)
        self._sync()

    def _ok(self, text: str) -> None:
        self._say(text, "success")
        self._sync()

    def ask_delete(self) -> None:
        item = self.selected()
        if item is None:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, "Delete for good?",
                          f"Delete {item.remote_id} on {display_name(item.provider)}?\n\n"
                          "The file is gone for good: the service deletes it and it cannot be "
                          "brought back. Takes you already imported keep their own copy.",
                          QMessageBox.StandardButton.Cancel, self)
        delete = box.addButton("Delete for Good", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _r, i=item, b=box, d=delete: (
            self._delete(i) if b.clickedButton() is d else None))
        self.confirm = box
        box.open()

    def _delete(self, item: RemoteItem) -> None:
        self._say(f"deleting {item.remote_id}…", "muted")

        def gone(_result) -> None:
            if item in self.model.items:
                self.model.remove(item)
            self._ok(f"{item.remote_id} deleted on {display_name(item.provider)}")

        self.tasks.start(self.history.delete(item), gone, self._failed)
        self._sync()

    def _changed(self, item: RemoteItem, text: str) -> None:
        if item in self.model.items:
            self.model.changed(item)
        self._ok(text)

    def favourite(self) -> None:
        if (item := self.selected()) is not None:
            self.tasks.start(self.history.favourite(item), lambda on, i=item: self._changed(
                i, "favourited" if on else "no longer a favourite"), self._failed)

    def share(self) -> None:
        if (item := self.selected()) is not None:
            def shared(url: str, i=item) -> None:
                self.link.setText(url)
                self._changed(i, "share link made: anyone with it can watch this video")
            self.tasks.start(self.history.share(item), shared, self._failed)

    def toggle_public(self) -> None:
        if (item := self.selected()) is not None:
            self.tasks.start(self.history.toggle_public(item), lambda on, i=item: self._changed(
                i, "now public in the gallery" if on else "now private"), self._failed)

    def done(self, result: int) -> None:
        self.tasks.cancel_all()
        self.thumb_tasks.cancel_all()
        super().done(result)

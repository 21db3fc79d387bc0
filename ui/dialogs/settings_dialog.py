"""Settings: API keys (keyring or session-only, each with Test connection), service addresses,
theme, player, cache; and the Services page (ui.account.services_view) when the studio runs a
queue whose accounts it can read."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.service_names import display_name
from app.services.studio import Studio
from app.settings import DEFAULT_BASE_URLS, PROVIDER_NAMES
from ui.theme import set_tone

_SOURCE_WORDS = {"keyring": "saved in the system keyring", "session": "kept for this session only",
                 "missing": "no key"}
_PASTE_FIRST = "paste a key first"
# Every row's status column is as wide as its longest words, so saving a key never moves a
# row's field and buttons out of line with the others.
_STATUS_WORDS = (*_SOURCE_WORDS.values(), _PASTE_FIRST, "from the environment")


class SettingsDialog(QDialog):
    def __init__(self, studio: Studio, parent=None, *, accounts=None,
                 page: str | None = None) -> None:
        super().__init__(parent)
        self.accounts = accounts  # app.services.accounts.Accounts, for tests of connection
        self.setWindowTitle("Reelroom — Settings")
        self.studio = studio
        self.settings = studio.settings.model_copy(deep=True)
        status = studio.secrets.backend_status()

        keys_box = QGroupBox("API keys")
        keys = QVBoxLayout(keys_box)
        self.keyring_note = QLabel(
            "Keys are stored in your system keyring." if status.usable else status.detail)
        self.keyring_note.setWordWrap(True)
        if not status.usable:
            set_tone(self.keyring_note, "warning")
        keys.addWidget(self.keyring_note)
        self.session_only = QCheckBox("Keep keys for this session only (forgotten when "
                                      "Reelroom closes)")
        self.session_only.setChecked(not status.usable)
        self.session_only.setEnabled(status.usable)
        keys.addWidget(self.session_only)
        form = QFormLayout()
        self.key_edits: dict[str, QLineEdit] = {}
        self.key_status: dict[str, QLabel] = {}
        self.url_edits: dict[str, QLineEdit] = {}
        self.test_buttons: dict[str, QPushButton] = {}
        for name in PROVIDER_NAMES:
            edit = QLineEdit()
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            # wide enough for what it asks ("paste a key to replace this one"), never cut off
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(
                "paste a key to replace this one") + 24)
            save = QPushButton("Save")
            save.clicked.connect(lambda _=False, n=name: self.save_key(n))
            forget = QPushButton("Forget")
            forget.clicked.connect(lambda _=False, n=name: self.forget_key(n))
            state = QLabel()
            state.setFixedWidth(max(state.fontMetrics().horizontalAdvance(w)
                                    for w in _STATUS_WORDS) + 8)
            row = QHBoxLayout()
            row.setContentsMargins(0, 0, 0, 0)  # the field lines up with its label and the URLs
            row.addWidget(edit, 1)
            row.addWidget(save)
            row.addWidget(forget)
            if accounts is not None:
                test = QPushButton("Test")
                test.setToolTip("Test connection: one harmless read with this key")
                test.clicked.connect(lambda _=False, n=name: self.test_key(n))
                row.addWidget(test)
                self.test_buttons[name] = test
            row.addWidget(state)
            holder = QWidget()
            holder.setLayout(row)
            form.addRow(display_name(name), holder)
            self.key_edits[name], self.key_status[name] = edit, state
            self._show_source(name)
        keys.addLayout(form)

        urls_box = QGroupBox("Service addresses (leave empty for the service's own)")
        urls = QFormLayout(urls_box)
        for name in PROVIDER_NAMES:
            edit = QLineEdit(self.settings.provider(name).base_url or "")
            edit.setPlaceholderText(DEFAULT_BASE_URLS[name] or "required: the platform's URL")
            urls.addRow(display_name(name), edit)
            self.url_edits[name] = edit

        general = QGroupBox("General")
        g = QFormLayout(general)
        self.theme = QComboBox()
        for value in ("system", "light", "dark"):
            self.theme.addItem(value.title(), value)
        self.theme.setCurrentIndex(self.theme.findData(self.settings.theme))
        self.player = QComboBox()
        for value, text in (("auto", "Automatic (VLC when available)"), ("vlc", "VLC"),
                            ("qt", "Qt Multimedia")):
            self.player.addItem(text, value)
        self.player.setCurrentIndex(self.player.findData(self.settings.player_backend))
        self.cache = QSpinBox()
        self.cache.setRange(100, 1_000_000)
        self.cache.setSuffix(" MB")
        self.cache.setValue(self.settings.cache_size_mb)
        self.budget = QDoubleSpinBox()
        self.budget.setRange(0, 1_000_000)
        self.budget.setPrefix("$")
        self.budget.setSpecialValueText("No cap")
        self.budget.setValue(self.settings.budget_cap_usd or 0)
        g.addRow("Theme", self.theme)
        g.addRow("Player", self.player)
        g.addRow("Cache size", self.cache)
        g.addRow("Budget cap", self.budget)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        settings_page = QWidget()
        page_layout = QVBoxLayout(settings_page)
        for w in (keys_box, urls_box, general):
            page_layout.addWidget(w)
        self.tabs = QTabWidget()
        self.tabs.addTab(settings_page, "Settings")
        self.services = None
        if accounts is not None:
            from ui.account.services_view import ServicesView

            self.services = ServicesView(accounts)
            self.tabs.addTab(self.services, "Services")
            if page == "services":
                self.tabs.setCurrentWidget(self.services)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.resize(760, 680)

    def _show_source(self, name: str) -> None:
        source = self.studio.secrets.lookup(name).source
        env = source.removeprefix("env:") if source.startswith("env:") else ""
        self.key_status[name].setText("from the environment" if env
                                      else _SOURCE_WORDS.get(source, source))
        self.key_status[name].setToolTip(f"read from {env}" if env else "")
        set_tone(self.key_status[name], "normal")
        self.key_edits[name].setPlaceholderText(
            "paste your API key" if source == "missing" else "paste a key to replace this one")

    def save_key(self, name: str) -> None:
        key = self.key_edits[name].text()
        if not key.strip():
            self.key_status[name].setText(_PASTE_FIRST)
            return
        self.studio.secrets.set(name, key, session_only=self.session_only.isChecked())
        self.key_edits[name].clear()  # the key is not kept in the widget
        self.studio.settings_changed.emit(self.studio.settings)  # the next request uses it
        self._show_source(name)

    def test_key(self, name: str) -> None:
        """Test connection with the key as stored now; the answer in the row's status."""
        from ui.library.tasks import Tasks

        self._tests = getattr(self, "_tests", None) or Tasks()
        state, button = self.key_status[name], self.test_buttons[name]
        state.setText("testing…")
        button.setEnabled(False)

        def done(conn) -> None:
            button.setEnabled(True)
            state.setText("connected" if conn.ok else "not connected")
            state.setToolTip(conn.words)
            set_tone(state, "success" if conn.ok else "error")
            if self.services is not None:
                self.services._show_connection(conn)

        def failed(words: str) -> None:
            button.setEnabled(True)
            state.setText("not connected")
            state.setToolTip(words)
            set_tone(state, "error")

        self._tests.start(self.accounts.test_connection(name), done, failed)

    def forget_key(self, name: str) -> None:
        self.studio.secrets.delete(name)
        self.studio.settings_changed.emit(self.studio.settings)
        self._show_source(name)

    def accept(self) -> None:
        for name, edit in self.url_edits.items():
            entry = self.settings.providers.setdefault(name, self.settings.provider(name))
            entry.base_url = edit.text().strip() or None
        self.settings.theme = self.theme.currentData()
        self.settings.player_backend = self.player.currentData()
        self.settings.cache_size_mb = self.cache.value()
        self.settings.budget_cap_usd = self.budget.value() or None
        # what changed elsewhere while the dialog was open is kept (the inspector's folds)
        self.settings.folded_sections = self.studio.settings.folded_sections
        self.studio.save_settings(self.settings)
        super().accept()

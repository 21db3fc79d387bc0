"""Settings → Services: for each service with a key, whether it answers ("Test connection");
for the studio platform the tier and what it allows, the credit balance and monthly
allowance, the credit history, whether the GPU backend is online and how long the queue is.
Everything is read on qasync's loop; the window never waits on the network."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.accounts import Accounts, Connection, PlatformAccount
from app.services.service_names import display_name
from app.services.tier_rules import FEATURES, TIER_ORDER, tier_name
from app.settings import PROVIDER_NAMES
from ui.account.credit_model import CreditHistoryModel
from ui.library.tasks import Tasks
from ui.theme import set_tone

NO_KEY = "no API key: add one in Settings → API keys"


def _num(value) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if isinstance(value, float) and value.is_integer() else f"{value:,}"


def allowed_features(tier: str | None) -> str:
    """What the tier unlocks and what it does not, in a line."""
    if tier not in TIER_ORDER:
        return "—"
    have = TIER_ORDER.index(tier)
    yes = [f.label for f in FEATURES.values() if TIER_ORDER.index(f.min_tier) <= have]
    no = [f"{f.label} ({tier_name(f.min_tier)}+)" for f in FEATURES.values()
          if TIER_ORDER.index(f.min_tier) > have]
    return ("includes " + ", ".join(yes) if yes else "") + (
        ("; not " + ", ".join(no)) if no else "")


class ServicesView(QWidget):
    def __init__(self, accounts: Accounts, parent=None) -> None:
        super().__init__(parent)
        self.accounts = accounts
        self.tasks = Tasks()
        self.status: dict[str, QLabel] = {}
        self.test_buttons: dict[str, QPushButton] = {}

        conn_box = QGroupBox("Connections")
        grid = QGridLayout(conn_box)
        for row, name in enumerate(PROVIDER_NAMES):
            label = QLabel()
            label.setWordWrap(True)
            button = QPushButton("Test connection")
            button.clicked.connect(lambda _=False, n=name: self.test(n))
            grid.addWidget(QLabel(f"<b>{display_name(name)}</b>"), row, 0)
            grid.addWidget(label, row, 1)
            grid.addWidget(button, row, 2)
            grid.setColumnStretch(1, 1)
            self.status[name], self.test_buttons[name] = label, button

        self.platform_box = QGroupBox(f"{display_name('platform')} account")
        form = QFormLayout()
        self.fields: dict[str, QLabel] = {}
        for key, text in (("user", "Signed in as"), ("tier", "Tier"), ("credits", "Credits"),
                          ("monthly", "Monthly allowance"), ("limits", "Plan limits"),
                          ("features", "Features"), ("gpu", "GPU backend"),
                          ("queue", "Queue length")):
            self.fields[key] = QLabel("—")
            self.fields[key].setWordWrap(True)
            form.addRow(text, self.fields[key])
        self.credit_model = CreditHistoryModel(self)
        self.credit_table = QTableView()
        self.credit_table.setModel(self.credit_model)
        self.credit_table.verticalHeader().hide()
        self.credit_table.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.Stretch)
        self.credit_table.setMinimumHeight(140)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        set_tone(self.problems, "warning")
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.clicked.connect(self.refresh_platform)
        top = QHBoxLayout()
        top.addLayout(form, 1)
        top.addWidget(self.refresh_button)
        box = QVBoxLayout(self.platform_box)
        box.addLayout(top)
        box.addWidget(QLabel("Credit history"))
        box.addWidget(self.credit_table, 1)
        box.addWidget(self.problems)

        layout = QVBoxLayout(self)
        layout.addWidget(conn_box)
        layout.addWidget(self.platform_box, 1)
        self.accounts.platform_changed.connect(self.show_platform)
        self.destroyed.connect(lambda *_: self._disconnect())
        self._started = False

    def _disconnect(self) -> None:
        try:
            self.accounts.platform_changed.disconnect(self.show_platform)
        except (TypeError, ValueError, RuntimeError):
            pass

    # -- reading ---------------------------------------------------------------------
    def start(self) -> None:
        """Test every service that has a key and read the platform (once per showing)."""
        self._started = True
        for name in PROVIDER_NAMES:
            if self.accounts.has_key(name):
                self.test(name)
            else:
                self._show_connection(Connection(name, False, NO_KEY))
        if self.accounts.platform_last is not None:
            self.show_platform(self.accounts.platform_last)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._started:
            self.start()

    def test(self, name: str) -> None:
        self.status[name].setText("testing…")
        set_tone(self.status[name], "muted")
        self.test_buttons[name].setEnabled(False)
        self.tasks.start(self.accounts.test_connection(name),
                         lambda conn, n=name: self._tested(n, conn),
                         lambda words, n=name: self._tested(n, Connection(n, False, words)))

    def _tested(self, name: str, conn: Connection) -> None:
        self.test_buttons[name].setEnabled(True)
        self._show_connection(conn)
        if name == "platform" and conn.ok:
            self.refresh_platform()

    def _show_connection(self, conn: Connection) -> None:
        label = self.status[conn.provider]
        label.setText(("✓ " if conn.ok else "✗ ") + conn.words
                      if conn.words != NO_KEY else conn.words)
        set_tone(label, "success" if conn.ok else ("muted" if conn.words == NO_KEY else "error"))

    def refresh_platform(self) -> None:
        self.refresh_button.setEnabled(False)
        self.problems.setText("reading the account…")
        self.tasks.start(self.accounts.platform_account(), lambda _view: self._read_done(),
                         self._read_failed)

    def _read_done(self) -> None:
        self.refresh_button.setEnabled(True)

    def _read_failed(self, words: str) -> None:
        self.refresh_button.setEnabled(True)
        self.problems.setText(words)

    # -- showing ---------------------------------------------------------------------
    def show_platform(self, view: PlatformAccount) -> None:
        f = self.fields
        f["user"].setText(view.username or "—")
        f["tier"].setText(tier_name(view.tier) if view.tier else "—")
        f["credits"].setText(_num(view.credits))
        f["monthly"].setText(_num(view.monthly_credits))
        f["limits"].setText(f"at most {_num(view.max_frames)} frames per video"
                            + (f", up to {view.max_resolution}" if view.max_resolution else ""))
        f["features"].setText(allowed_features(view.tier))
        f["gpu"].setText({True: "online", False: "offline — jobs wait until it is back",
                          None: "not known"}[view.gpu_online])
        set_tone(f["gpu"], {True: "success", False: "warning", None: "muted"}[view.gpu_online])
        f["queue"].setText(_num(view.queue_length))
        self.credit_model.set_entries(view.history)
        self.problems.setText("\n".join(view.problems))

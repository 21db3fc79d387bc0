"""The services' accounts in the window: the platform's credit balance in the status bar
(read at start and after every platform job that ends, clicked for the Services page), and
Generate → Services & Credits… / Service History….

Every read runs on qasync's loop through the queue's accounts; nothing waits on the network
in a slot."""

from __future__ import annotations

from PySide6.QtWidgets import QToolButton

from app.services.queue.jobs import JobState
from app.services.remote_history.service import for_queue
from app.services.tier_rules import tier_name
from ui.library.tasks import Tasks

ENDED = frozenset({JobState.DONE, JobState.FAILED, JobState.CANCELLED})


def balance_text(view) -> str:
    if view is None or view.credits is None:
        return "Platform: credits not known"
    tier = f" · {tier_name(view.tier)}" if view.tier else ""
    return f"Platform: {view.credits:,.0f} credits{tier}"


class ServicesFeature:
    def __init__(self, window, studio, queue) -> None:
        self.window, self.studio, self.queue = window, studio, queue
        self.accounts = queue.accounts
        self.tasks = Tasks()
        self.history_dialog = None
        a = window.actions
        a.services.triggered.connect(lambda: self.show_services())
        a.service_history.triggered.connect(lambda: self.show_history())
        menu = window.menus.get("generate")
        if menu is not None:
            menu.addSeparator()
            menu.addAction(a.services)
            menu.addAction(a.service_history)
        self.balance = QToolButton()
        self.balance.setObjectName("platform-balance")
        self.balance.setAutoRaise(True)
        self.balance.setToolTip("The studio platform's credit balance: click for the "
                                "account, credit history, GPU backend and queue")
        self.balance.clicked.connect(lambda: self.show_services())
        self.balance.setVisible(False)
        window.statusBar().addPermanentWidget(self.balance)
        self.accounts.platform_changed.connect(self._show_balance)
        queue.job_changed.connect(self._job_changed)
        if self.accounts.has_key("platform"):
            self.refresh_balance()

    def _show_balance(self, view) -> None:
        self.balance.setText(balance_text(view))
        self.balance.setVisible(True)

    def _job_changed(self, job) -> None:
        if job.provider == "platform" and job.state in ENDED:
            self.refresh_balance()

    def refresh_balance(self) -> None:
        def failed(words: str) -> None:
            self.balance.setText("Platform: credits not known")
            self.balance.setToolTip(words)
            self.balance.setVisible(True)

        self.tasks.start(self.accounts.refresh_balance(), lambda _credits: None, failed)

    def show_services(self):
        return self.window.show_settings(page="services")

    def show_history(self, provider: str | None = None):
        from ui.account.history_dialog import HistoryDialog

        dialog = HistoryDialog(for_queue(self.queue), self.studio, self.window,
                               has_key=self.accounts.has_key, provider=provider)
        self.history_dialog = dialog
        dialog.open()
        dialog.reload()
        return dialog

"""Provider and model pickers fed by the model catalog. Lists load in the background (the
model combo says "Loading models…" meanwhile); a provider that cannot list its models shows
why, in words, under the pickers — in a strip of fixed height that otherwise describes the chosen
model, so a notice arriving never moves what is below."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from app.domain.service_models import ModelInfo
from app.services.model_catalog import CatalogEntry, ModelCatalog
from ui.inspector.fixed_strip import fixed_strip
from ui.inspector.form_label import form_label
from ui.theme import set_tone

LOADING = "Loading models…"
CHOOSE = "Choose a model…"
ERROR_STYLE = "error"  # tones (ui.theme), not colours
NOTICE_STYLE = "warning"


class ModelPicker(QWidget):
    choice_made = Signal(str, str)  # provider, model id — the user's choice
    models_loaded = Signal(str)  # provider whose list arrived (or failed)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.catalog: ModelCatalog | None = None
        self.provider_box = QComboBox()
        self.provider_box.setToolTip("Where this shot is generated")
        self.model_box = QComboBox()
        self.model_box.setToolTip("The service's model; its settings are below")
        self.status = QLabel("")
        self.status.hide()
        self.about = QLabel("")  # the model's description while there is no notice
        set_tone(self.about, "muted")
        self.strip = fixed_strip([self.status, self.about], 2)
        self.form = form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(form_label("Provider"), self.provider_box)
        form.addRow(form_label("Model"), self.model_box)
        form.addRow(self.strip)
        self.provider = ""
        self.model = ""
        self._user_switched: str | None = None  # pick a first model once its list arrives
        self._tasks: set[asyncio.Task[None]] = set()
        # a catalog answer arriving after the picker is gone must not touch dead widgets:
        # stop its loads with it (the lambda holds the set, not the deleted wrapper)
        tasks = self._tasks
        self.destroyed.connect(lambda *_: [t.cancel() for t in list(tasks)])
        self._filling = False
        self.provider_box.activated.connect(self._provider_chosen)
        self.model_box.activated.connect(self._model_chosen)

    def set_catalog(self, catalog: ModelCatalog | None) -> None:
        self.catalog = catalog
        self._fill_providers()
        if self.provider:
            self.show_choice(self.provider, self.model)

    # -- showing -------------------------------------------------------------------------
    def _fill_providers(self) -> None:
        self._filling = True
        try:
            self.provider_box.clear()
            for choice in self.catalog.providers() if self.catalog else []:
                self.provider_box.addItem(choice.display_name, choice.name)
        finally:
            self._filling = False

    def show_choice(self, provider: str, model: str) -> None:
        """Show the shot's provider and model (no edit is made)."""
        self.provider, self.model = provider, model
        self._filling = True
        try:
            index = self.provider_box.findData(provider)
            if index < 0:  # a provider this build does not list (a plug-in, a removed one)
                self.provider_box.addItem(provider, provider)
                index = self.provider_box.count() - 1
            self.provider_box.setCurrentIndex(index)
        finally:
            self._filling = False
        entry = self.catalog.cached(provider) if self.catalog else None
        if entry is None and self.catalog is not None:
            self._show_models(None)
            self._load(provider)
        else:
            self._show_models(entry)

    def _show_models(self, entry: CatalogEntry | None) -> None:
        self._filling = True
        try:
            box = self.model_box
            box.clear()
            if entry is None and self.catalog is not None:
                box.addItem(LOADING, self.model)
                box.setEnabled(False)
                self._set_status("", "normal")
                return
            box.setEnabled(True)
            models = entry.models if entry else ()
            if not self.model:
                box.addItem(CHOOSE, "")
            for m in models:
                box.addItem(m.name, m.id)
                box.setItemData(box.count() - 1, m.description or m.id,
                                Qt.ItemDataRole.ToolTipRole)
            if self.model and box.findData(self.model) < 0:
                box.addItem(f"{self.model} (not offered)", self.model)
            box.setCurrentIndex(max(0, box.findData(self.model)))
            if entry is not None and entry.error:
                self._set_status(entry.error, ERROR_STYLE)
            elif entry is not None and entry.notice:
                self._set_status(entry.notice, NOTICE_STYLE)
            else:
                self._set_status("", "normal")
        finally:
            self._filling = False

    def _set_status(self, text: str, style: str) -> None:
        self.status.setText(text)
        set_tone(self.status, style)
        self.status.setVisible(bool(text))
        self._show_about()

    def _show_about(self) -> None:
        info = self.model_info()
        self.about.setText(info.description if info is not None and info.description else "")
        self.about.setVisible(self.status.isHidden() and bool(self.about.text()))

    def model_info(self) -> ModelInfo | None:
        if self.catalog is None:
            return None
        return self.catalog.model(self.provider, self.model)

    # -- loading -------------------------------------------------------------------------
    def _load(self, provider: str, *, refresh: bool = False) -> None:
        catalog = self.catalog
        if catalog is None:
            return

        async def load() -> None:
            entry = await catalog.models(provider, refresh=refresh)
            if catalog is not self.catalog:
                return
            if provider == self.provider:
                self._show_models(entry)
                if self._user_switched == provider and not self.model and entry.models:
                    self._user_switched = None
                    self.choice_made.emit(provider, entry.models[0].id)
            self.models_loaded.emit(provider)

        try:
            loop = asyncio.get_event_loop()
        except RuntimeError:
            return  # no event loop: stays "loading"
        if loop.is_closed():
            return  # quitting: no coroutine is made, so none is left never awaited
        task = loop.create_task(load())
        self._tasks.add(task)  # a reference, so it is not collected mid-flight
        task.add_done_callback(self._tasks.discard)

    def reload(self) -> None:
        """Ask again (after settings changed, or the user retries an offline service)."""
        if self.catalog is not None and self.provider:
            self.catalog.invalidate(self.provider)
            self.show_choice(self.provider, self.model)

    # -- the user's choices --------------------------------------------------------------
    def _provider_chosen(self, index: int) -> None:
        if self._filling:
            return
        provider = self.provider_box.itemData(index)
        if provider == self.provider:
            return
        entry = self.catalog.cached(provider) if self.catalog else None
        first = entry.models[0].id if entry and entry.models else ""
        self._user_switched = None if first else provider
        self.choice_made.emit(provider, first)

    def _model_chosen(self, index: int) -> None:
        if self._filling:
            return
        model = self.model_box.itemData(index)
        if model and model != self.model:
            self.choice_made.emit(self.provider, model)

"""Wiring of the storyboard feature into the main window: the inspector's model catalog (on the
queue's adapters, so one connection per service), prompt history and template placeholders for
completion, and a fresh catalog when keys or base URLs change."""

from __future__ import annotations

from app.services.model_catalog import catalog_for_studio as make_catalog
from app.services.prompt_suggestions import PlatformSuggestions


def template_placeholders(studio) -> list[str]:
    names: list[str] = []
    for template in studio.templates():
        names += template.placeholders()
    return list(dict.fromkeys(names))


class StoryboardFeature:
    """The inspector's services: the model catalog (on the queue's adapters when there is a
    queue, so one connection per service), prompt history and template placeholders."""

    def __init__(self, studio, inspector, queue=None) -> None:
        self.catalog = make_catalog(studio, queue)
        # the user's own prompts first, then the platform's history when it is connected
        self.suggestions = suggestions = PlatformSuggestions(studio)
        self.inspector = inspector
        inspector.set_services(
            catalog=self.catalog,
            history=lambda text: list(dict.fromkeys(
                [*studio.prompt_history.recent(limit=50, containing=text),
                 *suggestions.suggest(text)])),
            template_placeholders=lambda: template_placeholders(studio))
        studio.settings_changed.connect(self._settings_changed)

        def remember(folded: list[str]) -> None:
            # a look preference: written quietly (no settings_changed, which reloads models)
            studio.settings.folded_sections = folded
            studio.settings_store.save(studio.settings)

        inspector.remember_folds(studio.settings.folded_sections, remember)

    def _settings_changed(self, _settings) -> None:
        self.catalog.invalidate()
        self.suggestions.forget()
        self.inspector.picker.reload()

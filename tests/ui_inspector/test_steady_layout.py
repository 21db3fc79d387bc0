"""The inspector does not jump: the prompt box and everything under it keep their place when a
template is applied, a placeholder is typed or a provider's notice arrives; the model's
settings sit right under its pickers; and at 1600×1000 every field of a shot is on screen
without scrolling once the sections the user does not need are folded."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import QWidget

from app.domain import Template
from app.services import template_library
from app.services.studio import Studio
from tests.ui_inspector.helpers import wait_for_models
from ui.main import create_window

pytestmark = pytest.mark.gui


def _rect(widget: QWidget, inside: QWidget) -> QRect:
    return QRect(widget.mapTo(inside, QPoint(0, 0)), widget.size())


def _places(inspector) -> dict[str, QRect]:
    """Where the prompt box and the widgets under it are, in the inspector."""
    parts = {"prompt": inspector.prompt, "placeholders": inspector.placeholders,
             "preview": inspector.preview, "preview text": inspector.preview.text,
             "framing": inspector.sections["framing"], "negative": inspector.negative,
             "shot type": inspector.shot_type, "camera": inspector.camera_move,
             "transition": inspector.transition, "notes": inspector.sections["notes"],
             "duration": inspector.duration}
    return {name: _rect(w, inspector) for name, w in parts.items()}


def _settle(qtbot) -> None:
    qtbot.wait(30)  # let queued layout requests run


@pytest.fixture
def shown(setup, qtbot):
    """The inspector on screen (geometry is only real for a shown widget)."""
    setup.inspector.resize(420, 900)
    setup.inspector.show()
    qtbot.waitExposed(setup.inspector)
    return setup


def test_typing_a_placeholder_moves_nothing(shown, qtbot):
    setup = shown
    inspector = setup.inspector
    setup.add_shot(prompt="A harbour at dawn")
    wait_for_models(qtbot, inspector)
    _settle(qtbot)
    before = _places(inspector)
    inspector.prompt.setFocus()
    inspector.prompt.moveCursor(inspector.prompt.textCursor().MoveOperation.End)
    qtbot.keyClicks(inspector.prompt, ", {time_of_day}, {weather}, {lens}")
    _settle(qtbot)
    assert list(inspector.placeholders.fields) == ["time_of_day", "weather", "lens"]
    assert _places(inspector) == before
    # the field the user aims at is where it will stay: a click lands on it
    field = inspector.placeholders.fields["time_of_day"]
    assert field.isVisibleTo(inspector)


def test_applying_a_template_moves_nothing(shown, qtbot):
    setup = shown
    inspector = setup.inspector
    sid = setup.add_shot(prompt="short")
    wait_for_models(qtbot, inspector)
    _settle(qtbot)
    before = _places(inspector)
    template = Template(name="Product", body="A long advertising prompt for {product} on a "
                        "{surface} at {time}, slow push in, soft key light, shallow depth of "
                        "field, reflections on the floor, " * 3, negative_prompt="blurry")
    setup.undo.push(template_library.apply_command(setup.doc, template, [sid]))
    _settle(qtbot)
    assert setup.shot(sid).prompt.startswith("A long advertising prompt")
    assert inspector.placeholders.fields  # its placeholders are offered
    assert _places(inspector) == before


def test_a_provider_notice_arriving_moves_nothing(shown, qtbot):
    from app.providers.platform.catalog import video_model
    from app.services.model_catalog import ModelCatalog

    setup = shown
    key = {"missing": False}

    class Remote:
        async def models(self):
            return [video_model({"id": "wan-t2v", "name": "Wan"})]

    inspector = setup.inspector
    inspector.set_services(catalog=ModelCatalog(lambda name: Remote(),
                                                key_missing=lambda n: key["missing"]))
    setup.add_shot(prompt="a fox", provider="remote", model="wan-t2v")
    wait_for_models(qtbot, inspector)
    _settle(qtbot)
    picker = inspector.picker
    assert picker.status.isHidden(), picker.status.text()
    before = _places(inspector)
    key["missing"] = True  # the key was removed in Settings: the list is asked for again
    picker.reload()
    qtbot.waitUntil(lambda: "No API key is stored" in picker.status.text(), timeout=5000)
    _settle(qtbot)
    assert picker.status.isVisibleTo(inspector)
    assert _places(inspector) == before


def test_preview_warnings_move_nothing(shown, qtbot):
    setup = shown
    inspector = setup.inspector
    sid = setup.add_shot(prompt="a fox", provider="openai", model="sora-2")
    wait_for_models(qtbot, inspector)
    _settle(qtbot)
    before = _places(inspector)
    from app.services.commands import UpdateShot

    setup.undo.push(UpdateShot(setup.doc, sid, prompt="@Nobody meets @Mara at {unset}"))
    _settle(qtbot)
    assert inspector.preview.warnings.text()  # an unknown element, an unfilled placeholder
    moved = {k: v for k, v in _places(inspector).items() if v != before[k]}
    assert moved == {}


def test_model_settings_sit_right_under_the_pickers(shown, qtbot):
    setup = shown
    inspector = setup.inspector
    setup.add_shot(prompt="a fox", provider="openai", model="sora-2")
    wait_for_models(qtbot, inspector)
    settings = inspector.sections["settings"]
    settings.set_expanded(True)
    _settle(qtbot)
    order = list(inspector.sections)
    assert order[:3] == ["model", "settings", "prompt"]  # then inputs, framing, notes
    picker = _rect(inspector.picker, inspector)
    form = _rect(inspector.params, inspector)
    assert picker.bottom() < form.top() < _rect(inspector.prompt, inspector).top()
    assert form.bottom() < _rect(inspector.transition, inspector).top()
    assert "size" in inspector.params.editors


@pytest.fixture
def window(qtbot, qasync_loop, reelroom_home):
    studio = Studio.open()
    w = create_window(studio)
    qtbot.addWidget(w)
    w.resize(QSize(1600, 1000))
    w.show()
    yield w
    qtbot.waitUntil(lambda: not w.inspector.picker._tasks, timeout=5000)
    studio.close()


FIELDS = {
    "model": lambda i: [i.picker.provider_box, i.picker.model_box, i.duration],
    "settings": lambda i: list(i.params.editors.values()),
    "prompt": lambda i: [i.prompt, i.placeholders, i.preview],
    "inputs": lambda i: [i.inputs, *i.inputs.slots.values()] or [i.no_inputs],
    "framing": lambda i: [i.negative, i.shot_type, i.camera_move, i.transition],
    "notes": lambda i: [i.notes],
}


def _on_screen(inspector, widgets) -> list[str]:
    """The widgets not wholly inside the scroll area's view (scrolled to the top)."""
    viewport = inspector.scroll.viewport()
    view = QRect(QPoint(0, 0), viewport.size())
    return [type(w).__name__ for w in widgets
            if not view.contains(_rect(w, viewport))]


def test_at_1600_by_1000_every_field_is_on_screen_with_the_others_folded(window, qtbot):
    project = window.studio.create_project("Film")
    doc = window.open_project(project.id)
    window.timeline.add_shot()
    inspector = window.inspector
    wait_for_models(qtbot, inspector)
    _settle(qtbot)
    inspector.scroll.verticalScrollBar().setValue(0)
    # as it opens: the title, pickers, Duration and the prompt box need no scrolling
    assert _on_screen(inspector, [inspector.title, inspector.picker.provider_box,
                                  inspector.picker.model_box, inspector.duration,
                                  inspector.prompt, inspector.placeholders]) == []
    for key, fields in FIELDS.items():
        for other, section in inspector.sections.items():
            section.set_expanded(other == key)
        _settle(qtbot)
        inspector.scroll.verticalScrollBar().setValue(0)
        assert fields(inspector), key
        assert _on_screen(inspector, fields(inspector)) == [], key
    assert doc.shots  # the shot stayed selected throughout


def test_folded_sections_stay_folded_from_shot_to_shot(shown, qtbot):
    setup = shown
    inspector = setup.inspector
    setup.add_shot(prompt="one")
    inspector.sections["framing"].set_expanded(False)
    assert "Framing" in inspector.sections["framing"].header.text()
    setup.add_shot(prompt="two")
    assert not inspector.sections["framing"].is_expanded()
    assert inspector.negative.isHidden() is False and not inspector.negative.isVisibleTo(
        inspector)


def test_folds_are_remembered_across_restarts(qtbot, qasync_loop, reelroom_home):
    studio = Studio.open()
    window = create_window(studio)
    qtbot.addWidget(window)
    sections = window.inspector.sections
    assert sections["framing"].is_expanded() and not sections["notes"].is_expanded()
    sections["framing"].set_expanded(False)
    sections["notes"].set_expanded(True)
    window.close()
    studio.close()
    studio = Studio.open()  # the next start
    try:
        again = create_window(studio)
        qtbot.addWidget(again)
        sections = again.inspector.sections
        assert not sections["framing"].is_expanded() and sections["notes"].is_expanded()
        assert sections["prompt"].is_expanded()
        again.close()
    finally:
        studio.close()

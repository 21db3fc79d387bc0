"""The prompt editor: colours, completion, placeholder values and the live preview."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat

from app.domain import ShotType
from app.providers.base import ModelInfo
from app.services.model_catalog import ModelCatalog
from tests.ui_inspector.helpers import wait_for_models
from ui.inspector.highlighter import (
    FILLED_PLACEHOLDER,
    KNOWN_ELEMENT,
    UNFILLED_PLACEHOLDER,
    UNKNOWN_ELEMENT,
)
from ui.theme import colour

pytestmark = pytest.mark.gui


def formats_at(editor, block_number: int) -> dict[tuple[int, int], QTextCharFormat]:
    block = editor.document().findBlockByNumber(block_number)
    ranges = block.layout().formats()  # copies: the ranges' formats die with the list
    return {(r.start, r.length): QTextCharFormat(r.format) for r in ranges}


def test_highlighter_colours_known_and_unknown_elements_and_placeholders(setup):
    sid = setup.add_shot(prompt="@Mara meets @Zed at {place} in {weather}",
                         template_values={"place": "the pier"})
    editor = setup.inspector.prompt
    formats = formats_at(editor, 0)
    text = setup.shot(sid).prompt
    at = {text[s:s + n]: f for (s, n), f in formats.items()}
    assert set(at) == {"@Mara", "@Zed", "{place}", "{weather}"}
    assert at["@Mara"].foreground().color() == colour(KNOWN_ELEMENT)
    assert at["@Zed"].foreground().color() == colour(UNKNOWN_ELEMENT)
    assert at["@Zed"].underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
    assert at["{place}"].foreground().color() == colour(FILLED_PLACEHOLDER)
    assert at["{weather}"].foreground().color() == colour(UNFILLED_PLACEHOLDER)


def test_highlighting_follows_the_projects_elements(setup):
    from app.domain import Element

    setup.add_shot(prompt="@Zed waits")
    editor = setup.inspector.prompt
    [(span, fmt)] = formats_at(editor, 0).items()
    assert fmt.foreground().color() == colour(UNKNOWN_ELEMENT)
    setup.doc.put_element(Element(project_id=setup.doc.project.id, name="Zed",
                                  description="a grey cat"))
    [(span, fmt)] = formats_at(editor, 0).items()
    assert span == (0, 4) and fmt.foreground().color() == colour(KNOWN_ELEMENT)
    assert setup.inspector.preview.final_text() == "A grey cat waits"


def test_at_offers_element_names_and_enter_inserts_one(setup, qtbot):
    sid = setup.add_shot(prompt="")
    editor = setup.inspector.prompt
    setup.inspector.show()
    editor.setFocus()
    qtbot.keyClicks(editor, "Close on @")
    completer = editor.completer
    assert completer.popup().isVisible()
    assert completer.model_.stringList() == ["Lighthouse", "Mara"]
    qtbot.keyClicks(editor, "m")
    assert completer.model_.stringList() == ["Mara"]
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
    assert editor.toPlainText() == "Close on @Mara"
    assert setup.shot(sid).prompt == "Close on @Mara"
    assert not completer.popup().isVisible()


def test_brace_offers_template_placeholders_and_history_completes_whole_prompts(setup, qtbot):
    setup.studio.prompt_history.remember("A lighthouse in a storm, waves breaking")
    setup.add_shot(prompt="")
    editor = setup.inspector.prompt
    setup.inspector.show()
    editor.setFocus()
    qtbot.keyClicks(editor, "at {time")
    completer = editor.completer
    assert completer.model_.stringList() == ["time_of_day"]  # from the built-in templates
    completer.insert("time_of_day")
    assert editor.toPlainText() == "at {time_of_day}"
    editor.clear()
    qtbot.keyClicks(editor, "A ligh")
    assert completer.model_.stringList() == ["A lighthouse in a storm, waves breaking"]
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
    assert editor.toPlainText() == "A lighthouse in a storm, waves breaking"


def test_placeholder_values_form_edits_template_values_with_undo(setup, qtbot):
    sid = setup.add_shot(prompt="@Mara at {place} in {weather}")
    form = setup.inspector.placeholders
    assert form.isVisibleTo(setup.inspector) and list(form.fields) == ["place", "weather"]
    qtbot.keyClicks(form.fields["place"], "the pier")
    assert setup.shot(sid).template_values == {"place": "the pier"}
    assert setup.stack.count() == 1  # typing is one undo step
    assert setup.inspector.preview.final_text() == (
        "A tall woman in a red coat at the pier in {weather}")
    setup.stack.undo()
    assert setup.shot(sid).template_values == {}
    assert form.fields["place"].text() == ""
    setup.add_shot(prompt="no placeholders here")
    assert form.fields == {} and form.hint.isVisibleTo(setup.inspector)  # says how to add one


def test_preview_counts_against_the_models_limit_and_turns_red_when_over(setup, qtbot):
    class Tiny:
        async def models(self):
            from app.providers.openai.params import SoraParams
            return [ModelInfo("t1", "Tiny", SoraParams, prompt_max=40)]

    catalog = ModelCatalog(lambda name: Tiny())
    setup.inspector.set_services(catalog=catalog)
    sid = setup.add_shot(prompt="@Mara waits", provider="tiny", model="t1",
                         shot_type=ShotType.CLOSE_UP)
    wait_for_models(qtbot, setup.inspector)
    preview = setup.inspector.preview
    assert preview.final_text() == "Close-up shot. A tall woman in a red coat waits"
    assert preview.count.text() == "47 / 40 characters"
    assert preview.count.property("tone") == "error"
    assert "takes at most 40" in preview.warnings.text()
    setup.inspector.prompt.setPlainText("@Mara")
    assert setup.shot(sid).prompt == "@Mara"
    assert preview.count.text() == "41 / 40 characters"
    setup.inspector.shot_type.setCurrentIndex(0)
    assert preview.count.text() == "26 / 40 characters"
    assert preview.count.property("tone") == "muted" and preview.warnings.isHidden()
    assert preview.ready.isVisibleTo(preview)


def test_preview_names_the_element_image_sent_as_image_input(setup, qtbot, tmp_path):
    from app.domain import Element

    image = tmp_path / "zed.png"
    image.write_bytes(b"png")
    setup.doc.put_element(Element(project_id=setup.doc.project.id, name="Zed",
                                  description="a grey cat", reference_image=str(image)))
    setup.add_shot(prompt="@Zed sleeps", provider="openai", model="sora-2")
    wait_for_models(qtbot, setup.inspector)
    preview = setup.inspector.preview
    assert preview.images.text() == "Image input: zed.png"
    setup.add_shot(prompt="@Zed sleeps", provider="shuttleai", model="sora")
    wait_for_models(qtbot, setup.inspector)
    assert preview.images.isHidden()
    assert "takes no image input" in preview.warnings.text()

"""The library dialogs in the real window, driven like a user would: menu actions, buttons,
the review table; every edit checked for its single undo step. Screenshots go to /tmp/shots."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QComboBox, QMessageBox

from app.domain import CameraMove, ShotType
from app.services.commands import AddShots
from app.services.prompt_tools import NOT_CONNECTED
from tests.fakes.platform_prompts import ENHANCE_SUFFIX
from ui.library.proposal_model import CAMERA, KEEP, SECONDS, TITLE, TYPE

SHOTS = Path("/tmp/shots")


def shoot(widget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(SHOTS / name))


def project_with_shots(window, *fields):
    doc = window.open_project(window.studio.create_project("Launch film").id)
    if fields:
        cmd = window.undo.push(AddShots(doc, 0, list(fields)))
        window.undo_stack.clear()
        return doc, cmd.ids
    return doc, []


def test_library_actions_are_in_the_shot_menu(window):
    texts = [a.text() for a in window.menus["shot"].actions()]
    for text in ("&Templates…", "&Elements…", "Script to S&hots…", "Enhance Pro&mpt…"):
        assert text in texts


def test_apply_a_template_to_three_shots_then_undo(window, qtbot):
    doc, ids = project_with_shots(window, {"title": "Open", "prompt": "one"},
                                  {"title": "Middle", "prompt": "two",
                                   "template_values": {"product": "the Nova phone"}},
                                  {"title": "End", "prompt": "three"})
    window.timeline.select_ids(ids)
    window.actions.templates.trigger()
    dialog = window.features.library.dialog
    assert dialog.isVisible() and dialog.model.rowCount() >= 15
    dialog.select("builtin-product-reveal")
    shoot(dialog, "templates.png")
    dialog.search.setText("reveal plinth")
    assert dialog.model.rowCount() == 1 and dialog.current().name == "Product reveal"
    assert "{product}" in dialog.preview.toPlainText()
    assert "polished black plinth" in dialog.preview.toPlainText()  # a default is shown
    assert dialog.apply_btn.text() == "Apply to 3 selected shots"
    qtbot.mouseClick(dialog.apply_btn, Qt.MouseButton.LeftButton)
    body = dialog.current().body
    assert [s.prompt for s in doc.shots] == [body] * 3
    assert doc.shots.get(ids[1]).template_values["product"] == "the Nova phone"
    assert doc.shots.get(ids[0]).template_values["surface"] == "polished black plinth"
    assert "Applied “Product reveal” to 3 shots" in dialog.status.text()
    assert window.undo_stack.count() == 1
    window.actions.undo.trigger()
    assert [s.prompt for s in doc.shots] == ["one", "two", "three"]
    assert doc.shots.get(ids[1]).template_values == {"product": "the Nova phone"}


def test_save_rename_and_delete_a_user_template(window, qtbot):
    doc, ids = project_with_shots(window, {"title": "Chase", "prompt": "{hero} runs"})
    window.timeline.select_ids(ids)
    dialog = window.features.library.show_templates()
    ask = dialog.ask_save_from_shot()
    ask.setTextValue("Chase scene")
    ask.accept()
    assert dialog.current().name == "Chase scene" and not dialog.current().builtin
    assert window.studio.user_templates.all()[0].body == "{hero} runs"
    # the same name again: told plainly, nothing stored
    dialog.save_from_shot(ids[0], "chase SCENE")
    assert "already the name of one of your templates" in dialog.status.text()
    assert dialog.status.property("tone") == "error"
    assert len(window.studio.user_templates.all()) == 1

    ask = dialog.ask_rename()
    ask.setTextValue("Pursuit")
    ask.accept()
    assert window.studio.user_templates.all()[0].name == "Pursuit"

    box = dialog.ask_delete()
    box.button(QMessageBox.StandardButton.Yes).click()
    assert window.studio.user_templates.all() == []
    assert "Deleted “Pursuit”" in dialog.status.text()
    # built-ins offer no rename or delete
    dialog.select("builtin-talking-head")
    assert not dialog.delete_btn.isEnabled() and not dialog.rename_btn.isEnabled()


def test_platform_tools_say_how_to_connect_when_not_configured(window):
    project_with_shots(window, {"prompt": "x"})
    window.menus["shot"].aboutToShow.emit()
    action = window.actions.enhance_prompt
    assert not action.isEnabled() and action.toolTip().startswith(NOT_CONNECTED)
    dialog = window.features.library.show_templates()
    assert not dialog.sync_btn.isEnabled()
    assert dialog.sync_btn.toolTip().startswith(NOT_CONNECTED)


def test_sync_with_the_platform_from_the_dialog(window, qtbot, platform_fake):
    platform_fake.prompt_templates["4"] = {"id": 4, "name": "Rain", "prompt": "rain on {x}"}
    dialog = window.features.library.show_templates()
    assert dialog.sync_btn.isEnabled()
    qtbot.mouseClick(dialog.sync_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "added" in dialog.status.text()
                    or dialog.status.property("tone") == "error", timeout=5000)
    assert dialog.status.text() == "Platform templates: 1 added."
    qtbot.mouseClick(dialog.sync_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "already here" in dialog.status.text(), timeout=5000)
    assert [t.name for t in window.studio.user_templates.all()] == ["Rain"]


def test_elements_add_with_image_edit_delete_and_undo(window, qtbot, tmp_path):
    doc, _ = project_with_shots(window)
    picture = tmp_path / "mara.png"
    image = QImage(320, 240, QImage.Format.Format_RGB32)
    image.fill(QColor("#8fb8d8"))
    painter = QPainter(image)
    painter.setBrush(QColor("#f2c230"))  # a yellow raincoat, roughly
    painter.drawEllipse(110, 60, 100, 170)
    painter.setBrush(QColor("#e8c4a0"))
    painter.drawEllipse(135, 20, 50, 60)
    painter.end()
    assert image.save(str(picture))

    window.actions.elements.trigger()
    dialog = window.features.library.dialog
    assert dialog.empty.isVisible()
    dialog.name.setText("Mara")
    dialog.kind.setCurrentIndex(dialog.kind.findData("character"))
    dialog.description.setPlainText("a tall sailor in a yellow raincoat, grey beard")
    dialog.use_image_file(str(picture))
    qtbot.waitUntil(lambda: dialog.image.pixmap() is not None
                    and not dialog.image.pixmap().isNull(), timeout=5000)
    qtbot.mouseClick(dialog.save_btn, Qt.MouseButton.LeftButton)
    (mara,) = doc.elements
    stored = Path(mara.reference_image)
    assert stored.parent == window.studio.paths.data / "elements" / doc.project.id
    assert stored.read_bytes() == picture.read_bytes()
    # the list shows its thumbnail once loaded off the GUI thread
    ix = dialog.model.index(0)
    badge = dialog.model.data(ix, Qt.ItemDataRole.DecorationRole)  # until the thumbnail loads
    qtbot.waitUntil(lambda: dialog.model.data(ix, Qt.ItemDataRole.DecorationRole) is not badge,
                    timeout=5000)
    assert dialog.model.data(ix, Qt.ItemDataRole.DecorationRole).size().width() == 64

    dialog.new_element()
    dialog.name.setText("Lighthouse")
    dialog.kind.setCurrentIndex(dialog.kind.findData("location"))
    dialog.description.setPlainText("a white lighthouse on black rocks")
    dialog.save()
    dialog.new_element()
    dialog.name.setText("mara")
    dialog.save()
    assert "already has an element named @Mara" in dialog.status.text()
    dialog.name.setText("Red car")
    dialog.save()
    assert "one word with no spaces" in dialog.status.text()
    assert len(doc.elements) == 2

    dialog.select(mara.id)
    assert dialog.status.text() == ""  # the message was about another element
    qtbot.waitUntil(lambda: not dialog.image.pixmap().isNull(), timeout=5000)
    shoot(dialog, "elements.png")
    dialog.description.setPlainText("an old sailor")
    dialog.save()
    assert doc.element_named("Mara").description == "an old sailor"
    dialog.delete()
    assert doc.element_named("Mara") is None
    window.actions.undo.trigger()  # the delete
    window.actions.undo.trigger()  # the edit
    assert doc.element_named("Mara").description.startswith("a tall sailor")
    assert window.undo_stack.count() == 4


SCRIPT = """EXT. HARBOUR - DAWN

Fog rolls over the water. A lone fishing boat drifts past the lighthouse.

CLOSE ON Mara's hands as she coils a wet rope.

INT. KITCHEN - NIGHT
The kettle whistles. Mara turns, startled. Slow push in on her face.
"""


def test_script_dialog_inserts_the_reviewed_shots_in_one_step(window, qtbot):
    doc, ids = project_with_shots(window, {"title": "First"}, {"title": "Last"})
    window.timeline.select_ids([ids[0]])
    window.actions.script_to_shots.trigger()
    dialog = window.features.library.dialog
    assert not dialog.use_platform.isEnabled()
    dialog.propose()  # empty: told what to paste
    qtbot.waitUntil(lambda: "script is empty" in dialog.status.text(), timeout=5000)
    dialog.script.setPlainText(SCRIPT)
    qtbot.mouseClick(dialog.propose_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 3, timeout=5000)
    assert dialog.insert_btn.text() == "Insert 3 shots after shot 1"
    m = dialog.model
    m.setData(m.index(1, KEEP), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert m.setData(m.index(0, TITLE), "Harbour at dawn", Qt.ItemDataRole.EditRole)
    assert m.setData(m.index(0, SECONDS), "6.5", Qt.ItemDataRole.EditRole)
    assert not m.setData(m.index(0, SECONDS), "-2", Qt.ItemDataRole.EditRole)
    # shot type and camera are picked from the allowed values, in a real editor on the table
    table = dialog.table
    table.edit(m.index(0, TYPE))
    combo = table.findChild(QComboBox)
    assert isinstance(combo, QComboBox)
    assert combo.count() == len(ShotType)
    combo.setCurrentIndex(combo.findData(ShotType.CLOSE_UP.value))
    combo.activated.emit(combo.currentIndex())
    assert m.data(m.index(0, TYPE)) == "Close-up"
    assert m.setData(m.index(0, CAMERA), CameraMove.DOLLY_IN.value, Qt.ItemDataRole.EditRole)
    assert not m.setData(m.index(0, CAMERA), "barrel roll", Qt.ItemDataRole.EditRole)
    assert dialog.insert_btn.text() == "Insert 2 shots after shot 1"
    shoot(dialog, "script.png")
    qtbot.mouseClick(dialog.insert_btn, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert [s.title for s in doc.shots] == ["First", "Harbour at dawn", "INT. KITCHEN - NIGHT",
                                            "Last"]
    assert doc.shots[1].duration == 6.5
    assert (doc.shots[1].shot_type, doc.shots[1].camera_move) == (ShotType.CLOSE_UP,
                                                                  CameraMove.DOLLY_IN)
    assert window.timeline.selected_ids() == [doc.shots[1].id, doc.shots[2].id]
    assert window.undo_stack.count() == 1
    window.actions.undo.trigger()
    assert [s.title for s in doc.shots] == ["First", "Last"]


def test_script_dialog_uses_the_platform_and_falls_back(window, qtbot, platform_fake):
    project_with_shots(window)
    dialog = window.features.library.show_script()
    assert dialog.use_platform.isChecked()
    dialog.script.setPlainText("A harbour at dawn.\n\nClose on the rope.")
    dialog.propose()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2, timeout=5000)
    assert [s.title for s in dialog.model.shots] == ["Beat 1", "Beat 2"]
    assert "proposed by the studio platform" in dialog.status.text()
    platform_fake.prompt_answers["/api/studio/script-to-shots"] = {"shots": []}
    dialog.script.setPlainText(SCRIPT)
    dialog.propose()
    qtbot.waitUntil(lambda: "split locally instead" in dialog.status.text(), timeout=5000)
    assert dialog.model.rowCount() == 3


def test_enhance_prompt_replaces_only_when_accepted(window, qtbot, platform_fake):
    doc, ids = project_with_shots(window, {"title": "Fox", "prompt": "a fox in snow"})
    window.timeline.select_ids(ids)
    window.menus["shot"].aboutToShow.emit()
    assert window.actions.enhance_prompt.isEnabled()
    window.actions.enhance_prompt.trigger()
    dialog = window.features.library.dialog
    qtbot.waitUntil(lambda: dialog.accept_btn.isEnabled(), timeout=5000)
    assert dialog.suggestion.toPlainText() == "a fox in snow" + ENHANCE_SUFFIX
    shoot(dialog, "enhance.png")
    assert doc.shots[0].prompt == "a fox in snow"  # nothing changes before accepting
    qtbot.mouseClick(dialog.accept_btn, Qt.MouseButton.LeftButton)
    assert doc.shots[0].prompt == "a fox in snow" + ENHANCE_SUFFIX
    window.actions.undo.trigger()
    assert doc.shots[0].prompt == "a fox in snow"
    # keep mine: nothing changes
    dialog = window.features.library.show_enhance()
    qtbot.waitUntil(lambda: dialog.accept_btn.isEnabled(), timeout=5000)
    dialog.reject()
    assert doc.shots[0].prompt == "a fox in snow" and window.undo_stack.index() == 0

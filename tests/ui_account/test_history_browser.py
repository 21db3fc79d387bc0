"""Generate → Service History… in the window: the platform's generations (one made in its web
app) listed with thumbnails and searched by prompt; one imported as a take of the chosen shot
with no create sent; favourite, share (the link shown), public; delete after a confirmation
that says it is gone for good. Screenshot: docs/screenshots/history.png."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from tests.ui_account.conftest import connect


def rows(dialog) -> list[str]:
    return [i.prompt for i in dialog.model.items]


def test_history_browser_imports_a_take_and_manages_the_generation(
        window, qtbot, fake, clip, tmp_path):
    from tests.ui_media.samples import image

    png = tmp_path / "poster.png"
    image(png)
    web = fake.add_outside_generation("a lighthouse at dusk, waves", media=clip.read_bytes(),
                                      params={"frames": 41, "steps": 8, "seed": 3})
    fake.add_outside_generation("storm clouds over a harbour", media=clip.read_bytes())
    fake.add_outside_generation("poster of the harbour", kind="image", model="flux",
                                media=png.read_bytes())
    connect(window, fake)
    doc = window.open_project(window.studio.create_project("Film").id)
    doc.insert_shots(0, [doc.new_shot(title="Harbour", prompt="boats"),
                         doc.new_shot(title="Lighthouse", prompt="light")])
    window.actions.service_history.trigger()
    dialog = window.features.services.history_dialog
    assert dialog.isVisible() and window.actions.service_history in (
        window.menus["generate"].actions())
    dialog.service.setCurrentIndex(dialog.service.findData("platform"))
    qtbot.waitUntil(lambda: len(rows(dialog)) == 3, timeout=20_000)
    assert "3 generations" in dialog.message.text()
    poster = next(i for i in dialog.model.items if i.kind == "image")
    qtbot.waitUntil(lambda: poster.remote_id in dialog.model.thumbs, timeout=20_000)

    dialog.search.setText("lighthouse")
    dialog.search_button.click()
    qtbot.waitUntil(lambda: rows(dialog) == ["a lighthouse at dusk, waves"], timeout=20_000)
    dialog.table.selectRow(0)
    dialog.shot.setCurrentIndex(1)
    assert dialog.import_button.isEnabled()
    dialog.import_button.click()
    qtbot.waitUntil(lambda: "imported" in dialog.message.text(), timeout=30_000)
    assert "nothing charged" in dialog.message.text()
    [take] = doc.takes(doc.shots[1].id)
    assert take.source == "imported" and take.prompt == "a lighthouse at dusk, waves"
    assert take.params == {"frames": 41, "steps": 8, "seed": 3}
    assert fake.requests_to("POST", "/api/generate") == [] and fake.credits == 500

    dialog.favourite_button.click()
    qtbot.waitUntil(lambda: web["is_favorite"] and dialog.favourite_button.text()
                    == "Unfavourite", timeout=20_000)
    dialog.public_button.click()
    qtbot.waitUntil(lambda: web["is_public"] and dialog.public_button.text() == "Make Private",
                    timeout=20_000)

    dialog.search.clear()
    dialog.search_button.click()
    qtbot.waitUntil(lambda: len(rows(dialog)) == 3, timeout=20_000)
    dialog.table.selectRow(rows(dialog).index("a lighthouse at dusk, waves"))
    dialog.share_button.click()
    qtbot.waitUntil(lambda: dialog.link.text().endswith(f"/api/share/{web.get('share_token')}"),
                    timeout=20_000)
    # the platform has no poster images for videos: a frame of each is shown
    qtbot.waitUntil(lambda: len(dialog.model.thumbs) == 3, timeout=30_000)
    qtbot.wait(50)
    shot = Path(os.environ.get("REELROOM_SHOTS", tmp_path)) / "history.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(shot))

    # delete: a confirmation saying it is gone for good; Cancel keeps it
    dialog.delete_button.click()
    box = dialog.confirm
    assert box is not None and "gone for good" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.wait(50)
    assert fake._generation(str(web["id"])) is not None
    dialog.delete_button.click()
    delete = next(b for b in dialog.confirm.buttons() if b.text() == "Delete for Good")
    delete.click()
    qtbot.waitUntil(lambda: fake._generation(str(web["id"])) is None, timeout=20_000)
    qtbot.waitUntil(lambda: "a lighthouse at dusk, waves" not in rows(dialog), timeout=20_000)
    assert Path(take.media_path).is_file()  # the imported take keeps its own copy
    dialog.close()


def test_a_service_without_a_key_says_so(window, qtbot, fake):
    dialog = window.features.services.show_history(provider="openai")
    assert "No API key for OpenAI" in dialog.message.text()
    assert dialog.model.rowCount() == 0 and not dialog.import_button.isEnabled()
    dialog.close()

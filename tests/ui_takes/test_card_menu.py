"""A card's right-click menu: Play, Generate take, Edit take, Duplicate, Delete, Show in media
bin — each acting on that card's shot."""

from __future__ import annotations

from tests.ui_takes.media import add_take


def test_the_card_menu_offers_the_shot_actions_and_they_act_on_that_shot(window, qtbot,
                                                                         clips):
    doc = window.open_project(window.studio.create_project("Menu").id)
    doc.insert_shots(0, [doc.new_shot(title="Harbour"), doc.new_shot(title="Market")])
    first, second = doc.shots.ids()
    add_take(doc, second, clips[0])
    window.editor.select([first])
    cards = window.features.card_menu
    menu = cards.open_for(second)
    # the text before a tab is the label; after it, a shortcut hint (Delete is handled by the views)
    texts = [a.text().replace("&", "").split("\t")[0] for a in menu.actions()
             if not a.isSeparator()]
    assert texts == ["Play", "Generate Take", "Edit Take…", "Duplicate Shot", "Delete Shot",
                     *(a.text().replace("&", "").split("\t")[0] for a in cards.extra_actions),
                     "Show in Media Bin"]
    assert {"Remix Take…", "Extend Shot…"} <= set(texts)  # the shot-input actions join it
    assert window.editor.selected_ids == [second]  # the menu's shot, selected
    show = menu.actions()[-1]
    assert not show.isEnabled()  # a generated take is not a media bin item
    assert cards.show_in_media_bin(second) is False
    assert "not in the media bin" in window.statusBar().currentMessage()
    menu.actions()[0].trigger()  # Play
    qtbot.waitUntil(lambda: window.player_panel.backend.state == "playing", timeout=10_000)
    assert window.player_panel.backend.path == clips[0]
    menu = cards.open_for(first)
    next(a for a in menu.actions() if a.text().startswith("De&lete Shot")).trigger()
    assert doc.shots.ids() == [second]
    window.undo_stack.undo()
    assert doc.shots.ids() == [first, second]

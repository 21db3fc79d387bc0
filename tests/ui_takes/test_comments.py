"""Comments on a shot: added with Ctrl+Enter, deleted with the Delete key, each undoable."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui_takes.test_takes_panel import show_takes


def stored_comments(window, shot_id: str) -> list[tuple]:
    return [tuple(r) for r in window.studio.db.conn.execute(
        "SELECT id, data FROM comments WHERE shot_id = ? ORDER BY created", (shot_id,))]


def show_comments(window, qtbot):
    tabs = window.inspector.tabs
    panel = window.features.takes.comments
    if tabs is not None:
        tabs.setCurrentWidget(panel)
    else:
        panel.show()
        qtbot.waitExposed(panel)
    panel.window().activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    return panel


def test_add_with_ctrl_enter_delete_with_the_key_and_undo_each(window, qtbot):
    doc = window.open_project(window.studio.create_project("Film").id)
    doc.insert_shots(0, [doc.new_shot(title="A"), doc.new_shot(title="B")])
    shot_id = doc.shots[1].id
    window.timeline.select_ids([shot_id])
    panel = show_comments(window, qtbot)
    assert panel.model.shot_id == shot_id

    states = [stored_comments(window, shot_id)]
    generated: list[bool] = []
    window.actions.generate_take.triggered.connect(lambda *_: generated.append(True))
    panel.author.setText("Mara")
    panel.text.setFocus()
    qtbot.keyClicks(panel.text, "Warmer light")
    qtbot.keyClick(panel.text, Qt.Key.Key_Return)  # plain Enter: a new line, not a comment
    qtbot.keyClicks(panel.text, "on the pier")
    assert stored_comments(window, shot_id) == []
    qtbot.keyClick(panel.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert panel.text.toPlainText() == ""
    assert generated == []  # the window's Ctrl+Enter (Generate take) stayed out of it
    assert panel.model.rowCount() == 1
    shown = panel.model.index(0).data()
    assert shown.startswith("Mara · ") and shown.endswith("Warmer light\non the pier")
    states.append(stored_comments(window, shot_id))

    panel.author.clear()
    panel.text.setPlainText("Cut two frames earlier")
    panel.add_button.click()
    assert [c.author for c in doc.comments(shot_id)] == ["Mara", ""]
    states.append(stored_comments(window, shot_id))

    panel.view.setFocus()
    panel.view.setCurrentIndex(panel.model.index(0))
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert [c.text for c in doc.comments(shot_id)] == ["Cut two frames earlier"]
    states.append(stored_comments(window, shot_id))

    for expected in reversed(states[:-1]):
        window.actions.undo.trigger()
        assert stored_comments(window, shot_id) == expected
    assert panel.model.rowCount() == 0
    # another shot has its own (empty) list
    window.timeline.select_ids([doc.shots[0].id])
    assert panel.model.shot_id == doc.shots[0].id and panel.model.rowCount() == 0


def test_an_empty_comment_is_refused_with_a_reason(window, qtbot):
    doc = window.open_project(window.studio.create_project("Film").id)
    doc.insert_shots(0, [doc.new_shot(title="A")])
    window.timeline.select_ids([doc.shots[0].id])
    panel = show_comments(window, qtbot)
    panel.text.setPlainText("   ")
    panel.add()
    assert "comment is empty" in panel.message.text()
    assert doc.comments(doc.shots[0].id) == []
    show_takes(window, qtbot)  # the other tab is unaffected

"""The queue in the studio window: Generate from the menu action with the offline animatic,
watch it in the panel, find the take on its shot, play it; pause, resume, cancel."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.services.queue import JobState
from tests.ui_queue.conftest import open_project_with_shots
from ui.queue.model import PROGRESS, STATE
from ui.timeline.model import TakeCountRole

pytestmark = pytest.mark.timeout(60)


def panel_texts(panel, column):
    return [panel.proxy.index(r, column).data() for r in range(panel.proxy.rowCount())]


@pytest.mark.no_qt_log  # the player may run Qt Multimedia: see tests/ui_player/conftest.py
def test_generate_take_action_shows_progress_then_done_and_plays_the_take(window, qtbot):
    doc = open_project_with_shots(window, 2)
    panel = window.features.queue.panel
    assert panel.stack.currentWidget() is panel.empty
    assert "Jobs you send to video services appear here" in panel.empty.text()
    seen: list[tuple[str, str]] = []

    def record(*_):
        for r in range(panel.model.rowCount()):
            seen.append((panel.model.index(r, STATE).data(),
                         panel.model.index(r, PROGRESS).data()))

    panel.model.dataChanged.connect(record)
    first = doc.shots[0].id
    window.timeline.select_ids([first])
    window.actions.generate_take.trigger()

    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=10_000)
    assert panel.stack.currentWidget() is panel.view
    qtbot.waitUntil(lambda: panel_texts(panel, STATE) == ["done"], timeout=30_000)
    qtbot.waitUntil(lambda: ("done", "100%") in seen)  # and the view was told so
    # it ran before it was done: the panel showed it working (busy, as the card gives no %).
    # Views are told ten times a second, so a state that lasted less than that may not show
    states = [s for s, _ in seen]
    assert {"sending", "generating", "downloading"} & set(states)
    assert states.index("done") > max(i for i, s in enumerate(states) if s != "done")
    # and its progress before it was done: the busy band ("working…"; the card gives no %)
    # or the download's percentage, whichever was on when the view was told
    working = [p for s, p in seen[:states.index("done")] if s != "queued"]
    assert working and all(p == "working…" or p.endswith("%") for p in working)
    assert panel_texts(panel, PROGRESS) == ["100%"]

    [take] = doc.takes(first)
    assert Path(take.media_path).exists()
    assert doc.takes(doc.shots[1].id) == []  # only the selected shot
    model = window.timeline.model
    assert model.index(0, 0).data(TakeCountRole) == 1
    qtbot.waitUntil(lambda: panel.summary.text().startswith("0 running · 0 queued"))

    # double-click the finished job: its take plays and its shot is selected
    window.timeline.select_ids([doc.shots[1].id])
    rect = panel.view.visualRect(panel.proxy.index(0, 0))
    # as a real double-click arrives: press/release, then the double-click event
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert Path(window.player_panel.backend.path) == Path(take.media_path)
    assert window.timeline.selected_ids() == [first]


def test_generate_missing_then_pause_resume_and_cancel_all_pending(window, qtbot):
    doc = open_project_with_shots(window, 3)
    panel, queue = window.features.queue.panel, window.features.queue.queue
    window.actions.pause_queue.trigger()
    assert queue.paused
    assert panel.summary.text().startswith("Paused")
    assert window.actions.pause_queue.text() == "&Resume Queue"

    window.actions.generate_missing.trigger()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3, timeout=10_000)
    assert panel_texts(panel, STATE) == ["queued"] * 3
    # waiting jobs show their place in line, in the order they will be sent
    from ui.queue.model import POSITION
    assert panel_texts(panel, POSITION) == ["1 of 3", "2 of 3", "3 of 3"]
    qtbot.wait(200)
    assert {j.state for j in queue.store.list()} == {JobState.QUEUED}  # paused: nothing sent

    # move the last one to the front
    panel.select_ids([panel.proxy.job_at(2).id])
    last = panel.proxy.job_at(2).id
    panel.up_action.trigger()
    panel.up_action.trigger()
    assert [j.id for j in queue.store.pending()][0] == last
    assert panel.proxy.job_at(0).id == last

    window.actions.cancel_pending.trigger()
    qtbot.waitUntil(lambda: set(panel_texts(panel, STATE)) == {
        "Cancelled before it was sent; not billed."}, timeout=10_000)
    assert queue.store.pending() == []
    # the rows follow each committed cancel; the notice, the whole batch once it is written
    qtbot.waitUntil(lambda: "Cancelled 3 waiting jobs" in panel.notice.text(), timeout=10_000)
    window.actions.pause_queue.trigger()
    assert not queue.paused and window.actions.pause_queue.text() == "&Pause Queue"

    # cancelled jobs can be sent again: retry one, it runs to a take
    panel.select_ids([last])
    panel.retry_action.trigger()
    qtbot.waitUntil(lambda: queue.store.get(last).state == JobState.DONE, timeout=30_000)
    shot = queue.store.get(last).shot_id
    assert len(doc.takes(shot)) == 1


def test_generate_menu_and_n_takes_of_one_shot(window, qtbot):
    from PySide6.QtGui import QKeySequence
    from PySide6.QtWidgets import QInputDialog

    menu = window.menus["generate"]
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("&Generate") < titles.index("&View")
    assert [a.text() for a in menu.actions() if a.text()] == [
        "&Generate Take", "Generate &N Takes…", "Generate All Shots &Without a Take",
        "&Music or Sound Effects…", "Na&rration (Text to Speech)…",
        "Su&btitles from the Platform…", "&Pause Queue", "&Cancel All Pending",
        "Services && &Credits…", "Service &History…"]
    assert QKeySequence("Ctrl+Return") in window.actions.generate_take.shortcuts()

    doc = open_project_with_shots(window, 2)
    queue = window.features.queue.queue
    queue.pause()  # count what is queued, without running it
    window.timeline.select_ids([doc.shots[1].id])
    window.actions.generate_takes.trigger()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(QInputDialog)))
    dialog = next(d for d in window.findChildren(QInputDialog) if d.isVisible())
    assert "How many takes of the selected shot?" == dialog.labelText()
    dialog.setIntValue(3)
    dialog.accept()
    # the notice comes once the whole batch is written (jobs, then the prompt history), so
    # the jobs can be in the store a moment before it: wait for what the user reads
    qtbot.waitUntil(lambda: "Queued" in window.features.queue.panel.notice.text())
    assert "Queued 3 jobs (the queue is paused)." in window.features.queue.panel.notice.text()
    assert len(queue.store.list()) == 3
    assert {j.shot_id for j in queue.store.list()} == {doc.shots[1].id}
    # the context menu offers the same controls as the toolbar, for the selection
    panel = window.features.queue.panel
    panel.view.selectRow(0)
    menu = panel.context_menu()
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts[:2] == ["Play Take", "Show Shot"] and "Move Down" in texts
    enabled = {a.text(): a.isEnabled() for a in menu.actions() if a.text()}
    assert enabled["Cancel"] and enabled["Move Down"] and not enabled["Play Take"]
    assert not enabled["Retry"]

"""While the studio is open, what reelroom-cli does to the library shows in the window within
about a second: a shot added, a take landed, a job queued — without a restart, and without
reloading what did not change."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from app.domain import Take
from app.services.studio import Studio
from tests.support.qt_loop import studio_window
from ui.timeline.model import ShotRole, TakeCountRole

SEEN_WITHIN_MS = 2000


@pytest.fixture
def window(qtbot, reelroom_home, running_loop):
    yield from studio_window(qtbot)


@pytest.fixture
def doc(window):
    project = window.studio.create_project("Film")
    doc = window.open_project(project.id)
    window.actions.add_shot.trigger()
    return doc


def cli(reelroom_home, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "REELROOM_HOME": str(reelroom_home)}
    done = subprocess.run([sys.executable, "-m", "app.cli.main", *args], capture_output=True,
                          text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return done


def titles(window) -> list[str]:
    model = window.timeline.model
    return [model.index(r, 0).data(ShotRole).title for r in range(model.rowCount())]


def test_live_refresh_a_shot_added_by_the_cli_shows_in_the_open_timeline(
        window, doc, qtbot, reelroom_home):
    first = window.timeline.model.index(0, 0).data(ShotRole)
    cli(reelroom_home, "shot", "add", "Film", "--title", "From the CLI", "--prompt", "a pier")
    qtbot.waitUntil(lambda: titles(window) == [first.title, "From the CLI"],
                    timeout=SEEN_WITHIN_MS)
    assert doc.shots[1].prompt == "a pier"
    assert "Changed outside the studio: 1 shot(s) added" in window.statusBar().currentMessage()
    # only what changed: the first shot's row was not rebuilt
    assert window.timeline.model.index(0, 0).data(ShotRole) is first


def test_live_refresh_edits_moves_and_deletes_by_the_cli(window, doc, qtbot, reelroom_home):
    window.actions.add_shot.trigger()
    cli(reelroom_home, "shot", "edit", "Film", "1", "--title", "Renamed")
    qtbot.waitUntil(lambda: titles(window)[0] == "Renamed", timeout=SEEN_WITHIN_MS)
    second = doc.shots[1].id
    cli(reelroom_home, "shot", "move", "Film", "2", "1")
    qtbot.waitUntil(lambda: doc.shots.ids()[0] == second, timeout=SEEN_WITHIN_MS)
    cli(reelroom_home, "shot", "delete", "Film", "1")
    qtbot.waitUntil(lambda: titles(window) == ["Renamed"], timeout=SEEN_WITHIN_MS)
    assert window.undo_stack.count() == 0  # undo steps naming the deleted shot are gone


def test_live_refresh_a_take_landed_elsewhere_shows_on_its_card(window, doc, qtbot):
    other = Studio.open()  # another connection, as reelroom-cli's queue run is
    try:
        shot_id = doc.shots[0].id
        other.open_project(doc.project.id).add_take(Take(shot_id=shot_id, provider="imported"))
        model = window.timeline.model
        qtbot.waitUntil(lambda: model.index(0, 0).data(TakeCountRole) == 1,
                        timeout=SEEN_WITHIN_MS)
        assert doc.shots[0].selected_take_id is not None
    finally:
        other.close()


def test_live_refresh_a_job_queued_by_the_cli_shows_in_the_queue(
        window, doc, qtbot, reelroom_home):
    model = window.features.queue.model
    before = model.rowCount()
    window.features.queue.queue.pause()  # shown, not run: this test is about what the Queue dock shows
    cli(reelroom_home, "queue", "add", "Film", "--shot", "1", "--provider", "animatic")
    qtbot.waitUntil(lambda: model.rowCount() == before + 1, timeout=SEEN_WITHIN_MS)
    job = model.job_at(before)
    assert job.project_id == doc.project.id and job.state.value == "queued"


def test_nothing_is_refreshed_when_only_the_studio_itself_wrote(window, doc, qtbot):
    watch = window.features.live.watch
    window.actions.add_shot.trigger()
    assert watch.changed_elsewhere() is False

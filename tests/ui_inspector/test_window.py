"""The inspector in the studio window: tabs, wiring, and a screenshot to look at."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain import CameraMove, Element, ShotType
from app.services.studio import Studio
from tests.ui_inspector.helpers import wait_for_models
from ui.main import create_window

pytestmark = pytest.mark.gui
SHOTS = Path("/tmp/shots")


@pytest.fixture
def window(qtbot, qasync_loop, reelroom_home):
    studio = Studio.open()
    w = create_window(studio)
    qtbot.addWidget(w)
    w.show()
    yield w
    qtbot.waitUntil(lambda: not w.inspector.picker._tasks, timeout=5000)
    studio.close()


def test_the_window_wires_the_catalog_history_and_a_shot_tab(window, qtbot):
    inspector = window.inspector
    assert inspector.tabs.tabText(0) == "Shot"  # other features add their tabs after it
    assert inspector.picker.catalog is window.features.storyboard.catalog
    project = window.studio.create_project("Film")
    doc = window.open_project(project.id)
    doc.put_element(Element(project_id=project.id, name="Mara", description="a woman in red"))
    window.studio.prompt_history.remember("Mara on the pier at dawn")
    window.timeline.add_shot()
    assert inspector.stack.currentWidget() is inspector.tabs
    inspector.prompt.setFocus()
    qtbot.keyClicks(inspector.prompt, "@Ma")
    assert inspector.prompt.completer.model_.stringList() == ["Mara"]
    inspector.prompt.clear()
    qtbot.keyClicks(inspector.prompt, "Mara on")
    assert inspector.prompt.completer.model_.stringList() == ["Mara on the pier at dawn"]


def test_screenshot_of_the_inspector_editing_an_openai_shot(window, qtbot):
    project = window.studio.create_project("Harbour")
    doc = window.open_project(project.id)
    for name, kind, text in (("Mara", "character", "a tall woman in a red coat"),
                             ("Lighthouse", "location", "a white lighthouse on black rocks")):
        doc.put_element(Element(project_id=project.id, name=name, kind=kind, description=text))
    window.timeline.add_shot()
    shot = doc.shots[0]
    from app.services.commands import UpdateShot

    window.undo.push(UpdateShot(
        doc, shot.id, title="Arrival", provider="openai", model="sora-2",
        prompt="@Mara climbs the steps of @Lighthouse at {time_of_day}, wind in her {detail}.",
        template_values={"time_of_day": "dusk"}, shot_type=ShotType.WIDE,
        camera_move=CameraMove.DOLLY_IN, params={"seconds": 8}))
    window.timeline.select_ids([shot.id])
    inspector = window.inspector
    wait_for_models(qtbot, inspector)
    inspector.params.set_value("size", "1000x1000")  # shows the model's refusal inline
    dock = window.docks["inspector"]
    dock.setFloating(True)
    dock.resize(470, 1120)
    qtbot.wait(50)
    assert inspector.preview.final_text().startswith("Wide shot. Slow dolly in. A tall woman")
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        assert dock.grab().save(str(SHOTS / "inspector.png"))
    finally:
        dock.setFloating(False)  # a floating dock left behind outlives the window badly

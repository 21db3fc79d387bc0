"""The studio window offscreen with a 3-shot project open in the timeline, asyncio on Qt's
loop (audio imports are tasks), and audio/subtitle files made with ffmpeg."""

from __future__ import annotations

import pytest

from tests.sound.conftest import make_sounds
from tests.support.qt_loop import studio_window


@pytest.fixture(scope="session")
def sounds(tmp_path_factory):
    return make_sounds(tmp_path_factory.mktemp("sounds"))


@pytest.fixture
def window(qtbot, reelroom_home, running_loop):
    yield from studio_window(qtbot)


@pytest.fixture
def film(window):
    """Three 2-second shots (no takes yet: their animatic cards stand in), in the timeline."""
    project = window.studio.create_project("Film", fps=24.0)
    doc = window.open_project(project.id)
    doc.insert_shots(0, [doc.new_shot(title=t, duration=2.0) for t in ("Dawn", "Road", "Sea")])
    window.timeline.timeline_btn.click()
    window.resize(1400, 900)
    window.editor.set_zoom(150.0)
    window.timeline.track_view.horizontalScrollBar().setValue(0)
    return doc

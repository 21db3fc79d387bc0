from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6

from app.services.studio import Studio
from tests.ui_takes.media import SOURCES, make_clip
from ui.main import create_window


@pytest.fixture(scope="session")
def clips(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("take-clips")
    return [make_clip(folder / f"{name}.mp4", name) for name in SOURCES[:3]]


@pytest.fixture
def window(qtbot, reelroom_home):
    studio = Studio.open()
    w = create_window(studio)
    w.show()
    yield w
    for panel in (w.features.takes.takes, w.features.takes.comments):  # unbind before the library closes
        panel.set_document(None)
        panel.close()
    w.timeline.thumbnails.shutdown()
    w.features.takes.takes.thumbnails.shutdown()
    w.close()  # the window stops what runs on the studio (the queue) before it closes
    # and goes now, with its timers, so none fires on a closed library in the next test
    shiboken6.delete(w)
    studio.close()

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui_takes.conftest import window  # noqa: F401 - the same studio window fixture
from tests.ui_takes.media import SOURCES, make_clip


@pytest.fixture(scope="session")
def clips(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("timeline-clips")
    return [make_clip(folder / f"{name}.mp4", name) for name in SOURCES[:2]]

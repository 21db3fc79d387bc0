"""The studio window with qasync's loop running, and the platform's fake connected as a user
would have it (address in settings, key in the keyring)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.platform import API_KEY, PlatformFake, create
from tests.ui_interchange.conftest import clip  # noqa: F401 - a fixture
from tests.ui_queue.conftest import window  # noqa: F401 - a fixture


@pytest.fixture
def fake(monkeypatch) -> Iterator[PlatformFake]:
    with create() as svc:
        monkeypatch.setenv("REELROOM_PLATFORM_BASE_URL", svc.base_url)
        yield svc


def connect(studio_window, fake) -> None:
    studio_window.studio.secrets.set("platform", API_KEY, session_only=True)
    studio_window.studio.save_settings()

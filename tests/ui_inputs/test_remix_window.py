"""Shot → Remix Take… in the window, against the OpenAI fake: enabled only for a shot whose
selected take is an OpenAI video, asks what to change, shows the price and asks before
queuing, then sends `POST /videos/{id}/remix` and lands take 2 of the same shot."""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from app.domain import Take
from app.providers.base import GenerationRequest, ProviderConfig
from app.providers.openai.adapter import OpenAIVideos
from tests.fakes.openai import FakeOpenAI
from tests.support.qt_loop import studio_window

pytestmark = [pytest.mark.gui, pytest.mark.timeout(90)]
KEY = "sk-openai-test-key-0001"


@pytest.fixture
def openai(monkeypatch, sample_clip):
    fake = FakeOpenAI(polls=1, poll_after_ms=1)
    fake.result_media = sample_clip.read_bytes()
    with fake:
        monkeypatch.setenv("REELROOM_OPENAI_BASE_URL", fake.base_url)
        monkeypatch.setenv("REELROOM_OPENAI_API_KEY", KEY)
        yield fake


@pytest.fixture
def window(qtbot, running_loop, reelroom_home, openai):
    yield from studio_window(qtbot)


def _visible(window, kind):
    found = [w for w in window.findChildren(kind) if w.isVisible()]
    return found[-1] if found else None


def test_remix_take_from_the_shot_menu(window, qtbot, openai, sample_clip):
    adapter = OpenAIVideos(ProviderConfig(name="openai", base_url=openai.base_url, api_key=KEY,
                                          poll_interval=0.01))

    async def made() -> str:
        handle = await adapter.submit(GenerationRequest(model="sora-2", prompt="a fox",
                                                        params={"seconds": 4}))
        async for _ in adapter.progress(handle):
            pass
        await adapter.aclose()
        return handle.remote_id

    task = asyncio.ensure_future(made())
    qtbot.waitUntil(task.done, timeout=10_000)
    video_id = task.result()
    doc = window.open_project(window.studio.create_project("Fox").id)
    doc.insert_shots(0, [doc.new_shot(title="Fox", prompt="a fox", provider="openai",
                                      model="sora-2", params={"seconds": 4})])
    doc.insert_shots(1, [doc.new_shot(title="Empty")])
    shot_id = doc.shots[0].id
    take = doc.add_take(Take(shot_id=shot_id, provider="openai", model="sora-2", prompt="a fox",
                             params={"seconds": 4}, media_path=str(sample_clip),
                             remote_ids={"remote_id": video_id}))
    doc.update_shot(shot_id, selected_take_id=take.id)
    actions = window.actions
    window.timeline.select_ids([doc.shots[1].id])
    window.features.follow_ups.update_enabled()
    assert not actions.remix_take.isEnabled()  # no take there to remix
    window.timeline.select_ids([shot_id])
    window.features.follow_ups.update_enabled()
    assert actions.remix_take.isEnabled() and not actions.revise_take.isEnabled()

    actions.remix_take.trigger()
    qtbot.waitUntil(lambda: _visible(window, QInputDialog) is not None)
    ask = _visible(window, QInputDialog)
    assert ask.textValue() == "a fox"  # starts from the take's prompt
    ask.setTextValue("a fox in the snow")
    ask.accept()
    qtbot.waitUntil(lambda: _visible(window, QMessageBox) is not None, timeout=10_000)
    box = _visible(window, QMessageBox)
    assert "Remix take 1 of shot 1" in box.text() and "Estimated cost: $0.40" in box.text()
    assert openai.requests_to("POST", "/videos/{id}/remix") == []  # priced, not sent
    next(b for b in box.buttons() if b.text() == "Queue 1 job").click()
    qtbot.waitUntil(lambda: len(doc.takes(shot_id)) == 2, timeout=20_000)
    (remix,) = openai.requests_to("POST", "/videos/{id}/remix")
    assert remix.json() == {"prompt": "a fox in the snow"}
    new = doc.takes(shot_id)[1]
    assert new.number == 2 and new.prompt == "a fox in the snow"
    assert openai.videos[new.remote_ids["remote_id"]]["remixed_from_video_id"] == video_id

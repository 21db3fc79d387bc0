"""The composed prompt travels through the real queue to the service, and is remembered."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from app.domain import CameraMove, Element, ShotType
from app.providers.errors import ValidationFailed
from app.services.model_catalog import ModelCatalog
from app.services.queue import Queue
from app.services.queue.planning import compose_for_shot
from tests.fakes.openai import FakeOpenAI
from tests.providers.conftest import API_KEY

pytestmark = pytest.mark.timeout(30)


@pytest.fixture
def openai(monkeypatch) -> Iterator[FakeOpenAI]:
    with FakeOpenAI(polls=1, poll_after_ms=10) as svc:
        monkeypatch.setenv("REELROOM_OPENAI_BASE_URL", svc.base_url)
        yield svc


async def _first_create(svc: FakeOpenAI) -> dict:
    while not svc.creates:
        await asyncio.sleep(0.01)
    return svc.creates[0]


async def test_openai_receives_exactly_the_composed_prompt(studio, openai, tmp_path):
    studio.secrets.set("openai", API_KEY, session_only=True)
    image = tmp_path / "mara.png"
    image.write_bytes(b"\x89PNG not really" * 10)
    project = studio.create_project("Film")
    doc = studio.open_project(project.id)
    doc.put_element(Element(project_id=project.id, name="Mara", description="a woman in red",
                            reference_image=str(image)))
    doc.insert_shots(0, [doc.new_shot(
        prompt="@Mara runs along {place}", template_values={"place": "the harbour wall"},
        provider="openai", model="sora-2", params={"seconds": 8, "size": "1280x720"}, duration=8,
        shot_type=ShotType.WIDE, camera_move=CameraMove.HANDHELD)])
    shot = doc.shots[0]
    queue = Queue(studio, poll_interval=0.02)
    info = (await ModelCatalog(queue.provider).models("openai")).model("sora-2")
    preview = compose_for_shot(shot, doc.elements, "openai", info)
    assert preview.text == ("Wide shot. Handheld camera. A woman in red runs along the harbour "
                            "wall")

    [job] = await queue.generate_takes(project.id, shot.id)
    await queue.start()
    try:
        parts = await asyncio.wait_for(_first_create(openai), 10)
    finally:
        await queue.stop()
    assert parts["prompt"]["value"].decode() == preview.text
    assert parts["seconds"]["value"] == b"8"
    assert parts["input_reference"]["filename"] == "mara.png"  # the element's image went too
    assert job.request.prompt == preview.text
    assert studio.prompt_history.recent() == ["@Mara runs along {place}"]


async def test_an_invalid_parameter_is_refused_before_anything_is_sent(studio, openai):
    studio.secrets.set("openai", API_KEY, session_only=True)
    project = studio.create_project("Film")
    doc = studio.open_project(project.id)
    doc.insert_shots(0, [doc.new_shot(prompt="a fox", provider="openai", model="sora-2",
                                      params={"size": "1000x1000"})])
    queue = Queue(studio, poll_interval=0.02)
    with pytest.raises(ValidationFailed, match="size must be one of 720x1280"):
        await queue.generate_takes(project.id, doc.shots[0].id)
    await queue.stop()
    assert openai.creates == [] and queue.store.list() == []
    assert studio.prompt_history.recent() == []  # only prompts that were queued are kept

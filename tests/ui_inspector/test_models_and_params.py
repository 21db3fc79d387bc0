"""Provider and model pickers, the generated parameter form, and the preview being exactly what
the service receives."""

from __future__ import annotations

import asyncio

import pytest

from app.domain import CameraMove
from app.services.queue import Queue
from tests.fakes.openai import FakeOpenAI
from tests.providers.conftest import API_KEY
from tests.ui_inspector.helpers import wait_for_models
from ui.inspector.model_picker import LOADING

pytestmark = [pytest.mark.gui, pytest.mark.timeout(60)]


def test_model_list_loads_in_the_background_with_a_loading_state(setup, qtbot):
    setup.add_shot(prompt="a fox", provider="openai", model="sora-2")
    picker = setup.inspector.picker
    assert picker.model_box.currentText() == LOADING and not picker.model_box.isEnabled()
    wait_for_models(qtbot, setup.inspector)
    assert picker.model_box.isEnabled()
    assert [picker.model_box.itemText(i) for i in range(picker.model_box.count())] == [
        "Sora 2", "Sora 2 Pro"]
    assert picker.provider_box.currentText() == "OpenAI Videos (Sora 2)"
    assert "No API key is stored for OpenAI" in picker.status.text()  # not an exception


def test_a_provider_that_cannot_list_models_says_what_to_do(setup, qtbot):
    setup.add_shot(prompt="a fox", provider="platform", model="")
    picker = setup.inspector.picker
    qtbot.waitUntil(lambda: picker.status.isVisibleTo(setup.inspector), timeout=5000)
    assert "no service address (base URL) is configured" in picker.status.text()
    assert "Settings → Service addresses" in picker.status.text()
    assert picker.model_box.isEnabled()  # the rest of the inspector keeps working


def test_switching_provider_picks_its_first_model_and_keeps_fitting_params(setup, qtbot):
    sid = setup.add_shot(prompt="a fox", params={"width": 64, "height": 36, "fps": 8})
    picker = setup.inspector.picker
    wait_for_models(qtbot, setup.inspector)
    assert picker.provider_box.currentText() == "Animatic (offline)"
    # the card's width/height/fps are shown; its shot-provided fields are not
    assert set(setup.inspector.params.fields) == {"width", "height", "fps"}
    index = picker.provider_box.findData("openai")
    picker.provider_box.setCurrentIndex(index)
    picker.provider_box.activated.emit(index)
    qtbot.waitUntil(lambda: setup.shot(sid).model == "sora-2", timeout=5000)
    shot = setup.shot(sid)
    # card sizes mean nothing to Sora; its length is the shot's 4 s Duration (one control)
    assert (shot.provider, shot.params) == ("openai", {"seconds": 4})
    assert set(setup.inspector.params.fields) == {"size"}
    assert setup.stack.count() == 1  # provider and model together: one undo step
    setup.stack.undo()
    shot = setup.shot(sid)
    assert (shot.provider, shot.model, shot.params) == (
        "animatic", "", {"width": 64, "height": 36, "fps": 8})
    assert picker.provider_box.currentText() == "Animatic (offline)"


def test_param_form_refuses_values_the_model_refuses_with_its_message(setup, qtbot):
    from app.providers.platform.catalog import video_model
    from app.services.model_catalog import ModelCatalog

    wan = video_model({"id": "wan-t2v", "name": "Wan", "parameters": {
        "steps": {"min": 1, "max": 50}, "sampler": {"type": "string"}}})

    class Remote:
        async def models(self):
            return [wan]

    setup.inspector.set_services(catalog=ModelCatalog(lambda name: Remote()))
    sid = setup.add_shot(prompt="a fox", provider="remote", model="wan-t2v")
    wait_for_models(qtbot, setup.inspector)
    form = setup.inspector.params
    cfg = form.editors["cfg"]
    assert form.set_value("cfg", 31.0) == "cfg must be at most 30 (got 31.0)"
    assert setup.shot(sid).params == {} and setup.stack.count() == 0  # not written
    assert form.error_text("cfg") == "cfg must be at most 30 (got 31.0)"
    # a valid value is written, clears the message and undoes
    cfg.setValue(7.5)
    # written with the length the shot's 4 s Duration is sent as (96 frames at 24 fps)
    assert setup.shot(sid).params == {"cfg": 7.5, "frames": 96}
    assert form.error_text("cfg") == ""
    setup.stack.undo()
    assert setup.shot(sid).params == {}


def test_openai_size_refuses_what_sora_does_not_take(setup, qtbot):
    sid = setup.add_shot(prompt="a fox", provider="openai", model="sora-2")
    wait_for_models(qtbot, setup.inspector)
    form = setup.inspector.params
    size = form.editors["size"]
    assert size.isEditable()
    size.setEditText("1000x1000")
    size.lineEdit().editingFinished.emit()
    assert form.error_text("size") == (
        "size must be one of 720x1280, 1280x720, 1024x1792, 1792x1024 (got '1000x1000')")
    assert setup.shot(sid).params == {} and setup.stack.count() == 0
    assert form.set_value("size", "1280x720") is None
    assert setup.shot(sid).params == {"size": "1280x720", "seconds": 4}


def test_spin_boxes_take_the_models_bounds(setup, qtbot):
    setup.add_shot(prompt="a fox")
    wait_for_models(qtbot, setup.inspector)
    width = setup.inspector.params.editors["width"]
    assert (width.minimum(), width.maximum(), width.singleStep()) == (16, 8192, 2)
    fps = setup.inspector.params.editors["fps"]
    assert (fps.minimum(), fps.maximum()) == (1, 120)


async def _first_create(svc: FakeOpenAI) -> dict:
    while not svc.creates:
        await asyncio.sleep(0.01)
    return svc.creates[0]


def test_preview_is_exactly_what_openai_receives(setup, qtbot, qasync_loop, monkeypatch):
    with FakeOpenAI(polls=1, poll_after_ms=10) as openai:
        monkeypatch.setenv("REELROOM_OPENAI_BASE_URL", openai.base_url)
        setup.studio.secrets.set("openai", API_KEY, session_only=True)
        sid = setup.add_shot(prompt="@Mara climbs to @Lighthouse at {time}, {unset} sky",
                             template_values={"time": "dusk"}, provider="openai",
                             model="sora-2", camera_move=CameraMove.ORBIT)
        wait_for_models(qtbot, setup.inspector)
        setup.inspector.duration.setValue(8)  # the one duration: Sora's `seconds`
        preview = setup.inspector.preview.final_text()
        assert preview == ("The camera orbits the subject. A tall woman in a red coat climbs to "
                           "a white lighthouse on black rocks at dusk, {unset} sky")

        queue = Queue(setup.studio, poll_interval=0.02)

        async def send() -> dict:
            await queue.generate_takes(setup.doc.project.id, sid)
            await queue.start()
            try:
                return await asyncio.wait_for(_first_create(openai), 10)
            finally:
                await queue.stop()

        parts = qasync_loop.run_until_complete(send())
    assert parts["prompt"]["value"].decode() == preview
    assert parts["seconds"]["value"] == b"8"


def test_a_remote_models_optional_params_can_be_left_at_default(setup, qtbot):
    from app.providers.platform.catalog import video_model
    from app.services.model_catalog import ModelCatalog
    from ui.inspector.param_fields import INT_LIMIT
    from ui.inspector.param_form import DEFAULT_TEXT

    wan = video_model({"id": "wan-t2v", "name": "Wan", "parameters": {
        "steps": {"min": 16, "max": 121}, "resolution": {"options": ["480p", "720p"]}}})

    class Remote:
        async def models(self):
            return [wan]

    setup.inspector.set_services(catalog=ModelCatalog(lambda name: Remote()))
    sid = setup.add_shot(prompt="a fox", provider="remote", model="wan-t2v",
                         params={"steps": 33})
    wait_for_models(qtbot, setup.inspector)
    form = setup.inspector.params
    steps, seed = form.editors["steps"], form.editors["seed"]
    assert (steps.value(), steps.maximum()) == (33, 121)
    assert seed.maximum() == INT_LIMIT and seed.text() == DEFAULT_TEXT
    resolution = form.editors["resolution"]
    assert not resolution.isEditable()  # a fixed list: nothing else can be chosen
    assert [resolution.itemText(i) for i in range(resolution.count())] == [
        DEFAULT_TEXT, "480p", "720p"]
    resolution.setCurrentIndex(2)
    resolution.activated.emit(2)
    assert setup.shot(sid).params == {"steps": 33, "resolution": "720p", "frames": 96}
    steps.setValue(steps.minimum())  # back to "Default": the value is unset
    assert setup.shot(sid).params == {"resolution": "720p", "frames": 96}

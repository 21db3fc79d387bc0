"""One duration in the inspector: a model's own length parameter (Sora `seconds`, ShuttleAI
`n_seconds`, the platform's `frames`) is not a second control; the shot's Duration is it, says
what is sent, snaps to what the model takes and says so."""

from __future__ import annotations

import pytest

from tests.ui_inspector.helpers import wait_for_models

pytestmark = pytest.mark.gui


def _choose(setup, qtbot, provider: str) -> None:
    picker = setup.inspector.picker
    index = picker.provider_box.findData(provider)
    picker.provider_box.setCurrentIndex(index)
    picker.provider_box.activated.emit(index)


def test_sora_seconds_is_the_duration_and_snaps_to_4_8_or_12(setup, qtbot):
    inspector = setup.inspector
    sid = setup.add_shot(prompt="a fox", provider="openai", model="sora-2", duration=4)
    wait_for_models(qtbot, inspector)
    assert "seconds" not in inspector.params.editors  # one control, not two
    assert inspector.length_hint.text() == "Sent as seconds = 4."
    inspector.duration.setValue(5)  # typed, then committed
    shot = setup.shot(sid)
    assert (shot.duration, shot.params) == (4, {"seconds": 4})
    assert inspector.duration.value() == 4
    assert inspector.length_hint.text() == (
        "Sora 2 takes 4, 8 or 12 seconds: Duration set to 4 s")
    assert inspector.length_hint.property("tone") == "warning"
    inspector.duration.stepBy(1)  # the arrow goes to the next length Sora takes
    shot = setup.shot(sid)
    assert (shot.duration, shot.params) == (8, {"seconds": 8})
    assert inspector.length_hint.text() == "Sent as seconds = 8."
    inspector.duration.stepBy(1)
    assert setup.shot(sid).duration == 12
    assert not inspector.duration.stepEnabled() & inspector.duration.StepEnabledFlag.StepUpEnabled
    setup.stack.undo()  # Duration and seconds come back together (one step per field)
    shot = setup.shot(sid)
    assert (shot.duration, shot.params) == (4, {})


def test_choosing_a_model_fits_the_duration_and_says_so(setup, qtbot):
    inspector = setup.inspector
    sid = setup.add_shot(prompt="a fox", provider="shuttleai", model="sora", duration=7)
    wait_for_models(qtbot, inspector)
    assert "n_seconds" not in inspector.params.editors
    assert inspector.length_hint.text() == "Sent as n_seconds = 7."
    _choose(setup, qtbot, "openai")
    qtbot.waitUntil(lambda: setup.shot(sid).model == "sora-2", timeout=5000)
    shot = setup.shot(sid)
    assert (shot.duration, shot.params["seconds"]) == (8, 8)
    assert "Duration set to 8 s" in inspector.length_hint.text()
    assert inspector.duration.value() == 8


def test_platform_frames_follow_the_duration_and_the_frame_rate(setup, qtbot):
    from app.providers.platform.catalog import video_model
    from app.services.model_catalog import ModelCatalog

    wan = video_model({"id": "wan-t2v", "name": "Wan"})

    class Remote:
        async def models(self):
            return [wan]

    inspector = setup.inspector
    inspector.set_services(catalog=ModelCatalog(lambda name: Remote()))
    sid = setup.add_shot(prompt="a fox", provider="remote", model="wan-t2v", duration=4)
    wait_for_models(qtbot, inspector)
    assert "frames" not in inspector.params.editors and "frame_rate" in inspector.params.editors
    inspector.duration.setValue(5)
    assert setup.shot(sid).params == {"frames": 120}
    assert inspector.length_hint.text() == "Sent as frames = 120 (at 24 fps)."
    assert inspector.params.set_value("frame_rate", 30) is None
    shot = setup.shot(sid)
    assert (shot.duration, shot.params) == (5, {"frame_rate": 30, "frames": 150})
    assert inspector.length_hint.text() == "Sent as frames = 150 (at 30 fps)."


def test_the_animatic_sends_the_duration_as_its_card_length(setup, qtbot):
    inspector = setup.inspector
    sid = setup.add_shot(prompt="a fox", duration=3)
    wait_for_models(qtbot, inspector)
    inspector.duration.setValue(2.5)
    assert setup.shot(sid).duration == 2.5
    assert inspector.length_hint.text() == "Sent as duration = 2.5."

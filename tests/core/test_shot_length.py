"""One duration: a shot's Duration and a model's own length parameter are one value
(app.services.shot_length), and the request the queue sends carries it."""

from __future__ import annotations

from app.domain import Shot, Take
from app.providers.animatic import CardParams
from app.providers.base import ModelInfo
from app.providers.openai.params import SoraParams
from app.providers.platform.catalog import VIDEO_PARAMS, params_model
from app.providers.shuttleai import ShuttleParams
from app.services.queue.planning import request_for_shot, reuse_parameters
from app.services.shot_length import fit_length, length_param, seconds_in, with_length

PLATFORM = params_model("wan-t2v", {s.name: s for s in VIDEO_PARAMS})


def test_each_services_length_parameter_is_found_with_its_rule():
    sora, shuttle, platform = (length_param(m) for m in (SoraParams, ShuttleParams, PLATFORM))
    assert (sora.name, sora.unit, sora.allowed) == ("seconds", "seconds", (4, 8, 12))
    assert (shuttle.name, shuttle.minimum, shuttle.maximum) == ("n_seconds", 1, 20)
    assert (platform.name, platform.unit, platform.fps_name) == ("frames", "frames", "frame_rate")
    assert length_param(CardParams).name == "duration"


def test_openai_seconds_snap_to_an_allowed_value_and_say_so():
    sora = length_param(SoraParams)
    assert fit_length(sora, 8, {}, "Sora 2").note == ""
    five = fit_length(sora, 5, {}, "Sora 2")
    assert (five.value, five.seconds, five.snapped) == (4, 4.0, True)
    assert five.note == "Sora 2 takes 4, 8 or 12 seconds: Duration set to 4 s"
    assert fit_length(sora, 6, {}).value == 8  # halfway: the longer one
    assert fit_length(sora, 30, {}).value == 12
    assert five.sent_as == "seconds = 4"


def test_shuttle_seconds_are_whole_and_within_its_range():
    shuttle = length_param(ShuttleParams)
    assert fit_length(shuttle, 7, {}).value == 7
    assert fit_length(shuttle, 6.6, {}).value == 7
    capped = fit_length(shuttle, 45, {}, "ShuttleAI")
    assert (capped.value, capped.seconds) == (20, 20.0)
    assert capped.note == "ShuttleAI takes 1 to 20 seconds: Duration set to 20 s"


def test_platform_frames_are_seconds_times_the_frame_rate():
    frames = length_param(PLATFORM)
    assert fit_length(frames, 5, {}).value == 120  # 24 fps, the platform's default
    at_30 = fit_length(frames, 5, {"frame_rate": 30})
    assert at_30.value == 150 and at_30.sent_as == "frames = 150 (at 30 fps)"
    assert frames.to_seconds(150, {"frame_rate": 30}) == 5
    long = fit_length(frames, 60, {}, "Wan")  # 1440 frames: more than the 999 allowed
    assert (long.value, long.snapped) == (999, True)
    assert long.seconds == round(999 / 24, 3)


def test_the_request_sends_the_shots_duration_as_the_models_length():
    shot = Shot(project_id="p", provider="shuttleai", model="m", duration=7,
                params={"n_seconds": 5, "width": 1280})
    info = ModelInfo(id="m", name="M", params=ShuttleParams)
    _, request = request_for_shot(shot, 1, model_info=info)
    assert request.params == {"n_seconds": 7, "width": 1280}
    sora = ModelInfo(id="sora-2", name="Sora 2", params=SoraParams)
    _, request = request_for_shot(Shot(project_id="p", provider="openai", model="sora-2",
                                       duration=9), 1, model_info=sora)
    assert request.params == {"seconds": 8}
    wan = ModelInfo(id="wan-t2v", name="Wan", params=PLATFORM)
    _, request = request_for_shot(Shot(project_id="p", provider="platform", model="wan-t2v",
                                       duration=2, params={"frame_rate": 16}), 1,
                                  model_info=wan)
    assert request.params == {"frame_rate": 16, "frames": 32}


def test_a_model_without_a_length_leaves_params_alone():
    from pydantic import BaseModel

    class Style(BaseModel):
        style: str = "film"

    assert with_length(Style, 5, {"style": "noir"}) == ({"style": "noir"}, None)


def test_reusing_a_takes_parameters_brings_its_length_back_as_the_duration():
    assert seconds_in({"frames": 60, "frame_rate": 30}) == 2
    assert seconds_in({"seconds": 12}) == 12 and seconds_in({"seed": 3}) is None
    take = Take(shot_id="s", provider="openai", model="sora-2", params={"seconds": 8}, seed=4)
    assert reuse_parameters(take) == {"provider": "openai", "model": "sora-2",
                                      "params": {"seconds": 8, "seed": 4}, "duration": 8}


def test_queue_add_says_when_a_duration_was_snapped():
    from app.cli.queue_cmds import length_notes
    from app.providers.base import GenerationRequest
    from app.services.queue import Job

    def job(shot_id, params):
        return Job(project_id="p", shot_id=shot_id, provider="openai", model="sora-2",
                   request=GenerationRequest(model="sora-2", prompt="x", params=params))

    jobs = [job("a", {"seconds": 4}), job("a", {"seconds": 4}), job("b", {"seconds": 8})]
    assert length_notes(jobs, {"a": 5.0, "b": 8.0}, ["a", "b"]) == [
        "shot 1: Duration is 5 s; sent as 4 s, the nearest length sora-2 takes"]


def test_a_models_length_parameter_kept_equals_working_it_out_anew():
    """length_param is worked out once per parameter model (pydantic builds the whole JSON
    schema each time): what is kept equals what a fresh working-out gives, model by model."""
    from pydantic import BaseModel

    from app.services import shot_length

    class NoLength(BaseModel):
        seed: int = 0

    fresh = shot_length._length_param.__wrapped__
    other = params_model("other", {s.name: s for s in VIDEO_PARAMS})
    for model in (SoraParams, ShuttleParams, PLATFORM, CardParams, other, NoLength):
        assert length_param(model) == fresh(model)
        assert length_param(model) is length_param(model)  # kept
    assert length_param(None) is None and fresh(NoLength) is None

"""The platform models that need more than a prompt, sent from a shot's input slots through the
queue: first–last frame uploads both images and names them in the platform's fields; a video
or audio input the platform made goes by its server name (the platform has no upload for
them); a local audio clip is refused before anything is paid for."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services.media_library import MediaLibrary
from app.services.queue import JobState
from app.services.shot_inputs import input_from_file
from tests.queue.services import running


def _shot(studio, model: str, **fields):
    project = studio.create_project("Inputs")
    doc = studio.open_project(project.id)
    doc.insert_shots(0, [doc.new_shot(title="Sunset", prompt="the sky turns from dawn to dusk",
                                      provider="platform", model=model,
                                      params={"frames": 9, "steps": 1}, **fields)])
    studio.document = doc
    return doc, doc.shots[0].id


async def _set(studio, doc, shot_id, role, path):
    library = MediaLibrary.for_studio(studio, doc.project.id)
    change = await input_from_file(doc, library, shot_id, role, path)
    change.command.do(doc)
    return change.path


async def _run(queue, doc, shot_id):
    try:
        (job,) = await queue.generate_takes(doc.project.id, shot_id)
        await queue.run_until_idle()
    finally:
        await queue.stop()
    return queue.store.get(job.id)


async def test_first_last_frame_uploads_both_images_and_sends_the_platform_fields(
        studio, sample_clip, stills):
    doc, shot_id = _shot(studio, "ltx-flf")
    first = await _set(studio, doc, shot_id, "first_frame", stills[0])
    last = await _set(studio, doc, shot_id, "last_frame", stills[1])
    with running("platform", sample_clip) as svc:
        job = await _run(svc.queue(studio), doc, shot_id)
        uploads = svc.fake.requests_to("POST", "/api/upload-image")
        (create,) = svc.fake.requests_to("POST", "/api/generate")
        body = create.json()
        sent = dict(svc.fake.uploads)
    assert job.state == JobState.DONE, job.last_error
    assert len(uploads) == 2
    assert body["model"] == "ltx-flf"
    assert sent[body["image_filename"]] == Path(first).read_bytes()
    assert sent[body["last_image_filename"]] == Path(last).read_bytes()
    assert body["image_filename"] != body["last_image_filename"]
    assert "video_filename" not in body and "audio_filename" not in body
    (take,) = doc.takes(shot_id)
    assert take.model == "ltx-flf" and take.media_path


async def test_a_platform_take_drives_video_to_video_by_its_server_name(studio, sample_clip):
    doc, source_shot = _shot(studio, "wan-t2v")
    with running("platform", sample_clip) as svc:
        first = await _run(svc.queue(studio), doc, source_shot)
        assert first.state == JobState.DONE, first.last_error
        (made,) = doc.takes(source_shot)
        assert made.remote_ids["filename"] in svc.fake.files
        doc.insert_shots(1, [doc.new_shot(title="Restyled", prompt="as an oil painting",
                                          provider="platform", model="v2v",
                                          params={"strength": 0.4})])
        restyled = doc.shots[1].id
        await _set(studio, doc, restyled, "video", made.media_path)
        job = await _run(svc.queue(studio), doc, restyled)
        (create,) = svc.fake.requests_to("POST", "/api/generate-v2v")
        uploads = svc.fake.requests_to("POST", "/api/upload-image")
    assert job.state == JobState.DONE, job.last_error
    assert create.json() == {"video_filename": made.remote_ids["filename"],
                             "prompt": "as an oil painting", "strength": 0.4}
    assert uploads == []  # nothing to upload: the platform has it


async def test_a_local_audio_clip_for_sound_to_video_is_refused_before_anything_is_sent(
        studio, sample_clip, stills, voice_clip):
    doc, shot_id = _shot(studio, "wan-s2v")
    await _set(studio, doc, shot_id, "first_frame", stills[0])
    await _set(studio, doc, shot_id, "audio", voice_clip)
    with running("platform", sample_clip) as svc:
        queue = svc.queue(studio)
        try:
            with pytest.raises(Exception) as refused:
                await queue.generate_takes(doc.project.id, shot_id)
        finally:
            await queue.stop()
        creates = svc.fake.requests_to("POST", "/api/generate")
    assert creates == [] and queue.store.list(project_id=doc.project.id) == []
    assert str(refused.value) == (
        "Studio platform: inputs: the audio clip line.wav is not on the platform, and the "
        "platform takes no audio clip uploads; use an audio clip the platform made (a take or "
        "result of a platform job)")


async def test_liveportrait_moves_a_portrait_with_a_platform_take_as_driving_video(
        studio, sample_clip, stills):
    doc, source_shot = _shot(studio, "wan-t2v")
    with running("platform", sample_clip) as svc:
        assert (await _run(svc.queue(studio), doc, source_shot)).state == JobState.DONE
        (made,) = doc.takes(source_shot)
        doc.insert_shots(1, [doc.new_shot(title="Face", prompt="she smiles", provider="platform",
                                          model="liveportrait")])
        face = doc.shots[1].id
        portrait = await _set(studio, doc, face, "first_frame", stills[0])
        await _set(studio, doc, face, "video", made.media_path)
        job = await _run(svc.queue(studio), doc, face)
        creates = [r.json() for r in svc.fake.requests_to("POST", "/api/generate")]
        uploaded = dict(svc.fake.uploads)
    assert job.state == JobState.DONE, job.last_error
    body = creates[-1]
    assert body["model"] == "liveportrait"
    assert body["video_filename"] == made.remote_ids["filename"]
    assert uploaded[body["image_filename"]] == Path(portrait).read_bytes()


async def test_extend_makes_a_new_shot_that_continues_from_the_last_frame(studio, sample_clip):
    from app.services.commands import AddShots
    from app.services.follow_ups import extend_shot_fields

    doc, source_shot = _shot(studio, "wan-t2v")
    with running("platform", sample_clip) as svc:
        assert (await _run(svc.queue(studio), doc, source_shot)).state == JobState.DONE
        (made,) = doc.takes(source_shot)
        command = AddShots(doc, 1, [extend_shot_fields(doc.shots.get(source_shot), made)])
        command.do(doc)
        (new_id,) = command.ids
        assert doc.shots.ids() == [source_shot, new_id]  # right after the shot it continues
        job = await _run(svc.queue(studio), doc, new_id)
        (extend,) = svc.fake.requests_to("POST", "/api/extend-video")
        creates = [r.json() for r in svc.fake.requests_to("POST", "/api/generate")]
    assert job.state == JobState.DONE, job.last_error
    assert extend.json() == {"video_filename": made.remote_ids["filename"]}
    body = creates[-1]
    assert body["model"] == "wan-i2v"
    name = made.remote_ids["filename"].rsplit(".", 1)[0]
    assert body["image_filename"] == f"lastframe_{name}.png"  # the frame extend-video gave
    assert body["prompt"] == doc.shots.get(source_shot).prompt
    command.undo(doc)
    assert doc.shots.ids() == [source_shot]

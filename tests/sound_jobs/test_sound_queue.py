"""Sound and words jobs through the queue against the services' fakes: priced before they are
queued, one ledger row per create, and each result where the user asked — a clip on its track
at its film time, cues on a subtitle track moved to the shot's place in the cut, a new take,
or a file beside the project."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services import soundtrack
from app.services.queue import JobState
from app.services.sound_jobs import Placement, SoundJobError, SoundJobs
from app.storage.sound_tracks import SoundTrackRepository
from app.storage.takes import TakeRepository
from tests.sound_jobs.conftest import project_with_takes

pytestmark = pytest.mark.timeout(60)


async def _run(queue) -> None:
    try:
        await queue.run_until_idle()
    finally:
        await queue.stop()


def _clips(studio, project_id, track):
    t = soundtrack.find_track(studio.db, project_id, track, "audio")
    return SoundTrackRepository(studio.db).clips(t.id)


def _cues(studio, project_id, track):
    return soundtrack.cues(studio.db, project_id, track)


async def test_music_and_speech_land_as_clips_where_asked(studio, services, sample_clip):
    doc = project_with_takes(studio, sample_clip)
    queue = services.queue(studio)
    jobs = SoundJobs(queue)
    second = doc.shots.ids()[1]
    music = jobs.music(doc, "warm piano", 45, tags="ambient", where=Placement(shot_id=second))
    speech = jobs.speech(doc, "Once upon a time", "en_us_male", where=Placement(1.0))
    costs = await jobs.quote([music, speech])
    assert [c.amount for c in costs] == [12, 1] and services.platform.jobs == {}  # priced first
    sent = await jobs.send([music, speech])
    await _run(queue)
    for job in sent:
        job = queue.store.get(job.id)
        assert job.state == JobState.DONE, job.last_error
        assert queue.ledger.creates(job.id) == 1
    [bed] = _clips(studio, doc.project.id, "Music")
    [voice] = _clips(studio, doc.project.id, "Narration")
    assert bed.start == pytest.approx(1.0)  # under shot 2: one 1 s shot in
    assert bed.media_duration == pytest.approx(45, abs=0.1) and bed.job_id == sent[0].id
    assert voice.start == pytest.approx(1.0) and voice.source == "tts"
    assert len(services.platform.jobs) == 2


async def test_a_tracks_name_is_checked_before_anything_is_sent(studio, services, sample_clip):
    doc = project_with_takes(studio, sample_clip)
    jobs = SoundJobs(services.queue(studio))
    with pytest.raises(SoundJobError, match="no audio track named 'Drums'.*Music, Narration"):
        jobs.music(doc, "x", 5, track="Drums")
    assert jobs.speech(doc, "x", "v", track="narration").landing.track == "Narration"


async def test_subtitles_of_a_trimmed_take_line_up_with_the_cut(studio, services, sample_clip):
    doc = project_with_takes(studio, sample_clip, trim_in=0.5)
    queue = services.queue(studio)
    jobs = SoundJobs(queue)
    third = doc.shots[2]
    spec = await jobs.subtitles_for_shot(doc, third, language="en")
    assert spec.request.inputs[0].remote_id == "gen_source.mp4"  # the platform has it
    [job] = await jobs.send([spec])
    await _run(queue)
    assert queue.store.get(job.id).state == JobState.DONE
    cues = _cues(studio, doc.project.id, "Subtitles")
    # the fake's cues are 0.2–0.9 and 1.1–1.8 s into the take; the cut plays 0.5–1.0 of it
    # and the shot starts at 2 × 0.5 s: only the part inside the cut, moved to film time
    assert [(c.start, c.end, c.text) for c in cues] == [
        (pytest.approx(1.0), pytest.approx(1.4), "Hello from the fake Whisper.")]


async def test_translation_and_burn_use_the_platforms_subtitle_file(studio, services,
                                                                    sample_clip):
    services.platform.tier = "pro"
    doc = project_with_takes(studio, sample_clip)
    queue = services.queue(studio)
    jobs = SoundJobs(queue)
    shot = doc.shots[0]
    with pytest.raises(SoundJobError, match="no subtitles for this project yet"):
        jobs.translation(doc, "fr")
    await jobs.send([await jobs.subtitles_for_shot(doc, shot)])
    await _run(queue)
    queue = services.queue(studio)
    jobs = SoundJobs(queue)
    translated = jobs.translation(doc, "fr")
    burned = await jobs.burn(doc, shot, style="minimal")
    await jobs.send([translated, burned])
    await _run(queue)
    # placed as its source was: shot 1's take plays 0–1 s, so only the first line is in the cut
    assert [c.text for c in _cues(studio, doc.project.id, "Subtitles (fr)")] == [
        "Bonjour du faux Whisper."]
    takes = TakeRepository(studio.db).for_shot(shot.id)
    assert len(takes) == 2 and takes[-1].provider == "platform"
    [burn] = services.platform.requests_to("POST", "/api/subtitles/burn")
    assert burn.json()["style"] == "minimal" and burn.json()["video_filename"] == "gen_source.mp4"
    # translating again replaces that track's cues instead of doubling them
    queue = services.queue(studio)
    await SoundJobs(queue).send([SoundJobs(queue).translation(doc, "fr")])
    await _run(queue)
    assert len(_cues(studio, doc.project.id, "Subtitles (fr)")) == 1


async def test_whole_film_subtitles_upload_a_preview_of_the_cut(studio, services, sample_clip):
    doc = project_with_takes(studio, sample_clip)
    queue = services.queue(studio)
    jobs = SoundJobs(queue)
    film = await jobs.export_preview(doc)
    spec = jobs.subtitles_for_film(doc, film, language="de")
    [job] = await jobs.send([spec])
    await _run(queue)
    assert queue.store.get(job.id).state == JobState.DONE
    [upload] = services.platform.requests_to("POST", "/api/upload-video")
    assert film.read_bytes() in upload.body  # the cut itself went up
    assert [c.start for c in _cues(studio, doc.project.id, "Subtitles")] == [0.2, 1.1]


@pytest.mark.parametrize(("kind", "fmt"), [("text", "vtt"), ("text", "json"), ("audio", None),
                                           ("video", None), ("text", "edl")])
async def test_description_of_a_take_lands_by_its_output(studio, services, sample_clip, kind,
                                                         fmt):
    doc = project_with_takes(studio, sample_clip)
    queue = services.queue(studio)
    jobs = SoundJobs(queue)
    shot = doc.shots[1]
    options = {"language": "fr-FR", "category": "Documentary", "ad_type": "extended_ad",
               "custom_instructions": "Call the fox Vera.", "read_all_onscreen_text": True}
    if fmt:
        options["format"] = fmt
    [job] = await jobs.send([jobs.describe_shot(doc, shot, kind, options)])
    await _run(queue)
    job = queue.store.get(job.id)
    assert job.state == JobState.DONE, job.last_error
    [sent] = services.viddyscribe.jobs.values()
    assert sent["config"]["custom_instructions"] == "Call the fox Vera."
    assert sent["config"]["read_all_onscreen_text"] is True
    assert sent["config"]["category"] == "documentary" and sent["config"]["ad_type"] == "extended_ad"
    takes = TakeRepository(studio.db).for_shot(shot.id)
    if kind == "text" and fmt == "edl":
        saved = Path(job.media_path)
        assert saved.suffix == ".edl" and "EDL for task_" in saved.read_text()
        assert saved.parent == studio.paths.project(doc.project.id)
    elif kind == "text":
        cues = _cues(studio, doc.project.id, "Audio description")
        # the take is 1 s long and the shot starts at 1.0: what the cut plays, in film time
        assert [(c.start, c.end) for c in cues] == [(1.0, 2.0)]
        assert cues[0].text.startswith("A forest at dawn")
    elif kind == "audio":
        [clip] = _clips(studio, doc.project.id, "Audio description")
        assert clip.start == pytest.approx(1.0) and clip.source == "description"
        assert clip.src_out == pytest.approx(1.0)  # only the cut's part of the take plays
    else:
        assert len(takes) == 2 and takes[-1].provider == "viddyscribe"
    if kind != "video":
        assert len(takes) == 1  # nothing else became a take


async def test_describe_film_by_url_saves_the_narrated_film_beside_the_project(
        studio, services, sample_clip):
    doc = project_with_takes(studio, sample_clip)
    queue = services.queue(studio)
    jobs = SoundJobs(queue)
    spec = jobs.describe_film(doc, "https://cdn.example.com/film.mp4", "video",
                              {"language": "en-US"})
    [job] = await jobs.send([spec])
    await _run(queue)
    job = queue.store.get(job.id)
    assert job.state == JobState.DONE, job.last_error
    [upload] = services.viddyscribe.requests_to("POST", "/upload_media")
    assert upload.json() == {"input": {"type": "url", "url": "https://cdn.example.com/film.mp4"}}
    saved = Path(job.media_path)
    assert saved.suffix == ".mp4" and saved.read_bytes() == sample_clip.read_bytes()


@pytest.mark.parametrize(("tier", "make", "said"), [
    ("starter", lambda j, d: j.speech(d, "Hello", "en_us_male"),
     "Text to speech needs the platform's Creator tier or higher; this account is on Starter"),
    ("creator", None, "Subtitle translation needs the platform's Pro tier or higher"),
])
async def test_the_plan_is_checked_before_anything_is_sent(studio, services, sample_clip, tier,
                                                           make, said):
    from app.services.tier_rules import TierLimitExceeded

    doc = project_with_takes(studio, sample_clip)
    queue = services.queue(studio)
    jobs = SoundJobs(queue)
    if make is None:  # a translation needs subtitles the platform made first
        await jobs.send([await jobs.subtitles_for_shot(doc, doc.shots[0])])
        await _run(queue)
        queue = services.queue(studio)
        jobs = SoundJobs(queue)
        make = lambda j, d: j.translation(d, "fr")  # noqa: E731
    services.platform.tier = tier
    with pytest.raises(TierLimitExceeded, match=said):
        await jobs.quote([make(jobs, doc)])
    await queue.stop()
    assert services.platform.requests_to("POST", "/api/tts/generate") == []
    assert services.platform.requests_to("POST", "/api/subtitles/translate") == []

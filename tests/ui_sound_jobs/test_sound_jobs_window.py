"""The sound and words jobs from the studio window, against the fakes: Shot → Describe Take…
lands text on the Audio description track, audio as a clip on its track and a narrated video
as a new take; the music and narration dialogs show the price before anything is sent and
place the clip where the user chose."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from app.services import soundtrack
from app.services.queue import JobState
from app.storage.sound_tracks import SoundTrackRepository
from tests.sound_jobs.conftest import project_with_takes

pytestmark = pytest.mark.timeout(90)
SHOTS = Path(os.environ.get("REELROOM_SHOTS", "/tmp/shots"))


def open_box(window) -> QMessageBox | None:
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    return boxes[-1] if boxes else None


def film(window, sample_clip):
    doc = project_with_takes(window.studio, sample_clip)
    window.studio.document = None
    doc = window.open_project(doc.project.id)
    window.timeline.select_ids([doc.shots[1].id])
    return doc


def confirm_and_wait(window, qtbot, services_jobs: int | None = None):
    qtbot.waitUntil(lambda: open_box(window) is not None, timeout=15_000)
    box = open_box(window)
    text = box.text()
    next(b for b in box.buttons() if b.text().startswith("Queue")).click()
    feature = window.features.sound_jobs
    qtbot.waitUntil(lambda: bool(feature.last_jobs), timeout=15_000)
    queue = window.features.queue.queue
    qtbot.waitUntil(lambda: all(queue.store.get(j.id).state.finished
                                for j in feature.last_jobs), timeout=30_000)
    [job] = [queue.store.get(j.id) for j in feature.last_jobs]
    assert job.state == JobState.DONE, job.last_error
    return text, job


@pytest.mark.parametrize("kind", ["text", "audio", "video"])
def test_describe_take_lands_by_its_output(window, qtbot, services, sample_clip, kind):
    doc = film(window, sample_clip)
    window.actions.describe_take.trigger()
    dialog = window.features.sound_jobs.dialog
    assert dialog.windowTitle() == "Describe Take"
    assert len(dialog.language.matches("")) == 52 and dialog.category.count() == 14
    assert dialog.language.matches("french") == ["French (FR)", "French (CA)"]
    dialog.language.setEditText("French (FR)")
    dialog.category.setEditText("Documentary")
    dialog.ad_buttons["extended_ad"].setChecked(True)
    dialog.set_kind(kind)
    dialog.instructions.setPlainText("The fox is called Vera.")
    dialog.read_text.setChecked(True)
    if kind != "text":
        dialog.voice.setText("warm-female")
    dialog.queue_button.click()
    asked, _job = confirm_and_wait(window, qtbot)
    assert "price it does not publish" in asked  # the cost, before anything was sent
    [sent] = services.viddyscribe.jobs.values()
    assert sent["config"]["language"] == "fr-FR" and sent["config"]["category"] == "documentary"
    assert sent["config"]["custom_instructions"] == "The fox is called Vera."
    assert sent["config"]["read_all_onscreen_text"] is True
    assert sent["config"]["ad_type"] == "extended_ad"
    shot = doc.shots[1]
    if kind == "text":
        [cue] = soundtrack.cues(window.studio.db, doc.project.id, "Audio description")
        assert cue.start == pytest.approx(1.0) and "A forest at dawn" in cue.text
    elif kind == "audio":
        track = soundtrack.find_track(window.studio.db, doc.project.id, "Audio description",
                                      "audio")
        [clip] = SoundTrackRepository(window.studio.db).clips(track.id)
        assert clip.start == pytest.approx(1.0)
        assert sent["config"]["voice"] == "warm-female"
        assert [c.id for c in doc.sound.clips(track.id)] == [clip.id]  # the open project
    else:
        assert len(doc.takes(shot.id)) == 2 and doc.takes(shot.id)[-1].provider == "viddyscribe"


def test_a_name_not_in_the_services_list_is_refused_in_the_dialog(window, sample_clip):
    film(window, sample_clip)
    window.actions.describe_take.trigger()
    dialog = window.features.sound_jobs.dialog
    dialog.language.setEditText("Klingon")
    dialog._sync()
    assert not dialog.queue_button.isEnabled()
    assert "not one of ViddyScribe's languages" in dialog.problem.text()


def test_narration_dialog_prices_first_and_places_under_the_shot(window, qtbot, services,
                                                                 sample_clip):
    doc = film(window, sample_clip)
    window.actions.generate_speech.trigger()
    dialog = window.features.sound_jobs.dialog
    qtbot.waitUntil(lambda: dialog.voice.isEnabled(), timeout=10_000)  # from /api/tts/voices
    assert dialog.voice.count() == 4
    dialog.voice.setCurrentIndex(dialog.voice.findData("en_gb_female"))
    dialog.prompt.setPlainText("Once upon a time there was a fox")
    assert dialog.cost.text().startswith("Cost: 1 credits (published price: 6 credits a minute")
    assert services.platform.requests_to("POST", "/api/tts/generate") == []
    assert dialog.under_shot.isChecked()  # a shot is selected: under it, at 1.00 s
    dialog.queue_button.click()
    asked, job = confirm_and_wait(window, qtbot)
    assert "1 credit" in asked
    track = soundtrack.find_track(window.studio.db, doc.project.id, "Narration", "audio")
    [clip] = SoundTrackRepository(window.studio.db).clips(track.id)
    assert clip.start == pytest.approx(1.0) and clip.job_id == job.id
    panel = window.features.queue.panel  # the Queue panel says what the job made
    rows = [panel.proxy.index(r, 0).data() for r in range(panel.proxy.rowCount())]
    assert "2. S2 · TTS: Once upon a time there was a fox" in rows


def test_narration_below_creator_gives_the_tier_message(window, qtbot, services, sample_clip):
    services.platform.tier = "free"
    film(window, sample_clip)
    window.actions.generate_speech.trigger()
    dialog = window.features.sound_jobs.dialog
    qtbot.waitUntil(lambda: dialog.voice.isEnabled(), timeout=10_000)
    dialog.prompt.setPlainText("Hello")
    dialog.queue_button.click()
    qtbot.waitUntil(lambda: open_box(window) is not None, timeout=15_000)
    said = open_box(window).text()
    assert "Text to speech needs the platform's Creator tier or higher" in said
    assert services.platform.requests_to("POST", "/api/tts/generate") == []


def test_describe_dialog_screenshot(window, qtbot, sample_clip):
    film(window, sample_clip)
    window.actions.describe_take.trigger()
    dialog = window.features.sound_jobs.dialog
    dialog.set_kind("audio")
    dialog.language.setEditText("English (GB)")
    dialog.category.setEditText("Narrative Story")
    dialog.voice.setText("warm-female")
    dialog.instructions.setPlainText("The fox is called Vera; keep each line short.")
    dialog.read_text.setChecked(True)
    qtbot.wait(100)
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(SHOTS / "describe.png"))


def test_describe_film_exports_a_preview_and_lands_its_text(window, qtbot, services,
                                                            sample_clip):
    doc = film(window, sample_clip)
    window.actions.describe_film.trigger()
    dialog = window.features.sound_jobs.dialog
    assert dialog.windowTitle() == "Describe Film"
    assert "Narrated film — saved beside the project" in dialog.kind_buttons["video"].text()
    dialog.queue_button.click()
    confirm_and_wait(window, qtbot)
    [upload] = services.viddyscribe.requests_to("POST", "/upload_media")
    previews = list((window.studio.paths.project(doc.project.id) / "previews").glob("*.mp4"))
    assert len(previews) == 1 and previews[0].read_bytes() in upload.body  # the cut went up
    cues = soundtrack.cues(window.studio.db, doc.project.id, "Audio description")
    assert [c.start for c in cues] == [0.0, 3.0]  # the film's own time


def test_subtitles_dialog_generates_for_the_selected_shot(window, qtbot, services, sample_clip):
    doc = film(window, sample_clip)
    window.actions.platform_subtitles.trigger()
    dialog = window.features.sound_jobs.dialog
    assert "5 credits" in dialog.cost.text()
    dialog.language.setText("fr")
    dialog.queue_button.click()
    asked, _ = confirm_and_wait(window, qtbot)
    assert "5 credits" in asked
    sent = services.platform.requests_to("POST", "/api/subtitles/generate")[0].json()
    assert sent == {"video_filename": "gen_source.mp4", "language": "fr"}
    [cue] = soundtrack.cues(window.studio.db, doc.project.id, "Subtitles")
    assert cue.start == pytest.approx(1.2) and cue.text == "Bonjour du faux Whisper."

"""The sound and words jobs from `reelroom-cli`, in subprocesses against the fakes: the price is
printed before the job is queued, results land in the project, tier refusals name the tier,
ViddyScribe's outputs land by kind, its vocabularies print, and bad input is one line."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from app.services import soundtrack
from app.storage.sound_tracks import SoundTrackRepository
from app.storage.takes import TakeRepository
from tests.sound_jobs.conftest import project_with_takes

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]


def cli(home, services, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **services.env(), "REELROOM_HOME": str(home),
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    return subprocess.run([sys.executable, "-m", "app.cli.main", *args], capture_output=True,
                          text=True, env=env, timeout=90)


def clips(studio, project_id, track):
    t = soundtrack.find_track(studio.db, project_id, track, "audio")
    return SoundTrackRepository(studio.db).clips(t.id)


@pytest.fixture
def film(studio, services, sample_clip):
    doc = project_with_takes(studio, sample_clip)
    studio.document = None
    return doc


def test_music_and_speech_print_their_price_first_then_land(film, studio, services,
                                                           reelroom_home):
    out = cli(reelroom_home, services, "audio", "generate", "Film", "--prompt", "rain on tin",
              "--seconds", "15", "--tags", "ambient", "--at", "2")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("cost: 4 credits (published price: 8 credits per 30 s × 15 s")
    assert lines[1].startswith("queued ") and "clip on Music at 2.00 s" in lines[1]
    [bed] = clips(studio, film.project.id, "Music")
    assert bed.start == pytest.approx(2.0) and bed.media_duration == pytest.approx(15, abs=0.1)

    voices = cli(reelroom_home, services, "tts", "voices")
    assert voices.returncode == 0 and "en_gb_female     British English — Female" in voices.stdout
    out = cli(reelroom_home, services, "tts", "say", "Film", "--text", "Once upon a time",
              "--voice", "en_gb_female", "--speed", "1.2", "--at", "1.0")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("cost: 1 credits (published price: 6 credits a minute")
    [voice] = clips(studio, film.project.id, "Narration")
    assert voice.start == pytest.approx(1.0) and voice.source == "tts"
    assert services.platform.requests_to("POST", "/api/tts/generate")[0].json() == {
        "text": "Once upon a time", "voice_id": "en_gb_female", "speed": 1.2}


def test_tier_refusals_name_the_tier(film, studio, services, reelroom_home):
    services.platform.tier = "starter"
    out = cli(reelroom_home, services, "tts", "say", "Film", "--text", "Hello",
              "--voice", "en_us_male")
    assert out.returncode == 1
    assert "Text to speech needs the platform's Creator tier or higher" in out.stderr
    assert "this account is on Starter" in out.stderr and "Traceback" not in out.stderr
    assert clips(studio, film.project.id, "Narration") == []
    assert services.platform.requests_to("POST", "/api/tts/generate") == []  # refused first
    services.platform.tier = "creator"
    assert cli(reelroom_home, services, "subtitles", "generate", "Film", "--shot", "1"
               ).returncode == 0
    out = cli(reelroom_home, services, "subtitles", "translate", "Film", "--to", "fr")
    assert out.returncode == 1 and "needs the platform's Pro tier or higher" in out.stderr
    services.platform.tier = "pro"
    out = cli(reelroom_home, services, "subtitles", "translate", "Film", "--to", "fr")
    assert out.returncode == 0, out.stderr
    assert [c.text for c in soundtrack.cues(studio.db, film.project.id, "Subtitles (fr)")] == [
        "Bonjour du faux Whisper."]


def test_subtitles_of_the_whole_film(film, studio, services, reelroom_home):
    out = cli(reelroom_home, services, "subtitles", "generate", "Film", "--language", "de")
    assert out.returncode == 0, out.stderr
    assert "exporting a preview of the film" in out.stderr
    assert len(services.platform.requests_to("POST", "/api/upload-video")) == 1
    cues = soundtrack.cues(studio.db, film.project.id, "Subtitles")
    assert [c.text for c in cues] == ["Hallo vom falschen Whisper.", "Eine zweite Zeile."]


@pytest.mark.parametrize("kind", ["text", "audio", "video"])
def test_describe_attach_lands_text_audio_or_a_take(film, studio, services, reelroom_home,
                                                   kind):
    out = cli(reelroom_home, services, "describe", "--project", "Film", "--shot", "2",
              "--attach", "--kind", kind, "--language", "fr-FR", "--category", "Documentary",
              "--custom-instructions", "Name the fox Vera.", "--read-onscreen-text")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("cost: billed by the service")
    [job] = services.viddyscribe.jobs.values()
    assert job["config"]["custom_instructions"] == "Name the fox Vera."
    assert job["config"]["read_all_onscreen_text"] is True
    shot = film.shots.ids()[1]
    takes = TakeRepository(studio.db).for_shot(shot)
    if kind == "text":
        [cue] = soundtrack.cues(studio.db, film.project.id, "Audio description")
        assert cue.start == pytest.approx(1.0) and "A forest at dawn" in cue.text
    elif kind == "audio":
        [clip] = clips(studio, film.project.id, "Audio description")
        assert clip.start == pytest.approx(1.0)
    else:
        assert len(takes) == 2 and takes[-1].provider == "viddyscribe"


def test_describe_lists_the_services_vocabularies_and_takes_a_url(services, reelroom_home):
    langs = cli(reelroom_home, services, "describe", "--list-languages")
    assert langs.returncode == 0 and len(langs.stdout.splitlines()) == 52
    assert "fr-CA" in langs.stdout and "Serbian (Cyrillic)" in langs.stdout
    cats = cli(reelroom_home, services, "describe", "--list-categories")
    assert len(cats.stdout.splitlines()) == 14 and "Tutorial/How-To" in cats.stdout
    out = cli(reelroom_home, services, "describe", "https://cdn.example.com/clip.mp4")
    assert out.returncode == 0, out.stderr
    assert "A forest at dawn" in out.stdout
    [up] = services.viddyscribe.requests_to("POST", "/upload_media")
    assert up.json() == {"input": {"type": "url", "url": "https://cdn.example.com/clip.mp4"}}


@pytest.mark.parametrize(("args", "said"), [
    (["audio", "generate", "Film", "--prompt", "x", "--seconds", "0"], "more than 0 seconds"),
    (["audio", "generate", "Film", "--prompt", "x", "--seconds", "500"],
     "duration_seconds"),
    (["audio", "generate", "Film", "--prompt", "x", "--seconds", "5", "--track", "drums"],
     "no audio track named 'drums'"),
    (["tts", "say", "Film", "--text", "hi", "--voice", "nobody"], "Unknown voice_id"),
    (["subtitles", "generate", "Film", "--shot", "9"], "between 1 and 3"),
    (["subtitles", "generate", "Film", "--language", "English"], "language code"),
    (["describe", "--project", "Film", "--shot", "9", "--attach"], "between 1 and 3"),
    (["describe", "--project", "Film"], "add --attach"),
    (["describe", "--project", "Film", "--attach", "--language", "xx-XX"],
     "not one of the 52 supported languages"),
    (["describe", "http://plain.example.com/a.mp4"], "https://"),
])
def test_bad_input_is_one_line(film, services, reelroom_home, args, said):
    out = cli(reelroom_home, services, *args)
    assert out.returncode != 0
    assert said in out.stderr, out.stderr
    assert "Traceback" not in out.stderr
    assert len([ln for ln in out.stderr.splitlines() if "error:" in ln]) == 1

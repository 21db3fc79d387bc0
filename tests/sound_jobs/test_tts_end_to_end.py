"""The issue's end to end with its narration made by the platform's TTS, from the command
line: a 3-shot animatic film, a music bed (an imported sine wave), a TTS narration clip at
1.0 s (`tts say`, against the platform fake) and subtitles from an SRT, exported with soft
subtitles; the film lasts as long as the cut, has one sound and one subtitle stream, and the
narration is heard inside its window."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from app.services import soundtrack
from app.storage.sound_tracks import SoundTrackRepository
from tests.sound.conftest import sounds  # noqa: F401 - the sine bed and the SRT
from tests.sound.probing import rms, streams

pytestmark = [pytest.mark.slow, pytest.mark.timeout(180)]


def cli(home, services, *args):
    env = {**os.environ, **services.env(), "REELROOM_HOME": str(home),
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    out = subprocess.run([sys.executable, "-m", "app.cli.main", *args], capture_output=True,
                         text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    return out


def test_tts_narration_at_one_second_is_in_the_exported_mix(reelroom_home, services, sounds,  # noqa: F811
                                                            tmp_path, studio):
    h = reelroom_home
    cli(h, services, "project", "new", "Film")
    for title in "ABC":
        cli(h, services, "shot", "add", "Film", "--title", title, "--duration", "2")
    cli(h, services, "audio", "import", "Film", str(sounds["sine"]))
    said = cli(h, services, "tts", "say", "Film", "--text", "Once upon a time there",
               "--voice", "en_gb_female", "--at", "1.0")
    assert said.stdout.startswith("cost: 1 credits")
    cli(h, services, "subtitles", "import", "Film", str(sounds["srt"]))
    project = studio.find_project("Film")
    track = soundtrack.find_track(studio.db, project.id, "Narration", "audio")
    [voice] = SoundTrackRepository(studio.db).clips(track.id)
    assert voice.start == pytest.approx(1.0) and voice.source == "tts"
    assert voice.media_duration == pytest.approx(2.0, abs=0.05)  # 5 words at 150 a minute
    out = tmp_path / "film.mp4"
    done = cli(h, services, "--json", "export", "Film", "--out", str(out), "--preset", "480p",
               "--fill-missing-with-animatic", "--subtitles", "soft", "--loudness", "-14")
    assert json.loads(done.stdout)["mixed"]
    duration, kinds = streams(out)
    assert duration == pytest.approx(6.0, abs=0.1)
    assert kinds.count("Audio") == 1 and kinds.count("Subtitle") == 1
    inside, outside = rms(out, 1.2, 2.8), rms(out, 3.5, 5.5)
    assert outside > 0.005
    assert abs(inside - outside) > 0.2 * outside

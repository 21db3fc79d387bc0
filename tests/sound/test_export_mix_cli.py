"""Acceptance, from the command line: a 3-shot animatic film gets a music bed (a sine wave),
a narration clip at 1.0 s and subtitles from an SRT; the export has the cut's length, one
sound stream and a subtitle stream, the narration is heard in its window, and burned-in
subtitles change the picture at a cue's time."""

from __future__ import annotations

import json

import pytest

from tests.core.test_cli import cli
from tests.sound.probing import frame, frame_difference, rms, streams

pytestmark = pytest.mark.slow


@pytest.fixture
def film(reelroom_home, sounds):
    h = reelroom_home
    assert cli("project", "new", "Film", env_home=h).returncode == 0
    for title in "ABC":
        assert cli("shot", "add", "Film", "--title", title, "--duration", "2",
                   env_home=h).returncode == 0
    for args in (["audio", "import", "Film", str(sounds["sine"])],
                 ["audio", "import", "Film", str(sounds["voice"]), "--track", "narration",
                  "--at", "1.0"],
                 ["subtitles", "import", "Film", str(sounds["srt"])]):
        out = cli(*args, env_home=h)
        assert out.returncode == 0, out.stderr
    return h


def export(home, out, *extra):
    done = cli("--json", "export", "Film", "--out", str(out), "--preset", "480p",
               "--fill-missing-with-animatic", *extra, env_home=home)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_film_carries_the_mix_and_soft_subtitles(film, tmp_path):
    out = tmp_path / "film.mp4"
    data = export(film, out, "--subtitles", "soft", "--loudness", "-14")
    assert data["mixed"] and data["subtitles"] == "soft"
    duration, kinds = streams(out)
    assert duration == pytest.approx(6.0, abs=0.1)  # the cut: three 2 s shots
    assert kinds.count("Audio") == 1 and kinds.count("Subtitle") == 1
    inside, outside = rms(out, 1.2, 2.3), rms(out, 3.0, 5.5)
    assert outside > 0.005  # the music bed is there
    assert abs(inside - outside) > 0.2 * outside  # and the narration is heard over it


def test_burned_subtitles_change_the_picture_at_a_cue(film, tmp_path):
    plain, burned = tmp_path / "plain.mp4", tmp_path / "burned.mp4"
    export(film, plain, "--subtitles", "none", "--loudness", "off")
    export(film, burned, "--subtitles", "burn", "--loudness", "off")
    assert streams(burned)[1].count("Subtitle") == 0
    at_cue = frame_difference(frame(plain, 1.0), frame(burned, 1.0))  # "Hello there"
    between = frame_difference(frame(plain, 1.75), frame(burned, 1.75))  # no cue
    assert at_cue > 0.1 and at_cue > 3 * between, (at_cue, between)


def test_sidecar_subtitles_sit_beside_the_film(film, tmp_path):
    out = tmp_path / "film.mp4"
    data = export(film, out, "--subtitles", "sidecar", "--sidecar-format", "vtt")
    assert data["sidecar"] == str(tmp_path / "film.vtt")
    assert (tmp_path / "film.vtt").read_text().startswith("WEBVTT")
    assert streams(out)[1].count("Subtitle") == 0


def test_bad_export_options_are_one_line(film, tmp_path):
    out = cli("export", "Film", "--out", str(tmp_path / "f.mp4"), "--loudness", "-20",
              env_home=film)
    assert out.returncode == 2 and "invalid choice" in out.stderr
    out = cli("export", "Film", "--out", str(tmp_path / "f.mp4"), "--fill-missing-with-animatic",
              "--subtitles", "soft", "--subtitle-track", "audio description", env_home=film)
    assert out.returncode == 1 and "has no cues" in out.stderr and "Traceback" not in out.stderr

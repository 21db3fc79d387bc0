"""`reelroom-cli describe` in a subprocess against the ViddyScribe fake."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.fakes.viddyscribe import KEY, FakeViddyScribe, create, vtt_for


@pytest.fixture
def svc() -> Iterator[FakeViddyScribe]:
    with create(job_polls=0) as s:  # done on the first poll: no waiting between polls
        yield s


def cli(svc: FakeViddyScribe, home, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "REELROOM_HOME": str(home),
           "REELROOM_VIDDYSCRIBE_BASE_URL": svc.base_url + "/",
           "REELROOM_VIDDYSCRIBE_API_KEY": KEY,
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    return subprocess.run([sys.executable, "-m", "app.cli.main", "describe", *args],
                          capture_output=True, text=True, env=env, timeout=120)


def video(tmp_path):
    path = tmp_path / "clip.mp4"
    path.write_bytes(b"\x00\x00\x00\x18ftypmp42" + os.urandom(4096))
    return path


def test_describe_writes_the_vtt_the_service_produced(svc, reelroom_home, tmp_path):
    out = tmp_path / "clip.vtt"
    done = cli(svc, reelroom_home, str(video(tmp_path)), "--language", "en-US",
               "--format", "vtt", "--out", str(out))
    assert done.returncode == 0, done.stderr
    (job_id,) = svc.jobs
    assert out.read_text() == vtt_for(job_id)
    assert "done" in done.stderr and "uploading clip.mp4" in done.stderr
    assert svc.jobs[job_id]["config"]["format"] == "vtt"


def test_describe_downloads_a_narrated_video(svc, reelroom_home, tmp_path, sample_clip):
    svc.result_media = sample_clip.read_bytes()  # a real video: it is probed before it counts
    out = tmp_path / "narrated.mp4"
    done = cli(svc, reelroom_home, str(video(tmp_path)), "--kind", "video", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == sample_clip.read_bytes()


def test_describe_refuses_a_narrated_video_that_is_not_a_video(svc, reelroom_home, tmp_path):
    out = tmp_path / "narrated.mp4"  # the fake's own bytes are not a playable video
    done = cli(svc, reelroom_home, str(video(tmp_path)), "--kind", "video", "--out", str(out))
    assert done.returncode == 1 and "cannot be played" in done.stderr
    assert "Traceback" not in done.stderr and not out.exists()


def test_a_text_file_is_refused_before_any_request(svc, reelroom_home, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a video\n")
    done = cli(svc, reelroom_home, str(notes), "--out", str(tmp_path / "x.vtt"))
    assert done.returncode != 0
    assert "notes.txt" in done.stderr and "video" in done.stderr
    assert svc.requests == []
    assert not (tmp_path / "x.vtt").exists()


def test_service_error_gives_its_message_and_non_zero_exit(svc, reelroom_home, tmp_path):
    svc.error("video_too_long", path="/generate_ad_text")
    done = cli(svc, reelroom_home, str(video(tmp_path)), "--out", str(tmp_path / "x.vtt"))
    assert done.returncode == 1
    assert "Video is 95 minutes; your plan allows 60" in done.stderr

"""The picture on a real X server, on both engines: a colour-bars clip is played in the Player
and the screen's pixels over it are the bars' colours, not black (the defect: libvlc without a
video output module plays black while its clock runs; and a paused libvlc picture left black
where a menu had been over it). Qt's offscreen platform cannot show a
native libvlc window, so this runs a child on a private Xvfb."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import imageio_ffmpeg
import pytest

from tests.support.xvfb import x11_env, xvfb_display

REPO = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("x11_bars_child.py")
# SMPTE bars at 75 %: grey, yellow, cyan, green, magenta, red, blue
BARS = [(191, 191, 191), (191, 191, 0), (0, 191, 191), (0, 191, 0), (191, 0, 191),
        (191, 0, 0), (0, 0, 191)]
TOLERANCE = 40  # YUV 4:2:0 and scaling blur the colours a little; black is 191 away


@pytest.fixture(scope="module")
def bars_clip(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bars") / "bars.mp4"
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-loglevel", "error", "-f", "lavfi",
                    "-i", "smptebars=size=320x240:rate=24", "-t", "3", "-c:v", "libx264",
                    "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(path)],
                   check=True, timeout=60)
    return path


@pytest.fixture(scope="module")
def display():
    with xvfb_display() as name:
        yield name


def play_on_x11(display: str, preference: str, clip: Path) -> dict:
    env = x11_env(display)
    env["PYTHONPATH"] = str(REPO)
    done = subprocess.run([sys.executable, str(CHILD), preference, str(clip)], env=env,
                          capture_output=True, text=True, timeout=90, cwd=REPO)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def rgb(name: str) -> tuple[int, int, int]:
    return int(name[1:3], 16), int(name[3:5], 16), int(name[5:7], 16)


def assert_bars(colours: list[str]) -> None:
    for seen, want in zip(colours, BARS, strict=True):
        diff = max(abs(a - b) for a, b in zip(rgb(seen), want, strict=True))
        assert diff <= TOLERANCE, f"bars on screen {colours}, expected {BARS}"


@pytest.mark.parametrize(("preference", "engine"), [("auto", "vlc"), ("qt", "qt")])
def test_the_player_shows_the_bars_on_a_real_x_server(display, bars_clip, preference, engine):
    report = play_on_x11(display, preference, bars_clip)
    # default settings pick VLC on a machine set up by scripts/system-deps.sh
    assert report["backend"] == engine, report["reason"]
    assert report["cued_state"] == "paused"
    assert_bars(report["cued"])
    # a menu opened over the paused picture and closed leaves the picture, not a black hole
    # (libvlc does not draw its window again on an expose while paused)
    assert report["after_menu_state"] == "paused"
    assert_bars(report["after_menu"])
    assert report["playing_state"] == "playing"
    assert_bars(report["playing"])

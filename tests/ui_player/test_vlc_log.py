"""libvlc's messages (and ALSA's, beneath it) go to Reelroom's log at warning level, not to
stderr: on a machine without sound that was 12,000 stderr lines an hour."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

CHILD = """
import logging, sys, time
logging.basicConfig(level=logging.DEBUG, stream=sys.stdout, format="LOG %(name)s %(levelname)s %(message)s")
import vlc
from ui.player.vlc_log import route_libvlc_log
inst = vlc.Instance(["--quiet", "--vout=dummy", "--aout=alsa", "--alsa-audio-device=nowhere"])
assert route_libvlc_log(vlc, inst)
player = inst.media_player_new()
player.set_media(inst.media_new_path(sys.argv[1]))
player.play()
time.sleep(1.5)
player.stop()
"""


def test_libvlc_messages_go_to_the_log_not_stderr(clip: Path) -> None:
    done = subprocess.run([sys.executable, "-c", CHILD, str(clip)], capture_output=True,
                          text=True, timeout=60, cwd=REPO, env={"PYTHONPATH": str(REPO),
                                                                "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    logged = [line for line in done.stdout.splitlines() if line.startswith("LOG reelroom.vlc")]
    assert logged, done.stdout  # a missing ALSA device is worth a warning
    assert all(" DEBUG " not in line and " INFO " not in line for line in logged)
    noise = [line for line in done.stderr.splitlines()
             if "ALSA" in line or line.startswith("[0") or "main " in line]
    assert noise == []

"""`reelroom-cli self-test`: the film check exports and probes a real 3-shot animatic in a
throw-away library; the player check's report is read line by line and its absence is a
failure that says why."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from app.selftest import parse_player_output


def test_player_lines_become_results_and_silence_is_a_failure():
    out = "\n".join([
        "some libvlc chatter",
        json.dumps({"backend": "qt", "ok": True, "detail": "played"}),
        json.dumps({"backend": "vlc", "ok": False, "detail": "no display"}),
    ])
    results = parse_player_output(out, "", 1)
    assert [(r.name, r.ok, r.detail) for r in results] == [
        ("player qt", True, "played"), ("player vlc", False, "no display")]
    (crashed,) = parse_player_output("", "Traceback …\nImportError: libQt6Gui.so.6", 1)
    assert not crashed.ok and "ImportError: libQt6Gui.so.6" in crashed.detail
    assert "exit 1" in crashed.detail


def test_the_film_check_exports_three_shots_and_leaves_the_library_alone(reelroom_home):
    env = {**os.environ, "REELROOM_HOME": str(reelroom_home)}
    done = subprocess.run([sys.executable, "-m", "app.cli.main", "--json", "self-test",
                           "--skip-players"], capture_output=True, text=True, env=env,
                          timeout=180)
    assert done.returncode == 0, done.stderr
    (export,) = json.loads(done.stdout)
    assert export["name"] == "export" and export["ok"]
    assert "3-shot animatic film: 4.5" in export["detail"] and "probed" in export["detail"]
    # the user's library (REELROOM_HOME) got no project from the self-test
    listing = subprocess.run([sys.executable, "-m", "app.cli.main", "--json", "project", "list"],
                             capture_output=True, text=True, env=env, timeout=60)
    assert json.loads(listing.stdout) == []

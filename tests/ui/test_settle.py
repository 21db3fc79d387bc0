"""Once the studio is attached, another thread holds the interpreter lock for at most 1 ms
when the GUI thread asks for it (Python's default is 5 ms: a 5 ms hitch in every frame a
download or the library's writer works through)."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = ("import sys; before = sys.getswitchinterval(); from ui.main import settle, "
          "GUI_SWITCH_INTERVAL; settle(); print(before, sys.getswitchinterval(), "
          "GUI_SWITCH_INTERVAL)")


def test_settle_shortens_the_interpreters_switch_interval():
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                         check=True, timeout=120).stdout.split()
    before, after, wanted = map(float, out)
    assert before == 0.005 and after == wanted <= 0.001

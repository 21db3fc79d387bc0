"""No two actions share a key sequence, checked where it matters: Qt's xcb platform on a real
X server, where StandardKey.Redo is Ctrl+Shift+Z (offscreen maps it differently and hid the
clash that made keyboard redo dead). Help → Keyboard Shortcuts lists every key from ui.actions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence

from app.services.studio import Studio
from tests.support.xvfb import x11_env, xvfb_display
from ui.actions import PLAYER_KEYS
from ui.main import create_window

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def on_x11(tmp_path_factory) -> dict:
    with xvfb_display() as display:
        env = x11_env(display)
        env["PYTHONPATH"] = str(REPO)
        env["REELROOM_HOME"] = str(tmp_path_factory.mktemp("keys-home"))
        done = subprocess.run([sys.executable, str(Path(__file__).with_name(
            "x11_shortcuts_child.py"))], env=env, capture_output=True, text=True, timeout=120,
            cwd=REPO)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def live_together(a: str, b: str) -> bool:
    """Both live at once: anything window-wide meets everything; panel actions meet only
    those of the same widget."""
    return "window" in (a, b) or bool(set(a.split(",")) & set(b.split(",")))


def test_no_two_actions_share_a_key_sequence_on_xcb(on_x11):
    assert on_x11["platform"] == "xcb"
    bindings = on_x11["bindings"]
    clashes = [(seq, t1, t2) for i, (t1, seq, s1) in enumerate(bindings)
               for t2, seq2, s2 in bindings[i + 1:] if seq == seq2 and live_together(s1, s2)]
    assert clashes == []
    window_wide = [seq for _t, seq, scope in bindings if scope == "window"]
    assert len(window_wide) > 15  # the window's actions were really there
    assert "Ctrl+Shift+Z" in window_wide and "Ctrl+Y" in window_wide


def test_redo_works_with_ctrl_shift_z_and_ctrl_y(on_x11):
    assert on_x11["redo"] == {"Ctrl+Shift+Z": 1, "Ctrl+Y": 1}


def test_keyboard_shortcuts_lists_every_shortcut_from_the_actions(qtbot, reelroom_home):
    studio = Studio.open()
    try:
        window = create_window(studio)
        qtbot.addWidget(window)
        window.open_project(studio.create_project("Film").id)
        window.actions.add_shot.trigger()  # the Undo action now reads "Undo Add shot"
        dialog = window.show_shortcuts()
        rows = dialog.rows()
        listed = {keys for _what, keys in rows}
        for action in window.actions.all():
            for seq in action.shortcuts():
                if seq[0].key().value >= 0x01000061:  # a keyboard's own New/Open/Undo key
                    continue
                text = seq.toString(QKeySequence.SequenceFormat.NativeText)
                assert any(text in keys.split(", ") for keys in listed), action.text()
        assert ("Redo", "Ctrl+Shift+Z, Ctrl+Y") in rows
        assert dict(rows)["Undo"].startswith("Ctrl+Z")  # named by what it is, not the step
        assert not any(k in ("New", "Open", "Undo") for _w, keys in rows
                       for k in keys.split(", "))
        assert set(PLAYER_KEYS) <= set(rows)
        help_menu = [a.text() for a in window.menus["help"].actions()]
        assert "&Keyboard Shortcuts" in help_menu
        dialog.reject()
        window.close()
    finally:
        studio.close()

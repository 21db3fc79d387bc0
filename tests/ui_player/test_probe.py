"""Which engine plays: libvlc when it really starts, QtMultimedia otherwise, said plainly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import vlc

from ui.player.probe import VlcProbe, choose_backend, probe_vlc, probe_vlc_subprocess

REPO = Path(__file__).resolve().parents[2]
LIBVLC_VERSION = vlc.libvlc_get_version().decode().split()[0]


def test_libvlc_present_is_found_and_chosen() -> None:
    probe = probe_vlc()
    ok = f"libvlc {LIBVLC_VERSION}, video output OK"
    assert probe == VlcProbe(True, ok, LIBVLC_VERSION)
    assert choose_backend("auto") == ("vlc", ok)
    assert choose_backend("vlc")[0] == "vlc"


def test_subprocess_probe_agrees_when_libvlc_is_present() -> None:
    assert probe_vlc_subprocess().ok is True


def test_hidden_libvlc_falls_back_to_qt_with_a_truthful_reason() -> None:
    env = {**os.environ, "PYTHON_VLC_LIB_PATH": "/nowhere/libvlc.so"}
    probe = probe_vlc_subprocess(env=env)
    assert probe.ok is False
    assert probe.reason == (
        "libvlc not found at /nowhere/libvlc.so (PYTHON_VLC_LIB_PATH): "
        "install VLC (apt install libvlc5 vlc-plugin-base vlc-plugin-video-output)"
    )
    name, reason = choose_backend("auto", probe=probe)
    assert name == "qt"
    assert reason.startswith("libvlc not found at /nowhere/libvlc.so")
    assert reason.endswith("using Qt Multimedia instead")
    name, reason = choose_backend("vlc", probe=probe)
    assert name == "qt" and reason.startswith("VLC was requested but libvlc not found")


def test_unloadable_library_file_is_reported_not_fatal(tmp_path: Path) -> None:
    # python-vlc calls sys.exit(1) when the file exists but is not a library; the probe
    # must turn that into an answer instead of killing the process.
    fake = tmp_path / "libvlc.so"
    fake.write_text("not a shared object")
    probe = probe_vlc_subprocess(env={**os.environ, "PYTHON_VLC_LIB_PATH": str(fake)})
    assert probe.ok is False
    assert f"libvlc at {fake} (PYTHON_VLC_LIB_PATH) could not be loaded" in probe.reason


def test_in_process_probe_checks_the_env_path_before_importing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PYTHON_VLC_LIB_PATH", "/nowhere/libvlc.so")
    probe = probe_vlc()
    assert not probe.ok and "/nowhere/libvlc.so (PYTHON_VLC_LIB_PATH)" in probe.reason


def test_preference_qt_forces_qt_without_probing() -> None:
    working = VlcProbe(True, "libvlc 3.0.24 found", "3.0.24")
    assert choose_backend("qt", probe=working) == ("qt", "Qt Multimedia (chosen in settings)")


def test_gui_without_libvlc_starts_on_qt_in_a_fresh_process() -> None:
    """The whole path a user hits: bad PYTHON_VLC_LIB_PATH, panel built, no crash."""
    code = (
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from ui.player.player_panel import PlayerPanel\n"
        "p = PlayerPanel()\n"
        "print(p.backend_name)\n"
        "print(p.backend_reason)\n"
        "import sys; print('vlc' in sys.modules)\n"
    )
    env = {
        **os.environ,
        "PYTHON_VLC_LIB_PATH": "/nowhere/libvlc.so",
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(REPO),
    }
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    name, reason, vlc_imported = done.stdout.strip().splitlines()[-3:]
    assert name == "qt"
    assert "libvlc not found at /nowhere/libvlc.so" in reason
    assert vlc_imported == "False"


def _plugins(root: Path, names: list[str]) -> Path:
    for name in names:
        folder = root / "video_output"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"lib{name}_plugin.so").write_bytes(b"")
    (root / "codec").mkdir(exist_ok=True)
    (root / "codec" / "libavcodec_plugin.so").write_bytes(b"")
    return root


def test_a_libvlc_without_video_output_modules_is_refused_with_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Debian's vlc-plugin-base alone: libvlc starts, then plays black. The probe says so."""
    from ui.player import vlc_outputs

    base_only = _plugins(tmp_path / "base", ["vdummy", "vmem", "fb", "yuv"])
    problem = vlc_outputs.video_output_problem([base_only], "linux")
    assert problem is not None
    assert "no video output for X11" in problem
    assert problem.endswith("install vlc-plugin-video-output (apt install vlc-plugin-video-output)")
    # the X11 window provider alone is not enough, nor a display without it
    assert vlc_outputs.video_output_problem(
        [_plugins(tmp_path / "w", ["xcb_window"])], "linux") is not None
    assert vlc_outputs.video_output_problem(
        [_plugins(tmp_path / "d", ["xcb_x11"])], "linux") is not None
    assert vlc_outputs.video_output_problem(
        [_plugins(tmp_path / "ok", ["xcb_window", "xcb_x11"])], "linux") is None
    assert vlc_outputs.video_output_problem(
        [_plugins(tmp_path / "win", ["direct3d11"])], "win32") is None

    monkeypatch.setattr(vlc_outputs, "plugin_dirs", lambda _vlc: [base_only])
    probe = probe_vlc()
    assert not probe.ok
    assert probe.reason.startswith(f"libvlc {LIBVLC_VERSION} has no video output for X11")
    name, reason = choose_backend("auto", probe=probe)
    assert name == "qt" and reason.endswith("; using Qt Multimedia instead")


def test_the_plugin_folder_of_the_loaded_libvlc_is_found() -> None:
    from ui.player.vlc_outputs import module_names, plugin_dirs

    names = module_names(plugin_dirs(vlc))
    assert {"xcb_window", "xcb_x11"} <= names  # scripts/system-deps.sh installs them

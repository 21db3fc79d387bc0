from __future__ import annotations

import json
import subprocess
import sys

from app import __version__


def cli(*args: str, env_home) -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, "REELROOM_HOME": str(env_home)}
    return subprocess.run([sys.executable, "-m", "app.cli.main", *args], capture_output=True,
                          text=True, env=env, timeout=180)


def test_version(reelroom_home):
    out = cli("--version", env_home=reelroom_home)
    assert out.returncode == 0 and out.stdout.strip() == f"reelroom {__version__}"


def test_doctor_reports_each_component_truthfully(reelroom_home):
    out = cli("--json", "doctor", env_home=reelroom_home)
    checks = {c["name"]: c for c in json.loads(out.stdout)}
    for name in ("Python", "Qt", "ffmpeg", "libvlc", "keyring", "data folder", "cache folder",
                 "library"):
        assert name in checks, name
    assert checks["Python"]["ok"]
    assert checks["data folder"]["detail"].startswith(str(reelroom_home))
    assert checks["key openai"]["detail"] == "no key set"
    # ffmpeg is the imageio-ffmpeg binary; its line names the real version
    assert "ffmpeg version" in checks["ffmpeg"]["detail"]


def test_doctor_says_when_libvlc_is_missing(reelroom_home, monkeypatch):
    monkeypatch.setenv("PYTHON_VLC_LIB_PATH", "/nowhere/libvlc.so.5")
    out = cli("doctor", env_home=reelroom_home)
    line = next(line for line in out.stdout.splitlines() if "libvlc" in line)
    assert line.startswith("MISSING") and "Qt Multimedia (fallback)" in line
    assert "/nowhere/libvlc.so.5" in line


def test_project_and_shot_commands(reelroom_home):
    assert cli("project", "new", "Film", env_home=reelroom_home).returncode == 0
    for t in "ABC":
        cli("shot", "add", "Film", "--title", t, env_home=reelroom_home)
    out = cli("shot", "move", "Film", "1", "3", env_home=reelroom_home)
    assert [line.split()[1] for line in out.stdout.splitlines()] == ["B", "C", "A"]
    out = cli("--json", "shot", "list", "Film", env_home=reelroom_home)
    assert [s["title"] for s in json.loads(out.stdout)] == ["B", "C", "A"]
    bad = cli("shot", "delete", "Film", "9", env_home=reelroom_home)
    assert bad.returncode == 1 and "between 1 and 3" in bad.stderr


def test_corrupt_library_gives_a_clear_cli_error(reelroom_home):
    lib = reelroom_home / "data" / "library.db"
    lib.parent.mkdir(parents=True)
    lib.write_bytes(b"garbage" * 1000)
    out = cli("project", "list", env_home=reelroom_home)
    assert out.returncode == 2
    assert "damaged" in out.stderr and "A copy of it was kept at" in out.stderr
    assert lib.read_bytes() == b"garbage" * 1000

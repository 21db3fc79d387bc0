"""The installers' sources agree with each other: one version (pyproject) reaches every
installer, the .deb depends on what scripts/system-deps.sh installs, every workflow job
installs what it built and runs the same smoke test, and the desktop integration files name
the same program, MIME type and icon. (The installers themselves are built and used in
.ci/run: packaging/deb-smoke.sh.)"""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
WORKFLOW = ROOT / ".github" / "workflows" / "installers.yml"


def pyproject_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def test_every_job_installs_what_it_built_and_runs_the_smoke_test():
    jobs = workflow()["jobs"]
    assert {"linux-deb", "windows-installer", "macos-dmg"} <= set(jobs)
    systems = {job["runs-on"].split("-")[0] for job in jobs.values()}
    assert systems == {"ubuntu", "windows", "macos"}
    for name, job in jobs.items():
        script = runs(job)
        assert re.search(r"bash packaging/(deb-)?smoke\.sh", script), name
        if "deb-smoke.sh" not in script:
            silent = [s for s in job["steps"] if s.get("name") == "Silent install"]
            assert silent, f"{name} has no silent install"
            smoke = [s for s in job["steps"] if "packaging/smoke.sh" in s.get("run", "")]
            # the smoke test runs the installed programs and checks the menu entry
            assert {"REELROOM_GUI", "REELROOM_CLI", "MENU_ENTRY"} <= set(smoke[0]["env"]), name
    deb_smoke = (PACKAGING / "deb-smoke.sh").read_text()
    assert 'bash "$HERE/smoke.sh"' in deb_smoke and "dpkg -r reelroom" in deb_smoke


def test_signing_and_notarising_run_only_with_their_secrets():
    job = workflow()["jobs"]["macos-dmg"]
    for step in job["steps"]:
        if "sign.sh" in step.get("run", ""):
            assert "MACOS_CERT_P12 != ''" in step["if"], step["name"]
    assert all(v.startswith("${{ secrets.") for v in job["env"].values())


def test_the_version_is_written_once_and_reaches_every_installer():
    version = pyproject_version()
    sys.path.insert(0, str(PACKAGING / "pyinstaller"))
    try:
        from app_version import read_version
    finally:
        sys.path.pop(0)
    assert read_version(ROOT) == version
    from app import __version__

    assert __version__ == version  # the installed metadata, as --version and About show it
    iss = (PACKAGING / "windows" / "reelroom.iss").read_text()
    assert "#ifndef AppVersion" in iss and "AppVersion={#AppVersion}" in iss
    assert version not in iss
    assert '"/DAppVersion=$version"' in runs(workflow()["jobs"]["windows-installer"])
    assert "Version: @VERSION@" in (PACKAGING / "linux" / "control.in").read_text()
    spec = (PACKAGING / "pyinstaller" / "reelroom.spec").read_text()
    assert '"CFBundleShortVersionString": read_version(ROOT)' in spec
    assert 'copy_metadata("reelroom")' in spec  # the frozen app's importlib.metadata answer


def system_deps() -> set[str]:
    text = (ROOT / "scripts" / "system-deps.sh").read_text()
    command = text[text.index("apt-get install"):].replace("\\\n", " ")
    return {w for w in command.split() if re.fullmatch(r"[a-z0-9][a-z0-9.+-]+", w)} - {
        "apt-get", "install"}


def test_the_deb_depends_on_what_system_deps_installs():
    done = subprocess.run(["bash", str(PACKAGING / "build.sh"), "depends"], capture_output=True,
                          text=True, cwd=ROOT, timeout=60, check=True)
    depends = set(done.stdout.strip().split(", "))
    assert depends == system_deps() - {"xvfb", "xauth", "curl"}
    assert {"libvlc5", "vlc-plugin-base", "vlc-plugin-video-output", "libpulse0",
            "libxcb-cursor0", "libxkbcommon-x11-0", "libegl1"} <= depends


def test_the_desktop_entry_opens_bundles_with_the_icon_and_mime_type():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(PACKAGING / "linux" / "reelroom.desktop")
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"] == "reelroom %f" and desktop["Icon"] == "reelroom"
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = ET.parse(PACKAGING / "linux" / "reelroom-mime.xml").getroot().find("m:mime-type", ns)
    assert desktop["MimeType"] == mime.get("type") + ";"
    assert mime.find("m:glob", ns).get("pattern") == "*.reelroom"
    build = (PACKAGING / "build.sh").read_text()
    assert "icons/hicolor/scalable/apps/" in build and "apps/reelroom.png" in build
    if shutil.which("desktop-file-validate"):
        subprocess.run(["desktop-file-validate", str(PACKAGING / "linux" / "reelroom.desktop")],
                       check=True, timeout=30)


def test_the_icon_renders_at_every_size(tmp_path):
    done = subprocess.run([sys.executable, str(PACKAGING / "render_icons.py"), str(tmp_path),
                           "16", "48", "256"], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    from PySide6.QtGui import QImage

    for size in (16, 48, 256):
        image = QImage(str(tmp_path / f"{size}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.pixelColor(size // 2, size // 2).alpha() == 255  # drawn, not empty
        assert image.pixelColor(0, 0).alpha() == 0  # the rounded corner is transparent


def test_the_frozen_launcher_answers_like_an_interpreter():
    launcher = PACKAGING / "pyinstaller" / "launcher.py"
    done = subprocess.run([sys.executable, str(launcher), "-c", "import sys; print(sys.argv)",
                           "a", "b"], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.stdout.strip() == "['-c', 'a', 'b']"
    done = subprocess.run([sys.executable, str(launcher), "-m", "app.cli.main", "--version"],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert done.stdout.strip() == f"reelroom {pyproject_version()}"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux branch of the hook")
def test_the_vlc_hook_points_at_the_systems_libvlc_and_leaves_a_users_choice():
    hook = PACKAGING / "pyinstaller" / "rthook_vlc.py"
    show = (f"import os, runpy; runpy.run_path({str(hook)!r}); "
            "print(os.environ.get('PYTHON_VLC_LIB_PATH')); "
            "print(os.environ.get('VLC_PLUGIN_PATH'))")
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHON_VLC_LIB_PATH", "VLC_PLUGIN_PATH", "PYTHON_VLC_MODULE_PATH")}
    lib, plugins = subprocess.run([sys.executable, "-c", show], capture_output=True, text=True,
                                  env=env, timeout=30).stdout.split()
    if lib == "None":
        pytest.skip("no system libvlc here")
    assert lib.endswith("libvlc.so.5") and Path(lib).exists()
    assert Path(plugins).is_dir() and plugins.endswith("vlc/plugins")
    mine = subprocess.run([sys.executable, "-c", show], capture_output=True, text=True,
                          env={**env, "VLC_PLUGIN_PATH": "/my/plugins"}, timeout=30)
    assert mine.stdout.split()[1] == "/my/plugins"

"""The doctor report: is everything Reelroom needs present, and if not, how to fix it.

Qt and libvlc are probed in a child Python process: the core never imports them, and a broken
libvlc cannot take the caller down with it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from app import __version__
from app.paths import Paths, resolve_paths
from app.secrets import SecretStore, key_advice
from app.settings import PROVIDER_NAMES


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""

    def line(self) -> str:
        mark = "OK     " if self.ok else "MISSING"
        fix = f"\n         fix: {self.fix}" if (self.fix and not self.ok) else ""
        return f"{mark} {self.name:<16} {self.detail}{fix}"


# Run in a child interpreter (the core itself never imports Qt or vlc).
_QT_PROBE = "; ".join([
    "import PySide6",
    "from PySide6 import QtCore, QtWidgets, QtMultimedia",
    "print(PySide6.__version__, QtCore.qVersion())",
])

# The GUI's own libvlc probe (instance + video output modules), run as a module in a child
# interpreter: one probe for the app, Diagnostics and doctor, and the core never imports vlc.
_VLC_PROBE_MODULE = "ui.player.probe"
_REPO_ROOT = Path(__file__).resolve().parents[1]


def _child(code: str, env: dict[str, str] | None = None, timeout: float = 60,
           module: str | None = None) -> tuple[int, str]:
    argv = [sys.executable, "-m", module] if module else [sys.executable, "-c", code]
    try:
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return 1, "timed out"
    out = (proc.stdout.strip() or proc.stderr.strip().splitlines()[-1:] or [""])
    return proc.returncode, out if isinstance(out, str) else out[0]


def check_python() -> Check:
    v = sys.version_info
    ok = v >= (3, 11)
    return Check("Python", ok, f"{sys.version.split()[0]} at {sys.executable}",
                 "install Python 3.11 or newer")


def check_qt() -> Check:
    code, out = _child(_QT_PROBE)
    if code == 0:
        pyside, qt = (out.split() + ["?", "?"])[:2]
        return Check("Qt", True, f"PySide6 {pyside} (Qt {qt}) with QtMultimedia")
    return Check("Qt", False, f"PySide6 does not load: {out}",
                 "pip install PySide6; on Linux also: apt-get install libegl1 libgl1 "
                 "libxkbcommon-x11-0 libxcb-cursor0 libfontconfig1 libdbus-1-3")


def check_ffmpeg() -> Check:
    try:
        import imageio_ffmpeg

        exe = imageio_ffmpeg.get_ffmpeg_exe()
        out = subprocess.run([exe, "-hide_banner", "-version"], capture_output=True, text=True,
                             timeout=30).stdout.splitlines()
        return Check("ffmpeg", True, f"{out[0] if out else 'ffmpeg'} ({exe})")
    except Exception as exc:
        return Check("ffmpeg", False, f"not usable: {exc}", "pip install imageio-ffmpeg")


def probe_libvlc(env: dict[str, str] | None = None) -> dict[str, object]:
    """{"ok": bool, "reason": str, "version": str | None}; honours PYTHON_VLC_LIB_PATH and
    VLC_PLUGIN_PATH. `reason` is the player's own words ("libvlc 3.0.x, video output OK")."""
    child_env = dict(os.environ if env is None else env)
    paths = [str(_REPO_ROOT), child_env.get("PYTHONPATH", "")]
    child_env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
    code, out = _child("", env=child_env, module=_VLC_PROBE_MODULE)
    try:
        result = json.loads(out.splitlines()[-1] if out else "")
        return {"ok": bool(result["ok"]), "reason": str(result["reason"]),
                "version": result.get("version")}
    except (ValueError, KeyError, TypeError, IndexError):
        return {"ok": False, "reason": f"the libvlc probe crashed (exit {code}): {out}"}


def check_libvlc(player_preference: str = "auto") -> Check:
    result = probe_libvlc()
    if result["ok"]:
        backend = "Qt Multimedia (chosen in settings)" if player_preference == "qt" else "libvlc"
        return Check("libvlc", True, f"{result['reason']}; player backend: {backend}")
    return Check("libvlc", False,
                 f"{result['reason']}; player backend: Qt Multimedia (fallback)",
                 "install VLC: apt-get install libvlc5 vlc-plugin-base vlc-plugin-video-output "
                 "(Linux), or the VLC app (Windows/macOS); or set PYTHON_VLC_LIB_PATH to libvlc")


def check_keyring(secrets: SecretStore) -> Check:
    status = secrets.backend_status()
    return Check("keyring", status.usable, f"{status.name}: {status.detail}",
                 "install a Secret Service (gnome-keyring or KWallet) or use session-only keys")


def check_keys(secrets: SecretStore) -> list[Check]:
    checks = []
    usable = secrets.backend_status().usable
    for name in PROVIDER_NAMES:
        source = secrets.lookup(name).source
        where = {"missing": "no key set", "keyring": "key in the system keyring",
                 "session": "session-only key (memory)"}.get(source, f"key from {source}")
        checks.append(Check(f"key {name}", source != "missing", where,
                            key_advice(name, usable)))
    return checks


def check_folder(name: str, path: Path) -> Check:
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / ".reelroom-write-test"
        probe.write_text("ok")
        probe.unlink()
        return Check(name, True, str(path))
    except OSError as exc:
        return Check(name, False, f"{path} is not writable ({exc})",
                     "set REELROOM_HOME to a writable folder")


def check_library(paths: Paths) -> Check:
    from app.storage.database import Database
    from app.storage.errors import LibraryError

    try:
        db = Database(paths.library_db)
        version = db.schema_version
        db.close()
        return Check("library", True, f"{paths.library_db} (schema {version})")
    except LibraryError as exc:
        return Check("library", False, exc.user_message(),
                     "restore the copy kept aside, or start a new library from the app")


def run_doctor(secrets: SecretStore | None = None, player_preference: str = "auto",
               paths: Paths | None = None) -> list[Check]:
    secrets = secrets or SecretStore()
    paths = paths or resolve_paths()
    return [
        Check("Reelroom", True, __version__),
        check_python(),
        check_qt(),
        check_ffmpeg(),
        check_libvlc(player_preference),
        check_keyring(secrets),
        *check_keys(secrets),
        check_folder("data folder", paths.data),
        check_folder("config folder", paths.config),
        check_folder("cache folder", paths.cache),
        check_folder("logs folder", paths.logs),
        check_library(paths),
    ]


def report_text(checks: list[Check]) -> str:
    return "\n".join(c.line() for c in checks)


def report_json(checks: list[Check]) -> str:
    return json.dumps([asdict(c) for c in checks], indent=2)

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
from app.secrets import SecretStore
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

_VLC_PROBE = "\n".join([
    "import json",
    "try:",
    "    import vlc",
    "    inst = vlc.Instance('--quiet', '--no-video-title-show')",
    "    if inst is None:",
    "        print(json.dumps({'ok': False, 'reason': 'libvlc loaded but could not start "
    "(vlc.Instance() returned None): its plugins are missing; install vlc-plugin-base or "
    "set VLC_PLUGIN_PATH'}))",
    "    else:",
    "        print(json.dumps({'ok': True, 'version': vlc.libvlc_get_version().decode()}))",
    "except (ImportError, OSError, NameError, AttributeError, SystemExit) as exc:",
    "    print(json.dumps({'ok': False, 'reason': "
    "f'libvlc could not be loaded ({type(exc).__name__}: {exc})'}))",
])


def _child(code: str, env: dict[str, str] | None = None, timeout: float = 60) -> tuple[int, str]:
    try:
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              timeout=timeout, env=env)
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
    """{"ok": bool, "version"|"reason": str}; honours PYTHON_VLC_LIB_PATH / VLC_PLUGIN_PATH."""
    code, out = _child(_VLC_PROBE, env=env)
    try:
        return json.loads(out)
    except ValueError:
        return {"ok": False, "reason": f"the libvlc probe crashed (exit {code}): {out}"}


def check_libvlc(player_preference: str = "auto") -> Check:
    result = probe_libvlc()
    hint = os.environ.get("PYTHON_VLC_LIB_PATH")
    where = f" (PYTHON_VLC_LIB_PATH={hint})" if hint else ""
    if result.get("ok"):
        backend = "QtMultimedia (chosen in settings)" if player_preference == "qt" else "libvlc"
        return Check("libvlc", True, f"libvlc {result['version']}; player backend: {backend}")
    return Check("libvlc", False,
                 f"{result.get('reason')}{where}; player backend: QtMultimedia (fallback)",
                 "install VLC: apt-get install libvlc5 vlc-plugin-base (Linux), or the VLC app "
                 "(Windows/macOS); or set PYTHON_VLC_LIB_PATH to libvlc")


def check_keyring(secrets: SecretStore) -> Check:
    status = secrets.backend_status()
    return Check("keyring", status.usable, f"{status.name}: {status.detail}",
                 "install a Secret Service (gnome-keyring or KWallet) or use session-only keys")


def check_keys(secrets: SecretStore) -> list[Check]:
    checks = []
    for name in PROVIDER_NAMES:
        source = secrets.lookup(name).source
        where = {"missing": "no key set", "keyring": "key in the system keyring",
                 "session": "session-only key (memory)"}.get(source, f"key from {source}")
        checks.append(Check(f"key {name}", source != "missing", where,
                            f"reelroom-cli keys set {name}"))
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

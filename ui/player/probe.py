"""Can libvlc play here?  Answered by creating an instance, not merely importing python-vlc,
and by checking that it has a video output module to draw with (see vlc_outputs).

Qt-free so that the CLI doctor can run it in a bare child interpreter
(``python -m ui.player.probe`` prints one JSON line).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

BackendName = Literal["vlc", "qt"]
Preference = Literal["auto", "vlc", "qt"]

_SUBPROCESS_TIMEOUT_S = 30.0
_REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True, slots=True)
class VlcProbe:
    ok: bool
    reason: str
    version: str | None = None


def install_hint() -> str:
    if sys.platform.startswith("win"):
        return "install VLC (64-bit) from videolan.org"
    if sys.platform == "darwin":
        return "install VLC.app from videolan.org into /Applications"
    return "install VLC (apt install libvlc5 vlc-plugin-base vlc-plugin-video-output)"


def _where() -> str:
    """Describe where python-vlc looked, naming the env var when the user steered it."""
    lib = os.environ.get("PYTHON_VLC_LIB_PATH")
    if lib:
        return f" at {lib} (PYTHON_VLC_LIB_PATH)"
    return ""


def probe_vlc() -> VlcProbe:
    """Probe in this process.

    python-vlc locates libvlc at import time and calls ``sys.exit(1)`` when
    PYTHON_VLC_LIB_PATH names a file it cannot load, so SystemExit is caught too.  A failed
    import leaves no ``vlc`` module behind, but prefer :func:`probe_vlc_subprocess` when the
    environment is suspect and this process must carry on.
    """
    lib = os.environ.get("PYTHON_VLC_LIB_PATH")
    if lib and not Path(lib).exists():
        # Checked before importing: python-vlc would log an error and try to exit the process.
        return VlcProbe(False, f"libvlc not found{_where()}: {install_hint()}")
    try:
        import vlc  # noqa: PLC0415 - imported here because importing is itself the probe
    except ImportError as exc:
        if exc.name == "vlc":
            return VlcProbe(False, "python-vlc is not installed: pip install python-vlc")
        return VlcProbe(False, f"libvlc could not be loaded{_where()} ({exc}): {install_hint()}")
    except (OSError, NameError, AttributeError, NotImplementedError, SystemExit) as exc:
        detail = f" ({exc})" if str(exc) and not isinstance(exc, SystemExit) else ""
        if lib:
            # The file exists (checked above) but is not a loadable libvlc.
            return VlcProbe(
                False,
                f"libvlc at {lib} (PYTHON_VLC_LIB_PATH) could not be loaded{detail}: "
                f"{install_hint()}",
            )
        return VlcProbe(False, f"libvlc not found{detail}: {install_hint()}")

    try:
        raw_version = vlc.libvlc_get_version()
        version = (raw_version.decode() if isinstance(raw_version, bytes) else str(raw_version))
        version = version.split()[0] if version.split() else version
    except (AttributeError, OSError, UnicodeDecodeError):
        version = None

    try:
        instance = vlc.Instance(["--quiet", "--intf=dummy"])
    except (OSError, NameError, AttributeError, TypeError) as exc:
        instance, failure = None, str(exc)
    else:
        failure = ""
    if instance is None:
        plugins = os.environ.get("VLC_PLUGIN_PATH")
        where = f" (VLC_PLUGIN_PATH={plugins})" if plugins else ""
        found = f"libvlc {version}" if version else "libvlc"
        extra = f": {failure}" if failure else ""
        return VlcProbe(
            False,
            f"{found} is present but could not start{extra}; its plugins are probably "
            f"missing{where}: {install_hint()}",
            version,
        )
    try:
        instance.release()
    except (AttributeError, OSError):
        pass
    from ui.player.vlc_outputs import plugin_dirs, video_output_problem  # noqa: PLC0415

    found = f"libvlc {version or '(unknown version)'}"
    problem = video_output_problem(plugin_dirs(vlc))
    if problem is not None:
        return VlcProbe(False, f"{found} has {problem}", version)
    return VlcProbe(True, f"{found}, video output OK", version)


def probe_vlc_subprocess(
    env: dict[str, str] | None = None, timeout: float = _SUBPROCESS_TIMEOUT_S
) -> VlcProbe:
    """Run :func:`probe_vlc` in a fresh interpreter so a broken libvlc cannot poison this one.

    ``env`` replaces the child's environment (pass ``{**os.environ, ...}`` to tweak it); the
    repository root is put on PYTHONPATH so this works from a source checkout too.
    """
    child_env = dict(os.environ if env is None else env)
    paths = [str(_REPO_ROOT), child_env.get("PYTHONPATH", "")]
    child_env["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "ui.player.probe"],
            env=child_env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return VlcProbe(False, f"probing libvlc took longer than {timeout:.0f} s; giving up")
    except OSError as exc:
        return VlcProbe(False, f"could not start a Python child to probe libvlc: {exc}")
    for line in reversed(done.stdout.splitlines()):
        try:
            data = json.loads(line)
            return VlcProbe(bool(data["ok"]), str(data["reason"]), data.get("version"))
        except (ValueError, KeyError, TypeError):
            continue
    tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
    return VlcProbe(False, f"the libvlc probe crashed (exit {done.returncode}: {tail})")


def choose_backend(
    preference: Preference | str = "auto", probe: VlcProbe | None = None
) -> tuple[BackendName, str]:
    """Pick the playback backend and say why, in words fit for the About box.

    ``probe`` lets a caller reuse a result (e.g. from :func:`probe_vlc_subprocess`);
    otherwise libvlc is probed in-process, which the GUI needs anyway to use it.
    """
    if preference == "qt":
        return "qt", "Qt Multimedia (chosen in settings)"
    if preference not in ("auto", "vlc"):
        return "qt", f"unknown player preference {preference!r}; using Qt Multimedia"
    result = probe if probe is not None else probe_vlc()
    if result.ok:
        return "vlc", result.reason
    if preference == "vlc":
        return "qt", f"VLC was requested but {result.reason}; using Qt Multimedia instead"
    return "qt", f"{result.reason}; using Qt Multimedia instead"


def main() -> int:
    print(json.dumps(asdict(probe_vlc())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Can libvlc draw a picture here?  A libvlc instance starts happily without a single video
output module (Debian's `vlc-plugin-base` has none), and then plays black while the clock runs.
So the probe looks for the modules that embedding into a Qt window needs on this platform.

Qt-free: the probe runs in a bare child interpreter for `reelroom-cli doctor`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path

# Per platform: groups of module names; every group needs at least one module present.
# X11 embedding (set_xwindow) needs the xcb window provider plus a display that can use it.
_NEEDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "linux": (("xcb_window",), ("xcb_x11", "xcb_xv", "gl", "gles2")),
    "win32": (("direct3d11", "direct3d9", "directdraw", "glwin32", "wingdi"),),
    "darwin": (("macosx", "caopengllayer", "samplebufferdisplay"),),
}
WINDOW_SYSTEM = {"linux": "X11", "win32": "Windows", "darwin": "macOS"}


def platform_key() -> str:
    return "linux" if sys.platform.startswith("linux") else sys.platform


def install_hint(platform: str | None = None) -> str:
    platform = platform or platform_key()
    if platform == "linux":
        return "install vlc-plugin-video-output (apt install vlc-plugin-video-output)"
    return "reinstall VLC from videolan.org (its video output plugins are missing)"


def plugin_dirs(vlc_module) -> list[Path]:
    """Where this libvlc loads modules from: VLC_PLUGIN_PATH, python-vlc's own idea, and the
    `vlc/plugins` folder next to the libvlccore this process actually loaded."""
    found: list[Path] = []
    for entry in os.environ.get("VLC_PLUGIN_PATH", "").split(os.pathsep):
        if entry:
            found.append(Path(entry))
    known = getattr(vlc_module, "plugin_path", None)
    if known:
        found.append(Path(known))
    maps = Path("/proc/self/maps")
    if maps.exists():
        for line in maps.read_text(errors="replace").splitlines():
            if "libvlccore" in line and "/" in line:
                lib = Path(line[line.index("/"):].strip())
                found.append(lib.parent / "vlc" / "plugins")
                break
    return [d for d in dict.fromkeys(found) if d.is_dir()]


def module_names(dirs: Iterable[Path]) -> set[str]:
    names: set[str] = set()
    for folder in dirs:
        for file in folder.rglob("lib*_plugin.*"):
            names.add(file.name[3:].split("_plugin.")[0])
    return names


def video_output_problem(dirs: list[Path], platform: str | None = None) -> str | None:
    """None when the modules a Qt-embedded picture needs are present, else what is missing.
    With no plugin folder to look in (an unusual install) nothing can be said: None."""
    platform = platform or platform_key()
    needs = _NEEDS.get(platform)
    if not needs or not dirs:
        return None
    present = module_names(dirs)
    missing = [group for group in needs if not present.intersection(group)]
    if not missing:
        return None
    wanted = " or ".join("/".join(group) for group in missing)
    where = ", ".join(str(d) for d in dirs)
    return (f"no video output for {WINDOW_SYSTEM.get(platform, platform)} "
            f"(no {wanted} module in {where}): {install_hint(platform)}")

"""PyInstaller runtime hook: tell python-vlc where libvlc and its plugins are, before it loads.

Windows and macOS builds carry libvlc and its plugins in the bundle's `vlc/` folder. Linux
builds use the system's libvlc (the .deb depends on libvlc5, vlc-plugin-base and
vlc-plugin-video-output): found by its multiarch path rather than by ctypes' search, which
in a frozen app can land on nothing or on a copy that does not match the system's plugins.
A user's own PYTHON_VLC_LIB_PATH / VLC_PLUGIN_PATH always win."""

import os
import sys


def _bundled(base):
    folder = os.path.join(base, "vlc")
    if sys.platform.startswith("win"):
        lib = os.path.join(folder, "libvlc.dll")
    else:
        lib = os.path.join(folder, "lib", "libvlc.dylib")
    return lib, os.path.join(folder, "plugins")


def _system_linux():
    # os only: this runs before every start, and platform/glob cost milliseconds to import
    arch = f"/usr/lib/{os.uname().machine}-linux-gnu"
    multiarch = sorted(f"/usr/lib/{d}" for d in os.listdir("/usr/lib") if d.endswith("-linux-gnu")
                       or d.endswith("-linux-gnueabihf"))
    for libdir in (arch, *multiarch, "/usr/lib64", "/usr/lib"):
        lib = os.path.join(libdir, "libvlc.so.5")
        if os.path.exists(lib):
            return lib, os.path.join(libdir, "vlc", "plugins")
    return None, None


def _point_at_vlc():
    if sys.platform.startswith("linux"):
        lib, plugins = _system_linux()
    else:
        lib, plugins = _bundled(getattr(sys, "_MEIPASS", os.path.dirname(sys.executable)))
    if not lib or not os.path.exists(lib):
        return  # no libvlc: the player falls back to Qt Multimedia and doctor says why
    os.environ.setdefault("PYTHON_VLC_LIB_PATH", lib)
    os.environ.setdefault("PYTHON_VLC_MODULE_PATH", os.path.dirname(lib))
    if os.path.isdir(plugins):
        os.environ.setdefault("VLC_PLUGIN_PATH", plugins)
    if sys.platform.startswith("win"):
        os.add_dll_directory(os.path.dirname(lib))  # libvlc.dll finds libvlccore.dll


_point_at_vlc()

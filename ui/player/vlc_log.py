"""libvlc's own messages go to Reelroom's log file, warnings and errors only, never stderr.

libvlc prints to stderr unless a log callback is set, and ALSA (under libvlc's audio output)
prints its own complaints straight to stderr too: on a machine without sound that was 12,000
lines an hour. Both are routed into the `reelroom.vlc` logger here.

The callbacks run on libvlc's and ALSA's threads; Python's logging is thread-safe, and nothing
here touches Qt.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import sys

log = logging.getLogger("reelroom.vlc")

# libvlc_log_level: DEBUG=0, NOTICE=2, WARNING=3, ERROR=4
_WARNING = 3
_BUFFER = 1024

_keep: list[object] = []  # ctypes callbacks must outlive every call libvlc makes to them


def _vsnprintf():
    if sys.platform.startswith("win"):
        fn = ctypes.cdll.msvcrt._vsnprintf
    else:
        fn = ctypes.CDLL(None).vsnprintf
    fn.restype = ctypes.c_int
    fn.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_void_p]
    return fn


def route_libvlc_log(vlc_module, instance) -> bool:
    """Send `instance`'s messages at warning level and above to the log file. False when this
    python-vlc or platform cannot (libvlc then keeps printing as before)."""
    try:
        format_into = _vsnprintf()
    except (AttributeError, OSError):
        return False

    @vlc_module.CallbackDecorators.LogCb
    def on_message(_data, level, _ctx, fmt, args):
        if level < _WARNING:
            return  # debug chatter is dropped before any formatting
        buf = ctypes.create_string_buffer(_BUFFER)
        format_into(buf, _BUFFER, fmt, args)
        text = buf.value.decode("utf-8", "replace")
        log.log(logging.ERROR if level > _WARNING else logging.WARNING, "%s", text)

    try:
        instance.log_set(on_message, None)
    except (AttributeError, OSError, ctypes.ArgumentError):
        return False
    _keep.append(on_message)
    route_alsa_errors()
    return True


_ALSA_HANDLER = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                                 ctypes.c_int, ctypes.c_char_p)


def route_alsa_errors() -> bool:
    """ALSA's error handler is process-wide and variadic; the fixed leading arguments (file,
    line, function, errno, format) are enough to say what went wrong, once per distinct place."""
    if not sys.platform.startswith("linux") or _keep_alsa:
        return bool(_keep_alsa)
    name = ctypes.util.find_library("asound")
    if name is None:
        return False
    try:
        alsa = ctypes.CDLL(name)
        setter = alsa.snd_lib_error_set_handler
    except (OSError, AttributeError):
        return False
    seen: set[tuple[bytes, int]] = set()

    def on_error(file, line, function, _err, fmt):
        key = (file or b"", line)
        if key in seen:
            return
        seen.add(key)
        log.warning("ALSA %s:%d (%s): %s (further reports from here are not logged)",
                    (file or b"?").decode(errors="replace"), line,
                    (function or b"?").decode(errors="replace"),
                    (fmt or b"").decode(errors="replace"))

    handler = _ALSA_HANDLER(on_error)
    setter.argtypes = [_ALSA_HANDLER]
    setter(handler)
    _keep_alsa.append(handler)
    return True


_keep_alsa: list[object] = []

"""Time labels for the transport bar, in plain Python."""

from __future__ import annotations

DEFAULT_FPS = 30.0


def frame_ms(fps: float | None) -> float:
    """Length of one frame in ms; unknown or absurd rates fall back to 30 fps."""
    if not fps or fps <= 0 or fps > 1000:
        fps = DEFAULT_FPS
    return 1000.0 / fps


def format_timecode(ms: int, fps: float | None = DEFAULT_FPS) -> str:
    """``mm:ss.ff`` where ``ff`` is the frame within the second (editors count frames)."""
    ms = max(0, int(ms))
    rate = 1000.0 / frame_ms(fps)
    minutes, rest = divmod(ms, 60_000)
    seconds, millis = divmod(rest, 1000)
    frame = min(int(millis * rate / 1000.0 + 1e-6), int(round(rate)) - 1)
    return f"{minutes:02d}:{seconds:02d}.{frame:02d}"

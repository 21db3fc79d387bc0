"""Building blocks for ffmpeg filtergraphs: quoting values safely and placing overlays."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

Position = Literal["top-left", "top-right", "bottom-left", "bottom-right", "center"]
POSITIONS: tuple[str, ...] = ("top-left", "top-right", "bottom-left", "bottom-right", "center")

_COLOUR = re.compile(r"^(?:[A-Za-z]{3,30}|(?:#|0x)[0-9A-Fa-f]{6}(?:[0-9A-Fa-f]{2})?)$")


def escape_value(value: str) -> str:
    """Escape a filter option value for use inside a filtergraph string.

    ffmpeg unescapes twice: once when splitting the graph (`,;[]` and quotes are special) and
    once when splitting a filter's `key=value:...` options (`:` and quotes are special), so
    the value is escaped for the inner level first, then the whole for the outer level.
    """
    inner = value.replace("\\", "\\\\").replace("'", "\\'").replace(":", "\\:")
    return re.sub(r"([\\'\[\],;])", r"\\\1", inner)


def escape_path(path: Path | str) -> str:
    """A file path as a filter option value; forward slashes work on every platform."""
    return escape_value(Path(path).as_posix())


def check_colour(colour: str, name: str = "colour") -> str:
    if not _COLOUR.match(colour):
        raise ValueError(
            f"{name} must be a colour name like 'white' or a hex code like '#ff8800' "
            f"(got {colour!r})"
        )
    return colour


def check_position(position: str) -> str:
    if position not in POSITIONS:
        raise ValueError(f"position must be one of {', '.join(POSITIONS)} (got {position!r})")
    return position


def place(
    position: str, margin: int, *, outer: tuple[str, str], inner: tuple[str, str]
) -> tuple[str, str]:
    """x/y expressions putting an item of size `inner` into a corner of `outer`.

    overlay names the sizes (W, H) and (w, h); drawtext names them (w, h) and (text_w, text_h).
    """
    check_position(position)
    ow, oh = outer
    iw, ih = inner
    if position == "center":
        return f"({ow}-{iw})/2", f"({oh}-{ih})/2"
    vert, horiz = position.split("-")
    x = str(margin) if horiz == "left" else f"{ow}-{iw}-{margin}"
    y = str(margin) if vert == "top" else f"{oh}-{ih}-{margin}"
    return x, y

"""JSON for the files read before the first paint (the theme's colours, the saved theme
setting), without importing the `json` package then.

Importing `json` compiles its regular expressions and builds its encoder: ~6M instructions,
a tenth of everything the studio's first frame costs beyond a bare window (callgrind), and the
bare window never imports it. The parsing itself is done by the C scanner `json` uses
(`_json.make_scanner`, given the same settings `json.loads` gives it). Anything that scanner
does not read cleanly to the end is handed to `json.loads`, so every result and every error
is exactly the json package's."""

from __future__ import annotations

_scan = None
_WHITESPACE = " \t\n\r"  # JSON's whitespace (json.decoder.WHITESPACE)


class _Settings:
    """What `json.JSONDecoder()` hands `_json.make_scanner`: the defaults of `json.loads`."""

    strict = True
    object_hook = None
    object_pairs_hook = None
    parse_float = float
    parse_int = int
    parse_constant = {"-Infinity": float("-inf"), "Infinity": float("inf"),
                      "NaN": float("nan")}.__getitem__


def loads(data: str | bytes):
    """`json.loads(data)`'s value (and its exceptions, for data that is not JSON)."""
    global _scan
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        if _scan is None:
            from _json import make_scanner

            _scan = make_scanner(_Settings())
        start = len(text) - len(text.lstrip(_WHITESPACE))
        value, end = _scan(text, start)
        if not text[end:].strip(_WHITESPACE):
            return value
    except Exception:  # noqa: BLE001 - json.loads below gives the real answer or error
        pass
    import json

    return json.loads(data)

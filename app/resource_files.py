"""Reading files shipped in the `resources` package, frozen build or not."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def read_text(*parts: str) -> str:
    return resources.files("resources").joinpath(*parts).read_text(encoding="utf-8")


def read_json(*parts: str) -> Any:
    return json.loads(read_text(*parts))


def read_bytes(*parts: str) -> bytes:
    return resources.files("resources").joinpath(*parts).read_bytes()

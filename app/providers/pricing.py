"""List prices of the services that publish them, read from `resources/prices/*.json` so a price
change is a data edit, not a code change."""

from __future__ import annotations

from functools import cache
from typing import Any

from app.resource_files import read_json


@cache
def price_table(provider: str) -> dict[str, Any]:
    return read_json("prices", f"{provider}.json")


def currency(provider: str) -> str:
    return str(price_table(provider).get("currency", "USD"))


def openai_rate(model: str, size: str) -> float | None:
    """USD per second for an OpenAI video model at a size, or None when unpublished. Dated
    snapshots ("sora-2-pro-2025-10-06") take the price of their longest matching family name."""
    table: dict[str, dict[str, float]] = price_table("openai")["per_second"]
    family = max((name for name in table if model.startswith(name)), key=len, default=None)
    if family is None:
        return None
    rate = table[family].get(size)
    return float(rate) if rate is not None else None


def shuttleai_rate(width: int, height: int) -> float | None:
    """USD per second for a ShuttleAI video: priced by the larger side of the frame."""
    table: dict[str, float] = price_table("shuttleai")["per_second_by_resolution"]
    rate = table.get(str(max(width, height)))
    return float(rate) if rate is not None else None

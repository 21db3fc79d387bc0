"""The name a person sees for a cloud service ("OpenAI Videos (Sora 2)"), for the UI, which
reaches the adapters only through app.services."""

from __future__ import annotations

from app.providers.registry import display_name

__all__ = ["display_name"]

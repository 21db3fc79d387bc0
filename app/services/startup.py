"""What the studio loads once its window is up, so the first generation does not pay for it
mid-flight (the UI calls this; it never reaches into the provider layer itself)."""

from __future__ import annotations


def warm_up() -> None:
    """Import and initialise the HTTP stack the providers share (run it in a thread)."""
    from app.providers.http import warm_up as warm_http

    warm_http()

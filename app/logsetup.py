"""Logging to a rotating file in the logs folder, every handler behind the key-redacting
filter."""

from __future__ import annotations

import logging
import logging.handlers

from app.paths import resolve_paths
from app.secrets import RedactingFilter

_configured = False


def configure_logging(level: int = logging.INFO) -> None:
    global _configured
    if _configured:
        return
    paths = resolve_paths().ensure()
    handler = logging.handlers.RotatingFileHandler(
        paths.logs / "reelroom.log", maxBytes=2_000_000, backupCount=3, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    # httpx logs full URLs at INFO; keep them out unless debugging
    logging.getLogger("httpx").setLevel(logging.WARNING)
    _configured = True

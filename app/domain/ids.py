"""Identifiers and timestamps shared by the domain models."""

from __future__ import annotations

import time
import uuid


def new_id() -> str:
    return uuid.uuid4().hex


def now() -> float:
    return time.time()

"""API keys: the OS keyring first, a session-only memory store where no keyring backend works,
and environment variables for scripts and CI. Keys never touch a file, a log or the database:
`RedactingFilter` scrubs every key this process has seen from log records."""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass

SERVICE = "reelroom"

ENV_ALIASES: dict[str, tuple[str, ...]] = {
    "openai": ("OPENAI_API_KEY",),
    "shuttleai": ("SHUTTLEAI_API_KEY",),
    "tellers": ("TELLERS_API_KEY",),
}


def env_key_names(provider: str) -> tuple[str, ...]:
    return (f"REELROOM_{provider.upper()}_API_KEY", *ENV_ALIASES.get(provider, ()))


def key_advice(provider: str, keyring_usable: bool) -> str:
    """How to give Reelroom a key for `provider` on this machine: `keys set` only works where
    a keyring does; elsewhere the environment variable or a session key in the app."""
    if keyring_usable:
        return f"run `reelroom-cli keys set {provider}`, or paste it in Settings → API keys"
    return (f"no keyring here: set {env_key_names(provider)[0]} in the environment, or paste "
            "a session-only key in Settings → API keys")


class _KnownSecrets:
    """Every key value this process has handled, for redaction."""

    def __init__(self) -> None:
        self._values: set[str] = set()
        self._lock = threading.Lock()

    def add(self, value: str | None) -> None:
        if value and len(value) >= 4:
            with self._lock:
                self._values.add(value)

    def redact(self, text: str) -> str:
        with self._lock:
            values = sorted(self._values, key=len, reverse=True)
        for v in values:
            if v in text:
                text = text.replace(v, "[REDACTED]")
        return text


KNOWN = _KnownSecrets()


class RedactingFilter(logging.Filter):
    """Attach to every handler: replaces any known key in a record with [REDACTED]."""

    def filter(self, record: logging.LogRecord) -> bool:
        msg = record.getMessage()
        clean = KNOWN.redact(msg)
        if clean != msg or record.args:
            record.msg, record.args = clean, None
        if record.exc_info and record.exc_info[1] is not None:
            # format the traceback now so the redacted text is what gets written
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = KNOWN.redact(text)
            record.exc_info = None
        return True


@dataclass(frozen=True)
class BackendStatus:
    usable: bool
    name: str
    detail: str


@dataclass(frozen=True)
class KeyLookup:
    key: str | None
    source: str  # "keyring" | "session" | "env:NAME" | "missing"


class SecretStore:
    def __init__(self) -> None:
        self._session: dict[str, str] = {}

    # -- backend --------------------------------------------------------------------------
    def backend_status(self) -> BackendStatus:
        try:
            import keyring
            from keyring.backends import chainer, fail

            kr = keyring.get_keyring()
        except Exception as exc:  # keyring itself broken: treat as no backend
            return BackendStatus(False, "none", f"the keyring library failed to load: {exc}")
        name = f"{type(kr).__module__}.{type(kr).__name__}"
        unusable = isinstance(kr, fail.Keyring) or "null" in type(kr).__module__
        if isinstance(kr, chainer.ChainerBackend) and not kr.backends:
            unusable = True
        if unusable:
            return BackendStatus(
                False,
                name,
                "No secure system keyring is available on this computer (common on headless "
                "Linux without a Secret Service). Keys can be kept for this session only, in "
                "memory, or set through REELROOM_<PROVIDER>_API_KEY environment variables.",
            )
        return BackendStatus(True, name, "keys are stored in the system keyring")

    # -- keys -----------------------------------------------------------------------------
    def lookup(self, provider: str) -> KeyLookup:
        if provider in self._session:
            return KeyLookup(self._session[provider], "session")
        if self.backend_status().usable:
            try:
                import keyring

                value = keyring.get_password(SERVICE, provider)
            except Exception:
                value = None
            if value:
                KNOWN.add(value)
                return KeyLookup(value, "keyring")
        for var in env_key_names(provider):
            value = os.environ.get(var)
            if value:
                KNOWN.add(value)
                return KeyLookup(value, f"env:{var}")
        return KeyLookup(None, "missing")

    def get(self, provider: str) -> str | None:
        return self.lookup(provider).key

    def set(self, provider: str, key: str, *, session_only: bool = False) -> str:
        """Store a key; returns where it went ("keyring" or "session")."""
        key = key.strip()
        if not key:
            raise ValueError("the key is empty")
        KNOWN.add(key)
        if session_only or not self.backend_status().usable:
            self._session[provider] = key
            return "session"
        import keyring

        keyring.set_password(SERVICE, provider, key)
        self._session.pop(provider, None)
        return "keyring"

    def delete(self, provider: str) -> None:
        self._session.pop(provider, None)
        if self.backend_status().usable:
            import keyring
            from keyring.errors import PasswordDeleteError

            try:
                keyring.delete_password(SERVICE, provider)
            except PasswordDeleteError:
                pass

from __future__ import annotations

import logging
import subprocess
import sys

from app.logsetup import configure_logging
from app.secrets import KNOWN, RedactingFilter, SecretStore

KEY = "sk-live-TESTKEY-4f9a8b7c6d5e4f3a2b1c"


def test_key_round_trips_through_the_keyring(memory_keyring):
    store = SecretStore()
    assert store.backend_status().usable
    assert store.set("openai", KEY) == "keyring"
    assert memory_keyring.store[("reelroom", "openai")] == KEY
    assert store.lookup("openai").source == "keyring"
    assert SecretStore().get("openai") == KEY  # a new store (new session) still finds it
    store.delete("openai")
    assert store.get("openai") is None


def test_without_a_keyring_the_store_says_so_and_keeps_a_session_only_key(no_keyring):
    store = SecretStore()
    status = store.backend_status()
    assert not status.usable
    assert "No secure system keyring" in status.detail
    assert store.set("shuttleai", KEY) == "session"
    assert store.lookup("shuttleai").source == "session"
    assert SecretStore().get("shuttleai") is None  # forgotten with the session


def test_environment_keys_for_scripts(monkeypatch):
    monkeypatch.setenv("TELLERS_API_KEY", "tellers-env-key-123")
    lookup = SecretStore().lookup("tellers")
    assert lookup.key == "tellers-env-key-123" and lookup.source == "env:TELLERS_API_KEY"


def test_redacting_filter_scrubs_known_keys_and_tracebacks():
    KNOWN.add(KEY)
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "sent %s to server", (KEY,), None)
    assert RedactingFilter().filter(record)
    assert KEY not in record.getMessage() and "[REDACTED]" in record.getMessage()
    try:
        raise RuntimeError(f"auth failed for {KEY}")
    except RuntimeError:
        rec = logging.LogRecord("x", logging.ERROR, __file__, 1, "oops", None, sys.exc_info())
    RedactingFilter().filter(rec)
    assert KEY not in (rec.exc_text or "")


def test_key_never_reaches_data_config_cache_or_log(reelroom_home, memory_keyring, tmp_path):
    from app.services.studio import Studio

    configure_logging()
    studio = Studio.open()
    studio.secrets.set("openai", KEY)
    project = studio.create_project("Secret test")
    studio.open_project(project.id)
    logging.getLogger("reelroom.test").warning("using key %s for openai", studio.secrets.get("openai"))
    try:
        raise ValueError(f"request failed with header Bearer {KEY}")
    except ValueError:
        logging.getLogger("reelroom.test").exception("request failed")
    studio.save_settings()
    studio.close()
    for handler in logging.getLogger().handlers:
        handler.flush()
    # the CLI in another process, with the key in its environment
    env = {"REELROOM_HOME": str(reelroom_home), "REELROOM_OPENAI_API_KEY": KEY,
           "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-m", "app.cli.main", "doctor"], env=env,
                   capture_output=True, timeout=120)
    files = [p for p in reelroom_home.rglob("*") if p.is_file()]
    assert any(p.suffix == ".log" for p in files)
    assert any(p.name == "library.db" for p in files)
    for p in files:
        assert KEY.encode() not in p.read_bytes(), f"the key leaked into {p}"

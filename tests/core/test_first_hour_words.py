"""Words a new user meets in the first hour, through the core and the CLI: key advice that
works on this machine, a garbage settings file said once with its path, validation errors in
one line."""

from __future__ import annotations

import contextlib
import io
import json

from pydantic import BaseModel, Field, ValidationError

from app.cli.main import main
from app.diagnostics import check_keys, report_text
from app.secrets import SecretStore
from app.settings import Settings, SettingsStore
from app.validation_text import one_line


def _cli(*argv: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            main(list(argv))
        except SystemExit:
            pass
    return out.getvalue()


def test_without_a_keyring_doctor_suggests_the_variable_or_a_session_key(no_keyring):
    text = report_text(check_keys(SecretStore()))
    assert "keys set" not in text
    assert "REELROOM_OPENAI_API_KEY" in text and "session-only key in Settings → API keys" in text
    assert "keys set" not in _cli("doctor")


def test_with_a_keyring_doctor_suggests_keys_set():
    text = report_text(check_keys(SecretStore()))
    assert "reelroom-cli keys set openai" in text


def test_without_a_keyring_the_cli_never_suggests_keys_set(no_keyring):
    said = _cli("cost", "openai", "--model", "sora-2", "--prompt", "a fox")
    assert "keys set" not in said


def test_a_garbage_settings_file_is_kept_aside_and_said_once_with_its_path(reelroom_home):
    config = reelroom_home / "config"
    config.mkdir(parents=True)
    (config / "settings.json").write_text("{not json at all", encoding="utf-8")
    first = _cli("project", "list")
    aside = [p for p in config.iterdir() if "unreadable" in p.name]
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8") == "{not json at all"
    notes = [ln for ln in first.splitlines() if ln.startswith("note: ")]
    assert len(notes) == 1 and str(aside[0]) in notes[0]
    assert "no projects yet" in first
    assert "note:" not in _cli("project", "list")  # once: the next run is quiet


def test_settings_that_are_a_list_or_break_the_rules_are_kept_aside(tmp_path):
    for text in ("[1, 2]", json.dumps({"version": 1, "cache_size_mb": -3})):
        path = tmp_path / "settings.json"
        path.write_text(text, encoding="utf-8")
        store = SettingsStore(path)
        assert store.load() == Settings()
        assert "\n" not in store.problem and "errors.pydantic.dev" not in store.problem
        assert not path.exists()


def test_a_newer_settings_file_stays_for_the_newer_reelroom(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 99}), encoding="utf-8")
    store = SettingsStore(path)
    store.load()
    assert path.exists() and "newer Reelroom" in store.problem


class _Shot(BaseModel):
    duration: float = Field(gt=0, le=600)
    title: str = Field(max_length=5)
    takes: list[int] = []


def test_one_translator_names_the_field_and_the_rule():
    cases = [
        ({"duration": -5, "title": "ok"}, "duration must be greater than 0 (got -5)"),
        ({"duration": 700, "title": "ok"}, "duration must be at most 600 (got 700)"),
        ({"duration": "abc", "title": "ok"}, "duration must be a number (got 'abc')"),
        ({"duration": 1, "title": "toolong"}, "title must be at most 5 character(s)"),
        ({"duration": 1, "title": "a", "takes": [1, "x"]}, "takes[1] must be a whole number"),
        ({"title": "a"}, "duration is required"),
    ]
    for fields, words in cases:
        try:
            _Shot.model_validate(fields)
        except ValidationError as exc:
            text = one_line(exc)
        else:
            raise AssertionError(f"{fields} should not validate")
        assert words in text
        assert "\n" not in text and "pydantic" not in text and "Input should" not in text

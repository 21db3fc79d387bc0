"""Every reelroom-cli subcommand, given bad arguments and bad values, answers in one line:
never a traceback, never pydantic's report or its errors.pydantic.dev link.

The subcommands are read from the real parser, so a new one is covered the day it is added."""

from __future__ import annotations

import argparse
import contextlib
import io
import subprocess
import sys

import pytest

from app.cli.main import build_parser, main

NO_SERVICE = "http://127.0.0.1:9"  # nothing listens there: no test reaches a real service


def _leaves(parser: argparse.ArgumentParser, prefix: list[str]):
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield prefix, parser
        return
    for sub in subs:
        for name, child in sub.choices.items():
            yield from _leaves(child, [*prefix, name])


def _good(action: argparse.Action) -> str:
    if action.choices:
        return str(next(iter(action.choices)))
    if action.type is int:
        return "1"
    if action.type is float:
        return "1.0"
    return {"project": "P1", "provider": "animatic"}.get(action.dest, "x")


NUMERIC_BAD = {"-5", "0", "99999", "abc", "", "nan", "inf"}


def _bad_for(action: argparse.Action, bad_values: list[str]) -> list[str]:
    """A number is tried with numbers (and a word); anything else with every bad value."""
    if action.type in (int, float):
        return [v for v in bad_values if v in NUMERIC_BAD]
    return bad_values


def _cases(parser: argparse.ArgumentParser, bad_values: list[str]) -> list[list[str]]:
    actions = [a for a in parser._actions if not isinstance(a, argparse._HelpAction)]
    positionals = [a for a in actions if not a.option_strings]
    options = [a for a in actions if a.option_strings and a.nargs != 0]
    required = [a for a in options if a.required]
    base = [_good(a) for a in positionals]

    def required_except(skip=None) -> list[str]:
        return [x for a in required if a is not skip for x in (a.option_strings[0], _good(a))]

    cases = [[], ["--no-such-option"]]
    for i, positional in enumerate(positionals):
        for bad in _bad_for(positional, bad_values):
            args = list(base)
            args[i] = bad
            cases.append(args + required_except())
    for option in options:
        for bad in _bad_for(option, bad_values):
            cases.append(base + required_except(option) + [option.option_strings[0], bad])
    return cases


def _run(argv: list[str]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            main(argv)
        except SystemExit:
            pass  # argparse's own one-line refusal
    return out.getvalue()


@pytest.fixture
def cli_home(reelroom_home, monkeypatch, no_keyring, tmp_path):
    for name in ("OPENAI", "SHUTTLEAI", "TELLERS", "VIDDYSCRIBE", "PLATFORM"):
        monkeypatch.setenv(f"REELROOM_{name}_BASE_URL", NO_SERVICE)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    monkeypatch.chdir(tmp_path)  # files the commands write with relative names land here
    from app.providers import http

    # nothing listens at NO_SERVICE: one attempt each, not five with backoff
    policy = http.RetryPolicy
    monkeypatch.setattr(http, "RetryPolicy", lambda: policy(max_attempts=1, base_delay=0))
    assert "created project" in _run(["project", "new", "P1"])
    _run(["shot", "add", "P1", "--title", "first"])
    garbage = tmp_path / "garbage.mp4"
    garbage.write_bytes(b"\x00\xffnot a video{[")
    broken_json = tmp_path / "broken.otio"
    broken_json.write_text('{"OTIO_SCHEMA": [1, ', encoding="utf-8")
    not_a_zip = tmp_path / "not-a-bundle.reelroom"
    not_a_zip.write_text("hello", encoding="utf-8")
    return [
        "-5", "0", "99999", "abc", "", "nan", "inf", "x=", "n_seconds=abc",
        str(garbage), str(broken_json), str(not_a_zip), str(tmp_path / "missing.mp4"),
        str(tmp_path),
    ]


@pytest.mark.slow
@pytest.mark.timeout(900)  # some 2,000 runs of the CLI; it grows with every subcommand added
def test_every_subcommand_answers_bad_input_in_one_line(cli_home):
    leaves = list(_leaves(build_parser(), []))
    assert len(leaves) >= 40  # the whole CLI, not a sample
    failures = []
    for prefix, parser in leaves:
        cases = _cases(parser, cli_home)
        assert len(cases) > 2 or prefix in (["doctor"], ["project", "list"], ["providers"],
                                            ["queue", "list"], ["queue", "pause"],
                                            ["queue", "resume"], ["queue", "run"],
                                            ["self-test"], ["tts", "voices"])
        for args in cases:
            argv = [*prefix, *args]
            if argv in (["queue", "run"], ["self-test"]):
                continue  # not bad input: it would run the queue / the installed app
            for json_flag in ([], ["--json"]) if args == [] else ([],):
                out = _run(json_flag + argv)
                error_lines = [ln for ln in out.splitlines() if ln.startswith("error")]
                if ("Traceback" in out or "errors.pydantic.dev" in out
                        or len(error_lines) > 1 or "validation error for" in out):
                    failures.append(f"{' '.join(json_flag + argv)!r}:\n{out[-600:]}")
    assert not failures, "\n\n".join(failures[:10])


def test_a_bad_duration_is_one_line_naming_the_field_and_the_rule(cli_home, reelroom_home):
    """Through the installed entry point, as a person types it."""
    env = {"REELROOM_HOME": str(reelroom_home), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "app.cli.main", "shot", "add", "P1",
                           "--duration", "-5"], capture_output=True, text=True, env=env,
                          timeout=60)
    assert done.returncode != 0
    assert done.stdout == ""
    assert done.stderr.strip() == "error: duration must be greater than 0 (got -5.0)"


def test_an_empty_file_argument_is_refused_before_anything_runs(cli_home):
    out = _run(["bundle", "export", "P1", ""])
    assert "a file path is required" in out
    assert "Traceback" not in out

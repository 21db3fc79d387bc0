"""Every message that sends the user somewhere ("Settings → API keys", "Shot → Templates…")
names a place that exists: the references are collected from the code's string literals
(docstrings and comments are not messages) and checked against the real Settings sections and
the real menus of the studio window."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from app.services.studio import Studio
from ui.dialogs.settings_dialog import SettingsDialog
from ui.main import create_window

ROOT = Path(__file__).resolve().parents[2]
ARROW = re.compile(r"\b(File|Edit|Shot|Generate|Play|View|Help|Settings) → ")


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant):
            ids.add(id(body[0].value))
    return ids


def message_references() -> list[tuple[str, str, str]]:
    """(file:line, place, the text after the arrow) for every reference in app/ and ui/."""
    found = []
    for folder in ("app", "ui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            skip = _docstrings(tree)
            for node in ast.walk(tree):
                if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                        and id(node) not in skip):
                    for m in ARROW.finditer(node.value):
                        where = f"{path.relative_to(ROOT)}:{node.lineno}"
                        found.append((where, m.group(1), node.value[m.end():]))
    return found


def _plain(text: str) -> str:
    return text.replace("&", "").split("\t")[0].rstrip("…").rstrip(".").strip().lower()


@pytest.fixture
def places(qtbot, reelroom_home):
    studio = Studio.open()
    window = create_window(studio)
    qtbot.addWidget(window)
    from app.services.accounts import Accounts

    # as the window opens it: with the accounts, so the Services page is there too
    settings = SettingsDialog(studio, window, accounts=Accounts(lambda _name: None))
    from PySide6.QtWidgets import QGroupBox

    names: dict[str, list[str]] = {
        "settings": [_plain(b.title().split(" (")[0]) for i in range(settings.tabs.count())
                     for b in settings.tabs.widget(i).findChildren(QGroupBox)]
        + [_plain(settings.tabs.tabText(i)) for i in range(settings.tabs.count())]}
    for key, menu in window.menus.items():
        names[key] = [_plain(a.text()) for a in menu.actions() if a.text()]
    yield names
    settings.deleteLater()
    studio.close()


def test_message_references_are_found_in_the_code():
    refs = message_references()
    settings = [r for r in refs if r[1] == "Settings"]
    assert len(settings) >= 4  # API keys and service addresses, in several messages
    assert {r[0].split(":")[0] for r in refs} >= {"app/domain/service_errors.py",
                                                   "app/providers/config.py"}


def test_message_references_name_places_that_exist(places):
    wrong = []
    for where, place, rest in message_references():
        known = places[place.lower()]
        if not any(rest.lower().startswith(name) for name in known if name):
            wrong.append(f"{where}: “{place} → {rest[:40]}” (has: {', '.join(known)})")
    assert not wrong, "\n".join(wrong)


def test_message_reference_check_catches_a_wrong_name(places):
    """The check itself can fail: today's old wording would be caught."""
    for stale in ("Keys, or", "Providers, or"):
        assert not any(stale.lower().startswith(n) for n in places["settings"])
    assert places["settings"][:2] == ["api keys", "service addresses"]


def test_message_references_to_cli_commands_name_commands_that_exist():
    """“run `reelroom-cli keys set openai`” names a real command and subcommand."""
    import argparse

    from app.cli.main import build_parser

    def subcommands(parser):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                return action.choices
        return {}

    top = subcommands(build_parser())
    cli = re.compile(r"`reelroom-cli ([a-z-]+)(?: ([a-z-]+))?")
    wrong, seen = [], 0
    for folder in ("app", "ui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for m in cli.finditer(path.read_text(encoding="utf-8")):
                command, sub = m.group(1), m.group(2)
                if command in ("doctor",) or command.startswith("-"):
                    continue
                seen += 1
                if command not in top:
                    wrong.append(f"{path.relative_to(ROOT)}: reelroom-cli {command}")
                    continue
                subs = subcommands(top[command])
                if subs and sub is not None and sub not in subs:
                    wrong.append(f"{path.relative_to(ROOT)}: reelroom-cli {command} {sub}")
    assert seen >= 3
    assert not wrong, "\n".join(wrong)

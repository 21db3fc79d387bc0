"""The themes as data, without Qt: each theme's palette, disabled palette and named roles
(resources/theme/<name>.json), the stylesheet with those roles filled in, and the theme the
user chose, read straight from the settings file.

Its own module so that ui.main reads all of it before PySide6 is even imported: once PySide6
is loaded, it checks the source of every module an import statement brings in (a file read
and split for each, see `shibokensupport.feature`), and the first frame's share of that was
json's, pkgutil's, typing's... Files are read from the package's folder: a frozen build keeps
resources/ on disk beside its modules too (the stylesheet's icon URLs rely on it already), and
pkgutil or importlib.resources would each add their imports to the start-up. The JSON files
are parsed by ui.startup_json, which gives json.loads' results without importing json."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import resources
from ui.startup_json import loads

THEMES = ("dark", "light")
DEFAULT = "dark"
FOLDER = Path(resources.__file__).parent


def resource_bytes(*parts: str) -> bytes:
    """A file shipped in resources/ (raises OSError when it is missing)."""
    return FOLDER.joinpath(*parts).read_bytes()


@cache
def load(name: str) -> dict:
    """The theme's palette, disabled palette and named roles (resources/theme/<name>.json)."""
    return loads(resource_bytes("theme", f"{name}.json"))


def icons_dir() -> str:
    """resources/icons as the stylesheet's url() wants it (forward slashes on Windows too)."""
    return (FOLDER / "icons").as_posix()


# The rules of style.qss that can style the window's first frame (the shell: the docks and
# their title bars, the empty panels, the menu bar's titles), by how their selectors begin.
SHELL_SELECTORS = ("QLabel#panelPlaceholder", "QDockWidget")


@cache
def stylesheet_for(name: str) -> str:
    return _with_roles(resource_bytes("theme", "style.qss").decode("utf-8"), name)


def _with_roles(text: str, name: str) -> str:
    """A sheet with the theme's roles (@name) filled in."""
    roles = dict(load(name)["roles"], **{"icons-dir": icons_dir()})
    for role in sorted(roles, key=len, reverse=True):  # "@icon-disabled" before "@icon"
        text = text.replace(f"@{role}", roles[role])
    return text


@cache
def first_frame_stylesheet(name: str) -> str:
    """The sheet the window's first frame paints with: the theme's rules for the shell
    (`shell_rules`), plus the dock title bars' icons and buttons held by the sheet
    (resources/theme/first-frame.qss says why). The rest of the theme's sheet styles nothing
    the first frame shows, yet Qt matches its rules against every widget it polishes (each
    universal `*[tone=…]` rule asks every widget for that property): it comes with the plain
    sheet right after the first paint (ui.theme.end_first_frame)."""
    shell = shell_rules(resource_bytes("theme", "style.qss").decode("utf-8"))
    return _with_roles(shell, name) + "\n" + resource_bytes("theme", "first-frame.qss").decode(
        "utf-8")


def shell_rules(sheet: str) -> str:
    """The rules of `sheet` (in their order) one of whose selectors begins with one of
    SHELL_SELECTORS, comments left out."""
    kept = []
    for rule in _without_comments(sheet).split("}"):
        selectors, _, body = rule.partition("{")
        if body and any(s.strip().startswith(SHELL_SELECTORS) for s in selectors.split(",")):
            kept.append(f"{selectors.strip()} {{{body}}}")
    return "\n".join(kept) + "\n"


def _without_comments(sheet: str) -> str:
    parts, start = [], 0
    while (opening := sheet.find("/*", start)) != -1:
        parts.append(sheet[start:opening])
        closing = sheet.find("*/", opening + 2)
        start = len(sheet) if closing == -1 else closing + 2
    parts.append(sheet[start:])
    return "".join(parts)


def startup_preference() -> str:
    """The saved theme setting, read without loading the settings model: the window paints
    in its theme from the first frame."""
    from app.paths import resolve_paths

    try:
        value = loads(resolve_paths().settings_file.read_text(encoding="utf-8"))["theme"]
    except (OSError, ValueError, KeyError, TypeError):
        return "system"
    return value if value in (*THEMES, "system") else "system"


def first_frame_theme(preference: str) -> str:
    """The theme the first frame paints in: "system" paints dark (the default) until
    ui.theme.apply_theme asks the OS once the window is up."""
    return preference if preference in THEMES else DEFAULT

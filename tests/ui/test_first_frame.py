"""What runs before the studio's first paint stays small: no asyncio, qasync or core services,
and no Python type for the Qt namespace or QStyle (building either is tens of ms of start-up:
ui/theme.py). Run in a fresh interpreter, since this test session has loaded all of them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys  # json only once the frame is seen: the first frame must not import it
import PySide6.QtCore as core, PySide6.QtGui as gui, PySide6.QtWidgets as widgets
from ui.main import show_first_frame
app, window = show_first_frame()
from ui.first_paint import is_painted
seen = {
    "painted": is_painted(window),
    "paint_event_types": sorted(t for t in ("QEvent", "QPaintEvent") if t in vars(core) | vars(gui)),
    "qt_namespace": "Qt" in vars(core),
    "qstyle": "QStyle" in vars(widgets),
    "actions_types": sorted(t for t in ("QAction", "QIcon", "QKeySequence") if t in vars(gui)),
    "actions": window.actions is not None,
    "modules": sorted(m for m in ("asyncio", "qasync", "app.services.studio", "sqlite3",
                                  "pkgutil", "importlib.resources", "json") if m in sys.modules),
    "sheet": bool(app.styleSheet()),
    "switch_interval": sys.getswitchinterval(),
    "placeholder_centred": int(window.timeline.alignment()) == 0x84,
}
from PySide6.QtWidgets import QLabel  # only now: the first frame builds no more types than it did
seen["texts"] = {key: [label.text() for label in dock.findChildren(QLabel) if label.text()]
                 for key, dock in window.docks.items()}
seen["panels"] = sorted(key for key, dock in window.docks.items() if dock.widget() is not None)
window.add_actions()  # what ui.main does right after the first paint
seen["menus"] = {k: [a.text() for a in m.actions() if a.text()][:2]
                 for k, m in window.menus.items()}
seen["add_shot_keys"] = [k.toString() for k in window.actions.add_shot.shortcuts()]
seen["undo_enabled_later"] = window.actions.add_shot.isEnabled()
import json
print(json.dumps(seen))
"""


def run_probe(home: Path, theme: str | None) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "REELROOM_HOME": str(home)}
    if theme is not None:
        from app.paths import resolve_paths

        settings = resolve_paths(home).settings_file
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text(json.dumps({"theme": theme}), encoding="utf-8")
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, cwd=ROOT, check=True,
                         capture_output=True, text=True, timeout=60).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_first_frame_paints_themed_without_the_heavy_types(tmp_path):
    for theme in (None, "light"):
        seen = run_probe(tmp_path / (theme or "default"), theme)
        assert seen["painted"] and seen["sheet"], seen
        assert seen["switch_interval"] == 0.001, "the GUI thread waits at most 1 ms for the GIL"
        assert not seen["qt_namespace"], "something before the first paint touched Qt.*"
        assert not seen["qstyle"], "something before the first paint touched QStyle"
        # the first paint is waited for without a Python paint handler (ui/first_paint.py)
        assert seen["paint_event_types"] == [], seen["paint_event_types"]
        assert seen["modules"] == [], seen["modules"]
        # the actions come right after the first paint (ui.main): none of their types is
        # built before it, and then every menu has its items and every action its keys
        assert seen["actions_types"] == [] and not seen["actions"], seen
        assert seen["placeholder_centred"], "the timeline's text is centred by the sheet"
        # only the timeline speaks before the studio is attached: the other panels' empty-state
        # explanations would be wrong for a returning user and flash away (each panel says it
        # once attached and really empty: test_main_window's new-user test)
        assert seen["texts"] == {"timeline": ["Opening your library…"], "inspector": [],
                                 "queue": [], "player": [], "media": []}, seen["texts"]
        # the blank docks hold no panel until the studio is attached (the pixels are the
        # blank panels' of before: the window's colour under their title bars)
        assert seen["panels"] == ["timeline"], seen["panels"]
        assert seen["menus"]["file"][:2] == ["&New Project…", "&Open Project…"], seen["menus"]
        assert seen["menus"]["edit"] and seen["menus"]["view"] and seen["menus"]["help"]
        assert seen["add_shot_keys"] == ["Ctrl+Shift+N"], seen["add_shot_keys"]
        assert not seen["undo_enabled_later"]  # until the library is open, as before


def test_a_window_made_for_tests_and_tools_has_its_actions_at_once(qtbot, qapp):
    from ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    assert window.actions is not None and window.actions.add_shot.shortcuts()
    assert [a.text() for a in window.menus["file"].actions()][:2] == ["&New Project…",
                                                                     "&Open Project…"]
    window.add_actions()  # once only: a second call adds nothing
    assert len([a for a in window.menus["file"].actions() if a.text() == "&Quit"]) == 1


def test_fontconfig_is_loaded_by_the_warm_up_thread():
    import ctypes.util

    from ui import font_warm_up

    if sys.platform in ("win32", "darwin"):
        assert font_warm_up.start() is None
        return
    if ctypes.util.find_library("fontconfig") is None:
        assert font_warm_up._load_configuration() is False
        return
    thread = font_warm_up.start()
    thread.join(30)
    assert not thread.is_alive()
    assert font_warm_up._load_configuration() is True  # FcInit: the configuration is loaded


SHEET_PROBE = """
import json, sys
from PySide6.QtWidgets import QAbstractButton
from ui.main import show_first_frame
from ui import theme
app, window = show_first_frame()

def look():
    app.processEvents()
    buttons = {d.objectName() + "/" + b.objectName(): b.geometry().getRect()
               for d in window.docks.values() for b in d.findChildren(QAbstractButton)}
    return window.grab().toImage(), buttons

first_sheet = app.styleSheet()
first, first_buttons = look()
theme.end_first_frame(app)  # what ui.main does right after the first paint
plain_sheet = app.styleSheet()
plain, plain_buttons = look()
theme.end_first_frame(app)  # once only
seen = {
    "first_sheet_holds_dock_icons": "titlebar-close-icon" in first_sheet,
    "plain_is_the_theme_sheet": plain_sheet == theme.stylesheet_for(theme.current()),
    "same_pixels": first == plain,
    "same_buttons": first_buttons == plain_buttons,
    "buttons": len(first_buttons),
    "still_plain": app.styleSheet() == plain_sheet,
}
# a window that skips ui.main (apply_theme on attach) ends the first frame's sheet too
theme.paint_first_frame(app, "light")
theme.apply_theme(app, "light")
seen["apply_theme_ends_it"] = app.styleSheet() == theme.stylesheet_for("light")
print(json.dumps(seen))
"""


def test_the_first_frames_sheet_paints_what_the_plain_sheet_paints(tmp_path):
    """The first frame's sheet holds the dock title bars' icons and places their buttons
    itself (resources/theme/first-frame.qss): the frame is pixel for pixel the plain sheet's,
    and the plain sheet is back once the frame has painted."""
    for theme in ("dark", "light"):
        home = tmp_path / theme
        settings = home / "config" / "settings.json"
        settings.parent.mkdir(parents=True)
        settings.write_text(json.dumps({"theme": theme}), encoding="utf-8")
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "REELROOM_HOME": str(home)}
        out = subprocess.run([sys.executable, "-c", SHEET_PROBE], env=env, cwd=ROOT,
                             check=True, capture_output=True, text=True, timeout=60).stdout
        seen = json.loads(out.strip().splitlines()[-1])
        assert seen["first_sheet_holds_dock_icons"] and seen["buttons"] == 10, seen
        assert seen["same_buttons"] and seen["same_pixels"], (theme, seen)
        assert seen["plain_is_the_theme_sheet"] and seen["still_plain"], seen
        assert seen["apply_theme_ends_it"], seen


# imported by the first frame after PySide6, which reads the whole source of every module an
# import statement names from then on (typing's alone ~3M instructions): their module-level
# imports stay PySide6, our own modules and __future__
AFTER_PYSIDE = ("ui/main_window.py", "ui/theme.py", "ui/dock_layout.py")


def test_the_first_frames_modules_import_no_library_after_pyside():
    import ast

    for path in AFTER_PYSIDE:
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
        for node in tree.body:  # module level only; `if TYPE_CHECKING:` blocks never run
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top in ("PySide6", "ui", "__future__", "sys"), (path, name)


def test_icon_pixmaps_are_rendered_once_and_equal_a_fresh_render(qapp):
    from ui import theme

    first = theme._pixmap("play", "#ffffff", 16, 1.0)
    assert theme._pixmap("play", "#ffffff", 16, 1.0) is first  # cached
    assert first.toImage() == theme._render("play", "#ffffff", 16, 1.0).toImage()


WARM_UP_PROBE = """
import json, sys
from ui import font_warm_up
fc = font_warm_up.start()
if fc is not None:
    fc.join(30)
seen = {"ctypes_package": "ctypes" in sys.modules}
import PySide6.QtCore as core, PySide6.QtGui as gui
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
font_warm_up.start_qt(app).join(30)
seen["qt_types"] = sorted(t for t in ("QFont", "QFontInfo") if t in vars(gui))
seen["qt_types"] += sorted(t for t in ("QSizeF", "QTransform") if t in vars(core) | vars(gui))
print(json.dumps(seen))
"""


def test_the_warm_up_threads_build_little_under_the_interpreter_lock():
    """What a warm-up thread runs in Python the GUI thread waits for (ui/font_warm_up.py):
    fontconfig is called without importing the ctypes package, and Qt's font database is
    reached without QFont's, QFontInfo's or QSizeF's Python types, which the first frame never
    needs."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", WARM_UP_PROBE], env=env, cwd=ROOT, check=True,
                         capture_output=True, text=True, timeout=60).stdout
    seen = json.loads(out.strip().splitlines()[-1])
    assert seen == {"ctypes_package": False, "qt_types": []}, seen


def test_fontconfig_is_called_as_ctypes_would_call_it():
    import ctypes
    import ctypes.util

    from ui import font_warm_up

    if sys.platform in ("win32", "darwin") or ctypes.util.find_library("fontconfig") is None:
        return
    version = font_warm_up._fontconfig_function("FcGetVersion")()
    assert version == ctypes.CDLL(font_warm_up.LIBRARY).FcGetVersion() > 0


COLLECTION_PROBE = """
import gc, json, sys
import PySide6.QtWidgets
from ui.main import show_first_frame
passes = []
gc.callbacks.append(lambda phase, info: phase == "start" and passes.append(info["generation"]))
app, window = show_first_frame()
before_paint = list(passes)
from ui.gui_thread_gc import collect_due, collection_on_gui_thread
seen = {"before_paint": before_paint, "gui_thread": collection_on_gui_thread(),
        "pending": gc.get_count()[0] > 0}
collect_due()  # what the GUI thread's timer does once the window is up
seen["collected_after"] = len(passes) > len(before_paint)
print(json.dumps(seen))
"""


def test_nothing_is_collected_before_the_first_paint_and_the_gui_thread_collects_after(tmp_path):
    """Everything made before the first paint lives as long as the app: the collector is held
    from the start of ui.main (ui/gui_thread_gc.hold_collection) and the GUI thread's timer
    collects once the window is up."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "REELROOM_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", COLLECTION_PROBE], env=env, cwd=ROOT,
                         check=True, capture_output=True, text=True, timeout=60).stdout
    seen = json.loads(out.strip().splitlines()[-1])
    assert seen == {"before_paint": [], "gui_thread": True, "pending": True,
                    "collected_after": True}, seen


def test_the_first_frames_sheet_holds_the_themes_rules_for_the_shell_only():
    """The first frame paints with the theme's rules for the docks and the empty panels (plus
    first-frame.qss); the rest, matched against every widget Qt polishes, comes right after
    (the pixels are compared with the plain sheet's in the test above)."""
    from ui import theme_data

    sheet = ("/* a { comment } */\nQLabel#panelPlaceholder, QLabel#other { color: red; }\n"
             "*[tone=\"error\"] { color: @error; }\n/* QDockWidget { x: y; } */\n"
             "QDockWidget::title { padding: 4px; }\nQGroupBox { font-weight: bold; }\n")
    assert theme_data.shell_rules(sheet) == (
        "QLabel#panelPlaceholder, QLabel#other { color: red; }\n"
        "QDockWidget::title { padding: 4px; }\n")
    for name in theme_data.THEMES:
        first = theme_data.first_frame_stylesheet(name)
        plain = theme_data.stylesheet_for(name)
        assert "tone" not in first and "tone" in plain
        assert "QLabel#panelPlaceholder { qproperty-alignment: AlignCenter; }" in first
        assert "QDockWidget::title { padding: 4px 6px; background: " in first
        assert "@" not in theme_data._without_comments(first)  # every role filled in


def test_a_warm_up_runs_on_its_own_thread_and_can_be_waited_for():
    import _thread

    from ui.font_warm_up import WarmUp

    go, ran_on = _thread.allocate_lock(), []
    go.acquire()

    def work():
        go.acquire()  # held by the test: the warm-up is still running meanwhile
        ran_on.append(_thread.get_ident())

    warm_up = WarmUp(work)
    assert warm_up.is_alive() and not warm_up.join(0.05)
    go.release()
    assert warm_up.join(30) and not warm_up.is_alive()
    assert ran_on and ran_on[0] != _thread.get_ident()
    assert warm_up.join(0)  # done stays done

    def fails():
        raise OSError("no such library")

    failed = WarmUp(fails)  # Qt does that work itself when it needs it
    assert failed.join(30) and not failed.is_alive()
    assert isinstance(failed.error, OSError) and warm_up.error is None


def test_waiting_for_the_first_paint_returns_once_the_window_has_painted(qtbot, qapp):
    """ui.first_paint knows the paint from the window's exposure: when it returns, Qt has
    delivered the window its paint event, and a second wait returns at once."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QWidget

    from ui.first_paint import is_painted, wait_until_painted

    class Paints(QObject):
        count = 0

        def eventFilter(self, watched, event):  # noqa: N802 (Qt API)
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    window = QWidget()
    qtbot.addWidget(window)
    paints = Paints()
    window.installEventFilter(paints)
    window.resize(320, 200)
    assert not is_painted(window)  # no native window yet
    window.show()
    assert paints.count == 0  # show() alone paints nothing: the loop must run
    assert wait_until_painted(window) and is_painted(window)
    assert paints.count >= 1
    assert wait_until_painted(window, timeout_ms=0)
    never_shown = QWidget()
    qtbot.addWidget(never_shown)
    assert not wait_until_painted(never_shown)  # nothing to wait for: says so at once
    window.hide()  # its native window stays, not to be exposed again
    qtbot.waitUntil(lambda: not is_painted(window))
    assert not wait_until_painted(window, timeout_ms=50)  # gives up after its timeout

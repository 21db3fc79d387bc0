"""PySide6's check of each module imported after it (does its source name PySide6?), made a
file read by ui/pyside_source_check.py: the same answer as PySide6's own, for every kind of
module, and the one PySide6's import hook really records."""

from __future__ import annotations

import importlib
import sys
import types

import PySide6.QtCore  # noqa: F401 (loads PySide6's feature module and its import hook)
import pytest

from ui import pyside_source_check


@pytest.fixture
def installed():
    """The file read in place for one test; PySide6's own check back afterwards."""
    feature = sys.modules[pyside_source_check.FEATURE_MODULE]
    before = feature._mod_uses_pyside
    pyside_check = getattr(before, "pyside_check", before)
    feature._mod_uses_pyside = pyside_check
    assert pyside_source_check.install() is True
    yield feature, pyside_check
    feature._mod_uses_pyside = before


def test_the_file_read_answers_as_pysides_own_check(installed, tmp_path):
    feature, pyside_check = installed
    missing = types.ModuleType("gone")
    missing.__file__ = str(tmp_path / "gone.py")  # as in a frozen build's archive: not on disk
    modules = [
        importlib.import_module("ui.main_window"),  # names PySide6
        importlib.import_module("app.paths"),  # does not
        importlib.import_module("json.decoder"),  # the standard library's source
        sys,  # built in
        sys.modules["PySide6.QtCore"],  # an extension module
        types.ModuleType("made_here"),  # no file at all
        missing,
    ]
    answers = [feature._mod_uses_pyside(m) for m in modules]
    assert answers == [pyside_check(m) for m in modules]
    assert answers == [True, False, False, False, False, False, False]


def test_pysides_import_hook_records_what_the_file_read_says(installed, tmp_path, monkeypatch):
    feature, _ = installed
    (tmp_path / "uses_qt_here.py").write_text("from PySide6 import QtCore\n", encoding="utf-8")
    (tmp_path / "plain_here.py").write_text("VALUE = 1  # no Qt\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("uses_qt_here", "plain_here"):
        monkeypatch.delitem(sys.modules, name, raising=False)
        feature.pyside_feature_dict.pop(name, None)
    import plain_here  # noqa: F401
    import uses_qt_here  # noqa: F401

    # 0: the module uses PySide6 (features may be switched in it); -1: PySide6 ignores it
    assert feature.pyside_feature_dict["uses_qt_here"] == 0
    assert feature.pyside_feature_dict["plain_here"] == -1
    for name in ("uses_qt_here", "plain_here"):
        sys.modules.pop(name, None)
        feature.pyside_feature_dict.pop(name, None)


def test_installing_twice_keeps_one_file_read(installed):
    feature, pyside_check = installed
    check = feature._mod_uses_pyside
    assert pyside_source_check.install() is False
    assert feature._mod_uses_pyside is check and check.pyside_check is pyside_check

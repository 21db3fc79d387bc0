"""ui/startup_json.loads reads before the first paint what json.loads reads, without the json
package: every value and every error is json's own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ui.startup_json import loads

ROOT = Path(__file__).resolve().parents[2]

SAMPLES = [
    '{"theme": "dark", "timeline_zoom": 1.5, "last_project": null, "recent": ["a", "b"]}',
    '  \n{"nested": {"deep": [1, -2, 3.25e2, true, false, null]}}\t\r\n',
    '{"escaped": "caf\\u00e9 \\"quoted\\" \\\\ \\n", "emoji": "\\ud83c\\udfac"}',
    '[NaN, Infinity, -Infinity]',
    '"just a string"',
    "123",
    "{}",
]
BAD = ["", "   ", "{bad", '{"a": 1} trailing', '{"a": 1,}', "[1, 2", "{'single': 1}",
       '{"a": "\x01 control"}']


@pytest.mark.parametrize("text", SAMPLES)
def test_values_are_what_json_reads(text):
    assert repr(loads(text)) == repr(json.loads(text))  # repr: NaN is not equal to itself
    assert repr(loads(text.encode("utf-8"))) == repr(json.loads(text.encode("utf-8")))


def test_the_shipped_themes_and_a_bom_file_read_as_json_reads_them():
    for path in sorted((ROOT / "resources" / "theme").glob("*.json")):
        assert loads(path.read_bytes()) == json.loads(path.read_bytes())
    with_bom = b"\xef\xbb\xbf" + b'{"theme": "light"}'
    assert loads(with_bom) == json.loads(with_bom) == {"theme": "light"}


@pytest.mark.parametrize("text", BAD)
def test_errors_are_jsons_errors(text):
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(text)
    with pytest.raises(json.JSONDecodeError) as got:
        loads(text)
    assert (got.value.msg, got.value.pos) == (expected.value.msg, expected.value.pos)


def test_reading_a_theme_and_the_setting_imports_no_json_package(tmp_path):
    settings = tmp_path / "config" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"theme": "light", "other": [1, 2]}), encoding="utf-8")
    probe = ("import sys\n"
             "from ui import theme_data\n"
             "print(theme_data.startup_preference(), sorted(theme_data.load('dark')),"
             " 'json' in sys.modules)\n")
    env = {**os.environ, "REELROOM_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", probe], env=env, cwd=ROOT, check=True,
                         capture_output=True, text=True, timeout=60).stdout.split()
    assert out == ["light", "['disabled',", "'name',", "'palette',", "'roles']", "False"], out

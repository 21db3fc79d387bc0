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
import json, sys
import PySide6.QtCore as core, PySide6.QtWidgets as widgets
from ui.main import show_first_frame
app, window = show_first_frame()
print(json.dumps({
    "painted": window._painted,
    "qt_namespace": "Qt" in vars(core),
    "qstyle": "QStyle" in vars(widgets),
    "modules": sorted(m for m in ("asyncio", "qasync", "app.services.studio", "sqlite3")
                      if m in sys.modules),
    "sheet": bool(app.styleSheet()),
}))
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
        assert not seen["qt_namespace"], "something before the first paint touched Qt.*"
        assert not seen["qstyle"], "something before the first paint touched QStyle"
        assert seen["modules"] == [], seen["modules"]

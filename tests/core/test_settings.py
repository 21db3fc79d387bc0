from __future__ import annotations

import json

from app.paths import resolve_paths
from app.settings import Settings, SettingsStore


def test_settings_round_trip_as_json(tmp_path):
    store = SettingsStore(tmp_path / "settings.json")
    s = store.load()
    s.theme = "dark"
    s.providers["openai"].concurrency = 5
    s.providers["platform"].base_url = "http://127.0.0.1:9999"
    store.save(s)
    again = SettingsStore(tmp_path / "settings.json").load()
    assert again.theme == "dark"
    assert again.provider("openai").concurrency == 5
    assert again.provider("platform").base_url == "http://127.0.0.1:9999"
    assert json.loads((tmp_path / "settings.json").read_text())["version"] == 1


def test_unreadable_or_newer_settings_are_kept_aside(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 99, "theme": "dark"}))
    store = SettingsStore(path)
    assert store.load() == Settings()
    assert "newer Reelroom" in store.problem
    kept = [p for p in tmp_path.iterdir() if "unreadable" in p.name]
    assert len(kept) == 1 and json.loads(kept[0].read_text())["version"] == 99


def test_reelroom_home_moves_every_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("REELROOM_HOME", str(tmp_path / "portable"))
    paths = resolve_paths()
    for p in (paths.data, paths.config, paths.cache, paths.logs):
        assert p.is_relative_to(tmp_path / "portable")

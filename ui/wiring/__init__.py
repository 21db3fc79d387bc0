"""Feature wiring: each module here puts one feature (its panel, menu entries and signal
connections) into the main window once the studio is attached. Keeping each feature's glue in
its own module keeps `ui/main_window.py` a shell and lets features be read one at a time."""

from __future__ import annotations

import importlib

# Order matters: later features may use what earlier ones put on the window (`window.queue`).
FEATURES = ("queue", "storyboard", "library", "takes", "media", "export", "interchange")


def attach_features(window) -> None:
    for name in FEATURES:
        importlib.import_module(f"ui.wiring.{name}").attach(window)

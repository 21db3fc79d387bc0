"""The screenshot tool (tests/support/screenshots.py) captures every dock and dialog in both
themes, and each theme looks like itself: the dark one dark, the light one light."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QImage

from tests.support.qt_loop import studio_window
from tests.support.screenshots import capture, populate


def _mean_luma(path: Path) -> float:
    image = QImage(str(path)).scaled(64, 40)
    total = 0.0
    for y in range(image.height()):
        for x in range(image.width()):
            c = QColor(image.pixel(x, y))
            total += 0.2126 * c.redF() + 0.7152 * c.greenF() + 0.0722 * c.blueF()
    return total / (image.width() * image.height())


def test_every_dock_and_dialog_in_both_themes(qtbot, reelroom_home, running_loop, tmp_path):
    for window in studio_window(qtbot):
        populate(window, tmp_path / "media")
        saved = capture(window, tmp_path / "shots")
    names = {p.name for p in saved if p.parent.name == "dark"}
    assert names == {p.name for p in saved if p.parent.name == "light"}
    assert {f"dock_{k}.png" for k in ("timeline", "inspector", "queue", "player", "media")} <= names
    assert {f"dialog_{n}.png" for n in (
        "settings", "services", "diagnostics", "project_picker", "templates", "template_delete",
        "elements", "script_to_shots", "enhance_prompt", "edit_on_platform", "export_film",
        "edit_take", "compare_takes", "shortcuts", "about", "n_takes", "queue_confirm",
        "queue_notice", "library_error", "settings_problem", "sound_add_track", "take_volume",
        "cue_editor", "file_import", "media_remove", "cannot_open", "service_history",
        "audio_clip")} <= names
    for name in names - {"dock_player.png"}:  # the player is black in both: it is the picture
        dark, light = _mean_luma(tmp_path / "shots" / "dark" / name), \
            _mean_luma(tmp_path / "shots" / "light" / name)
        assert dark < 0.3 and light > dark + 0.3, (name, dark, light)

"""Theme icons are built once per colouring and handed out as copies: an icon asked for again
draws exactly what a freshly built one draws, follows a change of theme, and a caller that
adds to its copy changes nobody else's."""

from __future__ import annotations

from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QApplication

from ui import theme


def _fresh(name: str) -> QIcon:
    """What `theme.icon` built before it kept them: made now, from the pixmaps."""
    roles = theme.load(theme.current())["roles"]
    normal = roles[theme._ICON_ROLES.get(name, "icon")]
    active = roles["icon-active"] if name not in theme._ICON_ROLES else normal
    return theme._icon.__wrapped__(name, normal, active, roles["icon-disabled"],
                                   QApplication.instance().devicePixelRatio())


def _drawn(icon: QIcon) -> list:
    return [icon.pixmap(size, mode).toImage()
            for size in (16, 24, 48)
            for mode in (QIcon.Mode.Normal, QIcon.Mode.Active, QIcon.Mode.Disabled)]


def test_a_kept_icon_draws_what_a_fresh_one_draws_in_either_theme(qapp):
    before = theme.current()
    try:
        for name in ("dark", "light"):
            theme.apply_theme(qapp, name)
            for icon_name in ("play", "warning"):
                theme.icon(icon_name)
                assert _drawn(theme.icon(icon_name)) == _drawn(_fresh(icon_name))
        theme.apply_theme(qapp, "dark")
        dark = _drawn(theme.icon("play"))
        theme.apply_theme(qapp, "light")
        assert _drawn(theme.icon("play")) != dark
    finally:
        theme.apply_theme(qapp, before)


def test_changing_a_handed_out_icon_leaves_the_next_one_alone(qapp):
    mine = theme.icon("stop")
    red = QPixmap(64, 64)
    red.fill("red")
    mine.addPixmap(red, QIcon.Mode.Normal)
    assert _drawn(theme.icon("stop")) == _drawn(_fresh("stop"))
    assert mine.availableSizes() != theme.icon("stop").availableSizes()
